import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { encodingName, EngineError } from '@dynascope/engine';

/**
 * A connection's client encoding (`client_encoding`, at start-up or by SET): the text the client
 * sends is read in it, what goes back is written in it, as Postgres converts between the client's
 * encoding and the server's UTF8. The engine's text is UTF-8 throughout.
 */
export interface ClientEncoding {
  /** Its name as Postgres reports it (ParameterStatus): UTF8, LATIN1, WIN1252, ... */
  readonly name: string;
  /** Whether the client's text is UTF-8 (UTF8, SQL_ASCII): what goes out needs no converting. */
  readonly utf8: boolean;
  /**
   * The client's bytes as text: 22021 for bytes that are no character of the encoding (a NUL
   * included, as Postgres has it), 22P05 for a character UTF8 has not.
   *   LATIN1: 63 61 66 e9 → 'café';  UTF8: 63 61 66 e9 27 3b → 22021 invalid byte sequence for encoding "UTF8": 0xe9 0x27 0x3b
   */
  decode(bytes: Uint8Array): string;
  /** Text as the client's bytes: 22P05 for a character the encoding has not ('€' in LATIN1). */
  encode(text: string): Buffer;
  /** COPY data the client sends → UTF-8, as `decode` reads it (a chunk at a time: no character spans two). */
  toUtf8(bytes: Uint8Array): Uint8Array;
  /** UTF-8 text (a COPY record) → the client's bytes, as `encode` writes it. */
  fromUtf8(bytes: Uint8Array): Uint8Array;
}

const hex = (bytes: Iterable<number>) =>
  Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');

/** Postgres's report_invalid_encoding: the bad character's bytes, as many as its first byte says (8 at most). */
function invalidBytes(encoding: string, bytes: Uint8Array, at: number, length: number): EngineError {
  const shown = bytes.subarray(at, at + Math.min(length, 8));
  return new EngineError('22021', `invalid byte sequence for encoding "${encoding}": ${hex(shown)}`);
}

/** Postgres's report_untranslatable_char. */
function untranslatable(bytes: Iterable<number>, from: string, to: string): EngineError {
  return new EngineError(
    '22P05',
    `character with byte sequence ${hex(bytes)} in encoding "${from}" has no equivalent in encoding "${to}"`,
  );
}

/** The length of a UTF-8 character by its first byte, as Postgres's pg_utf_mblen (1 for a byte no character starts with). */
function utf8Length(first: number): number {
  if (first < 0x80) return 1;
  if ((first & 0xe0) === 0xc0) return 2;
  if ((first & 0xf0) === 0xe0) return 3;
  if ((first & 0xf8) === 0xf0) return 4;
  return 1;
}

/**
 * Where the first character that is not valid UTF-8 starts, as Postgres's pg_utf8_islegal checks it
 * (no overlong forms, surrogates or code points past U+10FFFF) and NUL, which no text may hold; -1
 * when every one is.
 */
export function invalidUtf8At(bytes: Uint8Array): number {
  if (isUtf8(bytes) && !bytes.includes(0)) return -1;
  for (let i = 0; i < bytes.length;) {
    const first = bytes[i]!;
    const length = first === 0 ? 0 : utf8Length(first);
    if (!legalUtf8(bytes, i, length)) return i;
    i += length;
  }
  return -1;
}

function legalUtf8(bytes: Uint8Array, at: number, length: number): boolean {
  if (length === 0 || at + length > bytes.length) return false;
  if (length === 1) return bytes[at]! < 0x80;
  const first = bytes[at]!;
  for (let i = 1; i < length; i++) {
    const b = bytes[at + i]!;
    if (b < 0x80 || b > 0xbf) return false;
  }
  const second = bytes[at + 1]!;
  if (length === 2) return first >= 0xc2;
  if (length === 3) return first === 0xe0 ? second >= 0xa0 : first === 0xed ? second <= 0x9f : true;
  return first === 0xf0 ? second >= 0x90 : first === 0xf4 ? second <= 0x8f : first < 0xf4;
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** UTF8, and SQL_ASCII, which Postgres converts nothing for but checks as the server's UTF8 on the way in. */
class Utf8Encoding implements ClientEncoding {
  readonly utf8 = true;

  constructor(readonly name: string) {}

  decode(bytes: Uint8Array): string {
    const bad = invalidUtf8At(bytes);
    if (bad >= 0) throw invalidBytes('UTF8', bytes, bad, utf8Length(bytes[bad]!));
    return asBuffer(bytes).toString('utf8');
  }

  encode(text: string): Buffer {
    return Buffer.from(text, 'utf8');
  }

  // COPY data goes on as it is: the host's COPY checks it, naming the line.
  toUtf8(bytes: Uint8Array): Uint8Array {
    return bytes;
  }

  fromUtf8(bytes: Uint8Array): Uint8Array {
    return bytes;
  }
}

/**
 * Postgres's single-byte encodings as iconv-lite names them. Its tables are Postgres's, both ways,
 * byte for byte (checked against PostgreSQL 15's convert_from/convert_to over every byte and every
 * BMP character) but for NOT_IN_POSTGRES.
 */
const SINGLE_BYTE: Readonly<Record<string, string>> = {
  LATIN1: 'iso88591',
  LATIN2: 'iso88592',
  LATIN3: 'iso88593',
  LATIN4: 'iso88594',
  LATIN5: 'iso88599',
  LATIN6: 'iso885910',
  LATIN7: 'iso885913',
  LATIN8: 'iso885914',
  LATIN9: 'iso885915',
  LATIN10: 'iso885916',
  ISO_8859_5: 'iso88595',
  ISO_8859_6: 'iso88596',
  ISO_8859_7: 'iso88597',
  ISO_8859_8: 'iso88598',
  WIN1250: 'cp1250',
  WIN1251: 'cp1251',
  WIN1252: 'cp1252',
  WIN1253: 'cp1253',
  WIN1254: 'cp1254',
  WIN1255: 'cp1255',
  WIN1256: 'cp1256',
  WIN1257: 'cp1257',
  WIN1258: 'cp1258',
  WIN866: 'cp866',
  WIN874: 'cp874',
  KOI8R: 'koi8r',
  KOI8U: 'koi8u',
};

/** Bytes iconv-lite maps that Postgres's tables leave out: WIN1255's 0xCA (U+05BA, added to cp1255 later). */
const NOT_IN_POSTGRES: Readonly<Record<string, readonly number[]>> = { WIN1255: [0xca] };

const NO_CHARACTER = '\ufffd';

class SingleByteEncoding implements ClientEncoding {
  readonly utf8 = false;
  /** Each byte's character, NO_CHARACTER where it has none. */
  private readonly chars: string[];
  /** Each UTF-16 code unit's byte, -1 where the encoding has none. */
  private readonly bytes = new Int16Array(0x10000).fill(-1);

  constructor(
    readonly name: string,
    private readonly iconvName: string,
  ) {
    this.chars = [...iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, b) => b)), iconvName)];
    for (const b of NOT_IN_POSTGRES[name] ?? []) this.chars[b] = NO_CHARACTER;
    this.chars.forEach((c, b) => {
      if (c !== NO_CHARACTER) this.bytes[c.charCodeAt(0)] = b;
    });
  }

  decode(bytes: Uint8Array): string {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === 0) throw invalidBytes(this.name, bytes, i, 1);
      if (this.chars[b] === NO_CHARACTER) throw untranslatable([b], this.name, 'UTF8');
    }
    return iconv.decode(asBuffer(bytes), this.iconvName);
  }

  encode(text: string): Buffer {
    const out = Buffer.allocUnsafe(text.length);
    for (let i = 0; i < text.length; i++) {
      const b = this.bytes[text.charCodeAt(i)]!;
      if (b < 0)
        throw untranslatable(Buffer.from(String.fromCodePoint(text.codePointAt(i)!)), 'UTF8', this.name);
      out[i] = b;
    }
    return out;
  }

  toUtf8(bytes: Uint8Array): Uint8Array {
    return Buffer.from(this.decode(bytes), 'utf8');
  }

  fromUtf8(bytes: Uint8Array): Uint8Array {
    return this.encode(asBuffer(bytes).toString('utf8'));
  }
}

const made = new Map<string, ClientEncoding>();

/** The server's own encoding, every connection's until it asks for another. */
export const UTF8: ClientEncoding = new Utf8Encoding('UTF8');

/**
 * The encoding a client_encoding names (its value as SET leaves it: `LATIN1`, `UNICODE`); the
 * engine refuses, at SET, any the wire cannot convert (CLIENT_ENCODINGS). Undefined for those.
 *   'LATIN1' → LATIN1's tables;  'SQL_ASCII' → UTF-8 checked, nothing converted
 */
export function clientEncoding(name: string): ClientEncoding | undefined {
  const own = encodingName(name);
  if (!own) return undefined;
  let encoding = made.get(name);
  if (!encoding) {
    if (own === 'UTF8' || own === 'SQL_ASCII') encoding = name === 'UTF8' ? UTF8 : new Utf8Encoding(name);
    else if (SINGLE_BYTE[own]) encoding = new SingleByteEncoding(own, SINGLE_BYTE[own]);
    else return undefined;
    made.set(name, encoding);
  }
  return encoding;
}
