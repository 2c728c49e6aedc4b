import type { FuncCall } from '@pgsql/types';
import { as, names } from '../parse/ast';

/**
 * Postgres's functions that run SQL given to them as text, and which argument holds it: query_to_xml
 * and its kin (`query`, first), ts_stat (`query`, first) and the two-argument ts_rewrite (its second,
 * a query returning pairs of tsquery). Their SQL reaches the host unseen unless the engine checks it.
 */
const SQL_TEXT_ARGUMENT: Readonly<Record<string, { readonly position: number; readonly name?: string }>> = {
  query_to_xml: { position: 0, name: 'query' },
  query_to_xmlschema: { position: 0, name: 'query' },
  query_to_xml_and_xmlschema: { position: 0, name: 'query' },
  ts_stat: { position: 0, name: 'query' },
  ts_rewrite: { position: 1 },
};

/** Their names: functions no statement may name as an aggregate's, operator's or cast's function (function-references.ts). */
export const SQL_TEXT_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(SQL_TEXT_ARGUMENT));

/**
 * The SQL a call runs from text: `{ sql }` when it is a string constant as written (no cast, no
 * expression), `{ sql: undefined }` when it is known only when the call runs, null when the call runs
 * none (another function; ts_rewrite's three-argument form). Under any schema, as set_config's.
 *   query_to_xml('select 1', true, false, '')   → { sql: 'select 1' }
 *   ts_stat(format('select %s', c))             → { sql: undefined }
 *   ts_rewrite(q, 'a'::tsquery, 'b'::tsquery)   → null
 */
export function sqlTextArgument(call: FuncCall): { readonly sql: string | undefined } | null {
  const fn = names(call.funcname).at(-1)?.toLowerCase() ?? '';
  const where = Object.hasOwn(SQL_TEXT_ARGUMENT, fn) ? SQL_TEXT_ARGUMENT[fn]! : null;
  if (!where) return null;
  const args = call.args ?? [];
  if (fn === 'ts_rewrite' && args.length === 3 && !args.some((a) => as(a, 'NamedArgExpr'))) return null;
  if (call.func_variadic) return { sql: undefined };
  // Named notation comes after the positional arguments: the argument is at its place or by its name.
  const positional = args[where.position];
  const arg =
    positional && !as(positional, 'NamedArgExpr')
      ? positional
      : args.map((a) => as(a, 'NamedArgExpr')).find((a) => a?.name?.toLowerCase() === where.name)?.arg;
  const constant = as(arg, 'A_Const');
  return { sql: constant?.sval ? (constant.sval.sval ?? '') : undefined };
}
