import { BufferReader } from 'pg-protocol/dist/buffer-reader';

/**
 * The extended-protocol messages a client sends after start-up, read field by field with
 * pg-protocol's reader (pg-gateway frames the messages; it reads only the start-up ones).
 */
export type FrontendMessage =
  | { readonly type: 'Query'; readonly sql: string }
  | { readonly type: 'Parse'; readonly name: string; readonly sql: string; readonly paramOids: number[] }
  | {
      readonly type: 'Bind';
      readonly portal: string;
      readonly statement: string;
      readonly paramFormats: number[];
      readonly params: (Buffer | null)[];
      readonly resultFormats: number[];
    }
  | { readonly type: 'Describe'; readonly target: 'S' | 'P'; readonly name: string }
  | { readonly type: 'Execute'; readonly portal: string; readonly maxRows: number }
  | { readonly type: 'Close'; readonly target: 'S' | 'P'; readonly name: string }
  | { readonly type: 'Sync' }
  | { readonly type: 'Flush' }
  | { readonly type: 'CopyData'; readonly bytes: Buffer }
  | { readonly type: 'CopyDone' }
  | { readonly type: 'CopyFail'; readonly message: string }
  | { readonly type: 'Terminate' }
  | { readonly type: 'Other'; readonly code: string };

const list = <T>(count: number, read: () => T): T[] => Array.from({ length: count }, read);

/** Reads one framed message (type byte, length, body). */
export function readFrontendMessage(message: Uint8Array): FrontendMessage {
  const data = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  // Values kept beyond this call are copied: pg-gateway reuses its buffer for the next data.
  const r = new BufferReader();
  r.setBuffer(5, data);
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
        return length < 0 ? null : Buffer.from(r.bytes(length));
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

/** A parameter's or result column's format code: one code applies to all, none means text. */
export function formatAt(formats: readonly number[], index: number): 0 | 1 {
  const f = formats.length === 1 ? formats[0] : formats[index];
  return f === 1 ? 1 : 0;
}
