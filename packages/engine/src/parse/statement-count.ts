import { parseScriptUntilError } from './parse';

/**
 * How many statements a string holds, counting up to a syntax error (the wire protocol refuses a
 * Parse of several, as Postgres does): `select 1; select 2` → 2, `select 1;` → 1, `` → 0.
 * Needs the parser loaded (an open Engine has it).
 */
export function statementCount(sql: string): number {
  const { statements, error } = parseScriptUntilError(sql);
  return statements.length + (error ? 1 : 0);
}
