import { formatAt } from './frontend-messages';
import { binaryToText } from './binary-values';
import { sqlLiteral } from './sql-literal';
import { paramTypeName } from './type-oids';

/**
 * The extended protocol as SQL the engine's sessions run: Parse → PREPARE, Bind + Execute → EXECUTE
 * with the bound values as literals (the engine binds them to a foreign-table statement's `$n`, the
 * host to its own).
 *   Parse('__dsw1_1', 'select * from users where user_id = $1', [25])
 *   → prepare __dsw1_1 (text) as select * from users where user_id = $1
 *   Bind(['u0001']) → execute __dsw1_1('u0001')
 */
export function prepareSql(
  name: string,
  sql: string,
  paramOids: readonly number[],
): { sql: string; prefix: number } {
  const types = paramOids.length ? ` (${paramOids.map(paramTypeName).join(', ')})` : '';
  const prefix = `prepare ${name}${types} as `;
  return { sql: prefix + sql, prefix: prefix.length };
}

/** `execute name('v1', NULL, ...)` for the values a Bind sent (text, or binary read as `oids` say). */
export function executeSql(
  name: string,
  params: readonly (Buffer | null)[],
  formats: readonly number[],
  oids: readonly number[],
): string {
  const args = params.map((p, i) =>
    sqlLiteral(p === null ? null : formatAt(formats, i) ? binaryToText(p, oids[i] ?? 0) : p.toString('utf8')),
  );
  return `execute ${name}${args.length ? `(${args.join(', ')})` : ''}`;
}
