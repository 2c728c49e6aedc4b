/** Bytes of the JSON DynamoDB writes, as the page readers (chunked-items.ts, decode-item.ts) look for them. */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;

/** Bytes of a string read one by one before the rest is searched with indexOf. */
const SHORT_STRING = 24;

/**
 * Where the JSON string whose contents start at `start` ends (its closing quote; the body's length if
 * none). Most strings of a DynamoDB page are short (names, numbers, `S`/`N`): their first
 * `SHORT_STRING` bytes are read one by one (an escape skips the byte after it); a longer string's rest
 * is searched with indexOf for the next quote not escaped — one an even number of backslashes
 * precedes (`\\"` ends the string, `\\\"` does not).
 */
export function stringEnd(body: Buffer, start: number): number {
  const stop = Math.min(start + SHORT_STRING, body.length);
  let i = start;
  for (; i < stop; i++) {
    const c = body[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) i++;
  }
  // `i` is past any escape begun before it: backslashes are counted back to it, no further.
  const from = i;
  for (let q = body.indexOf(QUOTE, from); q >= 0; q = body.indexOf(QUOTE, q + 1)) {
    let backslashes = 0;
    while (q - backslashes - 1 >= from && body[q - backslashes - 1] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return body.length;
}
