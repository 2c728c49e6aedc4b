/** A value as a SQL string literal (standard_conforming_strings is on: only quotes double). */
export function sqlLiteral(text: string | null): string {
  return text === null ? 'NULL' : `'${text.replace(/'/g, "''")}'`;
}
