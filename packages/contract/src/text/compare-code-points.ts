/**
 * Orders strings by Unicode code point, which is how Postgres orders text under the C collation
 * (UTF-8 byte order) — not by `localeCompare`, whose order depends on the locale, nor by JavaScript's
 * `<`, which compares UTF-16 code units. One rule for the engine's streaming evaluation and the web grid.
 * `compareCodePoints('B', 'a')` → -1; `compareCodePoints('\uFF5E', '😀')` → -1 (U+FF5E < U+1F600,
 * although its UTF-16 code unit is larger than the surrogate's).
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only when both units are ≥ U+D800 can UTF-16 order differ from code point order.
    if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) < codePointRank(y) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** Moves surrogates (U+D800..U+DFFF, i.e. code points ≥ U+10000) above U+E000..U+FFFF. */
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
