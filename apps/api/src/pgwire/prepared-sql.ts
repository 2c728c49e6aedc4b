import type { ClientEncoding } from './client-encoding';
import { formatAt } from './frontend-messages';
import { binaryToText } from './binary-values';
import { sqlLiteral } from './sql-literal';
import type { SqlToken } from './sql-tokens';
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

/**
 * The values a Bind sent as text, read in the client's encoding (binary ones read as `oids` say: a
 * text type's in the client's encoding too), null for NULL. Bytes that are none of the encoding
 * are Postgres's 22021 (client-encoding.ts).
 */
export function paramTexts(
  params: readonly (Buffer | null)[],
  formats: readonly number[],
  oids: readonly number[],
  encoding: ClientEncoding,
): (string | null)[] {
  return params.map((p, i) =>
    p === null ? null : formatAt(formats, i) ? binaryToText(p, oids[i] ?? 0, encoding) : encoding.decode(p),
  );
}

/** `execute name('v1', NULL, ...)` for the values a Bind sent (text, or binary read as `oids` say). */
export function executeSql(
  name: string,
  params: readonly (Buffer | null)[],
  formats: readonly number[],
  oids: readonly number[],
  encoding: ClientEncoding,
): string {
  const args = paramTexts(params, formats, oids, encoding).map(sqlLiteral);
  return `execute ${name}${args.length ? `(${args.join(', ')})` : ''}`;
}

/**
 * A statement PREPARE does not take (EXPLAIN, DECLARE, CREATE TABLE AS, CALL) with each `$n` replaced
 * by its value as a literal, cast to the parameter's type when it is known; an unknown one stays an
 * untyped literal, whose type Postgres infers from where it stands as it infers the parameter's.
 *   `explain select * from t where a = $1 and b = $2`, ['5', null], ['pg_catalog.int4', null]
 *   → `explain select * from t where a = ('5')::pg_catalog.int4 and b = (NULL)`
 */
export function literalSql(
  sql: string,
  tokens: readonly SqlToken[],
  values: readonly (string | null)[],
  types: readonly (string | null)[],
): string {
  let out = '';
  let from = 0;
  for (const t of tokens) {
    if (t.kind !== 'param') continue;
    const n = Number(t.text.slice(1)) - 1;
    const type = types[n];
    out += `${sql.slice(from, t.start)}(${sqlLiteral(values[n] ?? null)})${type ? `::${type}` : ''}`;
    from = t.end;
  }
  return out + sql.slice(from);
}
