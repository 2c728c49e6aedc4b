import { EngineError } from '@dynascope/engine';
import { errorResponse } from './backend-messages';
import type { ClientEncoding } from './client-encoding';

/**
 * Backend messages (framed, one or more in `bytes`, their text UTF-8 as backend-messages.ts writes
 * it) with their text in the client's encoding, as Postgres converts what it sends: ParameterStatus,
 * CommandComplete, RowDescription's names, ErrorResponse and NoticeResponse fields, a COPY's
 * CopyData, NotificationResponse. DataRow values are the client's already (row-values.ts: a binary
 * value's bytes are no text to convert); other messages hold none. A character the encoding has not
 * is 22P05, thrown; an ErrorResponse's becomes that error, as Postgres sends it in place of the one
 * it could not convert.
 *   LATIN1: CommandComplete 'SELECT 1', RowDescription 'café' → the same messages, 'café' in 4 bytes
 *   LATIN1: RowDescription '€' → 22P05 character with byte sequence 0xe2 0x82 0xac in encoding "UTF8" has no equivalent in encoding "LATIN1"
 */
export function inClientEncoding(bytes: Buffer, encoding: ClientEncoding): Buffer {
  if (encoding.utf8 || !needsConverting(bytes)) return bytes;
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const end = at + 1 + bytes.readInt32BE(at + 1);
    out.push(converted(bytes.subarray(at, end), encoding));
    at = end;
  }
  return Buffer.concat(out);
}

/** Whether any byte is past ASCII (every encoding Postgres has writes ASCII as ASCII). */
function needsConverting(bytes: Buffer): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

/** One message, converted. */
function converted(message: Buffer, encoding: ClientEncoding): Buffer {
  const type = String.fromCharCode(message[0]!);
  const body = message.subarray(5);
  switch (type) {
    case 'S':
    case 'C':
      return framed(type, cstrings(body, 0, body.length, encoding));
    case 'd':
      return framed(type, Buffer.from(encoding.fromUtf8(body)));
    case 'T': {
      const parts: Buffer[] = [body.subarray(0, 2)];
      let at = 2;
      for (let i = body.readInt16BE(0); i > 0; i--) {
        const end = body.indexOf(0, at);
        parts.push(encoding.encode(body.toString('utf8', at, end)), body.subarray(end, end + 19));
        at = end + 19;
      }
      return framed(type, Buffer.concat(parts));
    }
    case 'A':
      return framed(type, Buffer.concat([body.subarray(0, 4), cstrings(body, 4, body.length, encoding)]));
    case 'E':
      try {
        return framed(type, fields(body, encoding));
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        const fatal = body.includes(Buffer.from('SFATAL\0'));
        return errorResponse({ code: e.sqlstate, message: e.message }, fatal ? 'FATAL' : 'ERROR');
      }
    case 'N':
      return framed(type, fields(body, encoding));
    default:
      return message;
  }
}

/** The NUL-terminated strings of `body` from `at` to `end`, converted. */
function cstrings(body: Buffer, at: number, end: number, encoding: ClientEncoding): Buffer {
  const parts: Buffer[] = [];
  while (at < end) {
    const stop = body.indexOf(0, at);
    parts.push(encoding.encode(body.toString('utf8', at, stop)), Buffer.from([0]));
    at = stop + 1;
  }
  return Buffer.concat(parts);
}

/** An ErrorResponse's or NoticeResponse's fields: a type byte, then its text; a NUL ends them. */
function fields(body: Buffer, encoding: ClientEncoding): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (body[at]) {
    const stop = body.indexOf(0, at + 1);
    parts.push(
      body.subarray(at, at + 1),
      encoding.encode(body.toString('utf8', at + 1, stop)),
      Buffer.from([0]),
    );
    at = stop + 1;
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

function framed(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}
