/** Commands whose command tag carries a row count (psql's `UPDATE 5`, `INSERT 0 5`). */
const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'SELECT', 'FETCH', 'MOVE']);

/**
 * What the results pane says of a statement that returned no rows, as psql does — its command tag:
 *   create table t (a int)       → `CREATE TABLE`
 *   update users set … (5 rows)  → `UPDATE 5 — 5 row(s) affected.`
 *   insert into t … (2 rows)     → `INSERT 0 2 — 2 row(s) affected.`
 */
export function completionText(
  command: string,
  rowCount: number | null,
  format: (n: number) => string,
): string {
  if (rowCount === null || !COUNTED.has(command)) return command;
  const tag = command === 'INSERT' ? `INSERT 0 ${rowCount}` : `${command} ${rowCount}`;
  return `${tag} — ${format(rowCount)} row(s) affected.`;
}
