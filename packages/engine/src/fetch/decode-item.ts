import type { AttributeValue } from '@aws-sdk/client-dynamodb';

import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  stringEnd,
} from './json-bytes';

type Item = Record<string, AttributeValue>;

const LETTER_T = 0x74;
const LETTER_F = 0x66;

/** Thrown inside the decoder at anything it does not read itself; `decodeItem` then answers null. */
class Unread extends Error {}
const UNREAD = new Unread();

/**
 * One item of a Scan or Query page, read from its bytes (`body[start, end)`, a JSON object such as
 * `{"kind":{"S":"click"},"n":{"N":"12.5"}}`) into what `JSON.parse` and the SDK make of it — binary
 * values (`B`, `BS`) as bytes — or null for anything it does not read itself (whitespace, an attribute
 * value of more or other members than DynamoDB writes), which the caller then parses with JSON.parse.
 * Names are interned (a page repeats them on every item) and plain ASCII text is copied without
 * UTF-8 decoding; text with an escape goes through JSON.parse, the rest through UTF-8 decoding, so
 * every string is what JSON.parse makes of it. About a third of JSON.parse's time on narrow items.
 */
export function decodeItem(body: Buffer, start: number, end: number): Item | null {
  const reader = READER;
  reader.body = body;
  reader.at = start;
  let item: Item | null = null;
  try {
    item = reader.map();
    if (reader.at !== end) item = null;
  } catch (e) {
    if (!(e instanceof Unread)) throw e;
  }
  reader.body = EMPTY;
  return item;
}

const EMPTY: Buffer = Buffer.alloc(0);

/** Where in which body the decoder is (one for all: decoding never waits, so never interleaves). */
class Reader {
  body: Buffer = EMPTY;
  at = 0;

  /** `{"name":<value>,...}` → the names' attribute values. */
  map(): Item {
    const b = this.body;
    this.expect(OPEN_BRACE);
    const out: Item = {};
    if (b[this.at] === CLOSE_BRACE) {
      this.at++;
      return out;
    }
    for (;;) {
      if (b[this.at] !== QUOTE) throw UNREAD;
      const name = this.name();
      // JSON.parse makes "__proto__" an own member; an assignment would set the prototype.
      if (name === '__proto__') throw UNREAD;
      this.expect(COLON);
      out[name] = this.value();
      const c = b[this.at++];
      if (c === CLOSE_BRACE) return out;
      if (c !== COMMA) throw UNREAD;
    }
  }

  /** `{"T":<x>}` → the attribute value of type T. */
  value(): AttributeValue {
    const b = this.body;
    this.expect(OPEN_BRACE);
    this.expect(QUOTE);
    const from = this.at;
    const to = stringEnd(b, from);
    this.at = to + 1;
    this.expect(COLON);
    const type = to - from === 1 ? String.fromCharCode(b[from]!) : b.toString('latin1', from, to);
    let value: AttributeValue;
    switch (type) {
      case 'S':
        value = { S: this.string() };
        break;
      case 'N':
        value = { N: this.string() };
        break;
      case 'BOOL':
        value = { BOOL: this.boolean() };
        break;
      case 'NULL':
        value = { NULL: this.boolean() as true };
        break;
      case 'M':
        value = { M: this.map() };
        break;
      case 'L':
        value = { L: this.list(() => this.value()) };
        break;
      case 'SS':
        value = { SS: this.list(() => this.string()) };
        break;
      case 'NS':
        value = { NS: this.list(() => this.string()) };
        break;
      case 'B':
        value = { B: bytes(this.string()) };
        break;
      case 'BS':
        value = { BS: this.list(() => bytes(this.string())) };
        break;
      default:
        throw UNREAD;
    }
    this.expect(CLOSE_BRACE);
    return value;
  }

  list<T>(element: () => T): T[] {
    const b = this.body;
    this.expect(OPEN_BRACKET);
    const out: T[] = [];
    if (b[this.at] === CLOSE_BRACKET) {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(element());
      const c = b[this.at++];
      if (c === CLOSE_BRACKET) return out;
      if (c !== COMMA) throw UNREAD;
    }
  }

  boolean(): boolean {
    const b = this.body;
    const c = b[this.at];
    if (c === LETTER_T && b.toString('latin1', this.at, this.at + 4) === 'true') {
      this.at += 4;
      return true;
    }
    if (c === LETTER_F && b.toString('latin1', this.at, this.at + 5) === 'false') {
      this.at += 5;
      return false;
    }
    throw UNREAD;
  }

  /** A JSON string → its text, exactly as JSON.parse reads it. */
  string(): string {
    this.expect(QUOTE);
    const from = this.at;
    const to = stringEnd(this.body, from);
    this.at = to + 1;
    return jsonText(this.body, from, to);
  }

  /** An attribute name, interned. */
  name(): string {
    this.expect(QUOTE);
    const from = this.at;
    const to = stringEnd(this.body, from);
    this.at = to + 1;
    return NAMES.get(this.body, from, to);
  }

  expect(c: number): void {
    if (this.body[this.at] !== c) throw UNREAD;
    this.at++;
  }
}

/**
 * Bytes of ASCII text made in JavaScript (String.fromCharCode of the bytes) rather than copied by
 * `Buffer#toString`, whose call into C++ costs more than the copy for the short texts most values are
 * (`click`, `1234.56`): ~30% of an item's decoding.
 */
const SHORT_TEXT = 12;

/** The text of `body[from, to)`, a JSON string's contents: ASCII copied, escapes read by JSON.parse. */
export function jsonText(b: Buffer, from: number, to: number): string {
  if (to - from > SHORT_TEXT) return copied(b, from, to);
  const codes = CODES[to - from]!;
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c === BACKSLASH || c > 0x7f) return copied(b, from, to);
    codes[i - from] = c;
  }
  return String.fromCharCode.apply(null, codes);
}

/** A short text's bytes, by its length: one array each, reused (decoding never interleaves), so no garbage but the string. */
const CODES: number[][] = Array.from({ length: SHORT_TEXT + 1 }, (_, n) => new Array<number>(n).fill(0));

/** `text` by `Buffer#toString`: ASCII as latin1, the rest as UTF-8, escapes read by JSON.parse. */
function copied(b: Buffer, from: number, to: number): string {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c === BACKSLASH) return JSON.parse(b.toString('utf8', from - 1, to + 1)) as string;
    if (c > 0x7f) {
      for (let j = i + 1; j < to; j++) {
        if (b[j] === BACKSLASH) return JSON.parse(b.toString('utf8', from - 1, to + 1)) as string;
      }
      return b.toString('utf8', from, to);
    }
  }
  return b.toString('latin1', from, to);
}

/** Base64 text → bytes, as the SDK gives binary values. */
function bytes(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/**
 * Attribute names already read, by a hash of their bytes: a name found again is the same string, not
 * a new one. A slot holds the last name hashed to it (a table with many names just interns fewer).
 */
class NameTable {
  private readonly slots: ({ bytes: Buffer; text: string } | undefined)[] = new Array(256);

  get(b: Buffer, from: number, to: number): string {
    const length = to - from;
    if (length === 0) return '';
    const slot = (length * 31 + b[from]! * 7 + b[to - 1]!) & 255;
    const known = this.slots[slot];
    if (known && known.bytes.length === length) {
      let same = true;
      for (let i = 0; i < length; i++)
        if (known.bytes[i] !== b[from + i]) {
          same = false;
          break;
        }
      if (same) return known.text;
    }
    const name = jsonText(b, from, to);
    this.slots[slot] = { bytes: Buffer.from(b.subarray(from, to)), text: name };
    return name;
  }
}

const NAMES = new NameTable();
const READER = new Reader();
