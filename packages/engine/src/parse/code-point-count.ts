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
