/**
 * The `$n` parameters a query's text uses, in order (1..highest), outside strings, quoted names and
 * comments: `select $2, '$3' -- $4` → [1, 2]. For the save form's parameter fields; the engine's
 * tokenizer decides when the query runs.
 */
export function parameterNumbers(sql: string): number[] {
  const code = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, ' ')
    .replace(/"(?:[^"]|"")*"/g, ' ');
  let highest = 0;
  for (const m of code.matchAll(/\$(\d+)/g)) highest = Math.max(highest, Number(m[1]));
  return Array.from({ length: highest }, (_, i) => i + 1);
}
