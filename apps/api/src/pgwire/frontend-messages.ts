import type { ClientEncoding } from './client-encoding';

/** The messages a client sends after start-up, their text fields of type `Text`. */
type Message<Text> =
  | { readonly type: 'Query'; readonly sql: Text }
  | { readonly type: 'Parse'; readonly name: Text; readonly sql: Text; readonly paramOids: number[] }
  | {
      readonly type: 'Bind';
      readonly portal: Text;
      readonly statement: Text;
      readonly paramFormats: number[];
      /** As sent: a text value is read in the client's encoding with its type (prepared-sql.ts). */
      readonly params: (Buffer | null)[];
      readonly resultFormats: number[];
    }
  | { readonly type: 'Describe'; readonly target: 'S' | 'P'; readonly name: Text }
  | { readonly type: 'Execute'; readonly portal: Text; readonly maxRows: number }
  | { readonly type: 'Close'; readonly target: 'S' | 'P'; readonly name: Text }
  | { readonly type: 'Sync' }
  | { readonly type: 'Flush' }
  /** As sent: the connection converts a COPY's data as it passes it on (client-encoding.ts toUtf8). */
  | { readonly type: 'CopyData'; readonly bytes: Buffer }
  | { readonly type: 'CopyDone' }
  | { readonly type: 'CopyFail'; readonly message: Text }
  | { readonly type: 'Terminate' }
  | { readonly type: 'Other'; readonly code: string };

/** A message as it is served: its text read in the connection's client encoding. */
export type FrontendMessage = Message<string>;

/**
 * A message as it came, its text the client's bytes: the connection reads them when it serves it
 * (decodeFrontendMessage), in the client encoding then in force, as Postgres does (a SET
 * client_encoding before it changes how).
 */
export type ReceivedMessage = Message<Buffer>;

/** Reads a message's fields in order (pg-gateway frames the messages; it reads only the start-up ones). */
class Fields {
  private at = 5;
  constructor(private readonly data: Buffer) {}
  int16 = () => this.step(2, this.data.readInt16BE(this.at));
  int32 = () => this.step(4, this.data.readInt32BE(this.at));
  uint32 = () => this.step(4, this.data.readUInt32BE(this.at));
  byte = () => this.step(1, this.data[this.at]!);
  /** A copy of the bytes up to the next NUL: pg-gateway reuses its buffer for the next data. */
  cstring = (): Buffer => {
    const end = this.data.indexOf(0, this.at);
    const stop = end < 0 ? this.data.length : end;
    const bytes = Buffer.from(this.data.subarray(this.at, stop));
    this.at = stop + 1;
    return bytes;
  };
  bytes = (length: number): Buffer => {
    const bytes = Buffer.from(this.data.subarray(this.at, this.at + length));
    this.at += length;
    return bytes;
  };
  private step<T>(length: number, value: T): T {
    this.at += length;
    return value;
  }
}

const list = <T>(count: number, read: () => T): T[] => Array.from({ length: count }, read);

/** Reads one framed message (type byte, length, body); its text stays the client's bytes. */
export function readFrontendMessage(message: Uint8Array): ReceivedMessage {
  const data = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const r = new Fields(data);
  const code = String.fromCharCode(data[0]!);
  switch (code) {
    case 'Q':
      return { type: 'Query', sql: r.cstring() };
    case 'P': {
      const name = r.cstring();
      const sql = r.cstring();
      return { type: 'Parse', name, sql, paramOids: list(r.int16(), () => r.uint32()) };
    }
    case 'B': {
      const portal = r.cstring();
      const statement = r.cstring();
      const paramFormats = list(r.int16(), () => r.int16());
      const params = list(r.int16(), () => {
        const length = r.int32();
        return length < 0 ? null : r.bytes(length);
      });
      return {
        type: 'Bind',
        portal,
        statement,
        paramFormats,
        params,
        resultFormats: list(r.int16(), () => r.int16()),
      };
    }
    case 'D':
    case 'C': {
      const target = String.fromCharCode(r.byte()) === 'S' ? 'S' : 'P';
      return { type: code === 'D' ? 'Describe' : 'Close', target, name: r.cstring() };
    }
    case 'E':
      return { type: 'Execute', portal: r.cstring(), maxRows: r.int32() };
    case 'S':
      return { type: 'Sync' };
    case 'H':
      return { type: 'Flush' };
    case 'd':
      return { type: 'CopyData', bytes: Buffer.from(data.subarray(5)) };
    case 'c':
      return { type: 'CopyDone' };
    case 'f':
      return { type: 'CopyFail', message: r.cstring() };
    case 'X':
      return { type: 'Terminate' };
    default:
      return { type: 'Other', code };
  }
}

/**
 * A received message's text read in the client's encoding: the SQL of a Query or Parse, the names
 * of statements and portals, a CopyFail's message. Bytes that are not text of the encoding are
 * Postgres's 22021 (22P05 for a character UTF8 has not), thrown: the message's error.
 *   UTF8: Query 73 65 6c 65 63 74 20 27 e9 27 → 22021 invalid byte sequence for encoding "UTF8": 0xe9 0x27
 */
export function decodeFrontendMessage(m: ReceivedMessage, encoding: ClientEncoding): FrontendMessage {
  const text = (bytes: Buffer) => encoding.decode(bytes);
  switch (m.type) {
    case 'Query':
      return { type: 'Query', sql: text(m.sql) };
    case 'Parse':
      return { ...m, name: text(m.name), sql: text(m.sql) };
    case 'Bind':
      return { ...m, portal: text(m.portal), statement: text(m.statement) };
    case 'Describe':
    case 'Close':
      return { ...m, name: text(m.name) };
    case 'Execute':
      return { ...m, portal: text(m.portal) };
    case 'CopyFail':
      return { type: 'CopyFail', message: text(m.message) };
    default:
      return m;
  }
}

/** Whether a received message's name (a portal's, a statement's) is `name`, in the client's encoding. */
export function namedAs(bytes: Buffer, name: string, encoding: ClientEncoding): boolean {
  try {
    return encoding.decode(bytes) === name;
  } catch {
    return false;
  }
}

/**
 * A CopyFail's reason, which the COPY's error repeats: read in the client's encoding, or as UTF-8
 * where it is none of it (the COPY fails all the same).
 */
export function copyFailMessage(bytes: Buffer, encoding: ClientEncoding): string {
  try {
    return encoding.decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** A parameter's or result column's format code: one code applies to all, none means text. */
export function formatAt(formats: readonly number[], index: number): 0 | 1 {
  const f = formats.length === 1 ? formats[0] : formats[index];
  return f === 1 ? 1 : 0;
}
