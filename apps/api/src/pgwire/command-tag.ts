const COUNTED = new Set(['UPDATE', 'DELETE', 'MERGE', 'MOVE', 'COPY']);

/**
 * The CommandComplete tag of a statement: `INSERT 0 n`, `UPDATE n`, `SELECT n` (rows sent, or for
 * CREATE TABLE AS the rows written), the command alone for the rest (`BEGIN`, `CREATE TABLE`).
 */
export function commandTag(
  command: string,
  rowCount: number | null,
  rowsSent: number,
  hasColumns: boolean,
): string {
  if (command === 'INSERT') return `INSERT 0 ${rowCount ?? 0}`;
  if (COUNTED.has(command)) return `${command} ${rowCount ?? 0}`;
  if (command === 'SELECT' || command === 'FETCH')
    return `${command} ${hasColumns ? rowsSent : (rowCount ?? 0)}`;
  return command;
}
