/**
 * Some fields of a row's composite text (Postgres's record output), by index, each kept as written
 * (quoted or not): `("(0,1)","a,b",,0.1)` fields [1, 3] → `("a,b",0.1)`. A field is quoted when it
 * holds `,` `(` `)` `"` `\` or a space; inside quotes `""` and `\x` stand for one character.
 */
export function compositeFields(text: string, indices: readonly number[]): string {
  const bounds: number[] = [0];
  let quoted = false;
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) bounds.push(i);
  }
  bounds.push(text.length - 1);
  return `(${indices.map((i) => text.slice(bounds[i]! + 1, bounds[i + 1])).join(',')})`;
}
