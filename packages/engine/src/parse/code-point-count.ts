/**
 * Characters (code points) in `text.slice(from, to)`: how Postgres counts an error's position, where
 * a JavaScript string index counts UTF-16 code units. `codePointCount('😀 x')` → 3 (its length is 4).
 */
export function codePointCount(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    count++;
    if (text.codePointAt(i)! >= 0x10000 && i + 1 < to) i++;
  }
  return count;
}

/**
 * The string index after the first `chars` characters (code points) of `text`, codePointCount's
 * inverse: `indexAfterCodePoints('😀 x', 2)` → 3. Past the text's end, each character counts one.
 */
export function indexAfterCodePoints(text: string, chars: number): number {
  let i = 0;
  for (let n = 0; n < chars; n++) i += i < text.length && text.codePointAt(i)! >= 0x10000 ? 2 : 1;
  return i;
}
