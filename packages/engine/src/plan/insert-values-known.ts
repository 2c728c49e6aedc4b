import type { InsertStmt } from '@pgsql/types';
import { as, kindOf, names, walk } from '../parse/ast';
import { parseOne } from '../parse/parse';

/**
 * Whether an INSERT's rows can be made before it runs with no effect but the rows (so that its plan
 * can price them, EXPLAIN included): VALUES lists of constants — casts, operators, arrays, rows,
 * CURRENT_TIMESTAMP and the like, a few functions that neither read nor write — and, for each column
 * it leaves to its default (not listed, or DEFAULT), a default of the same kind. `defaults`: the
 * target's column defaults as Postgres prints them (`pg_get_expr`), by column; `columns`: its columns
 * in order (VALUES without a column list fills them from the first).
 *   insert into t values ('a', 1), ('b', 2)                        → true
 *   insert into t (id) values ('a'), n default now()                → true
 *   insert into t (id) values ('a'), n default nextval('s')         → false (the sequence would advance)
 *   insert into t values ((select max(n) from u)) / insert ... select → false
 */
export function insertValuesKnown(
  insert: InsertStmt,
  columns: readonly string[],
  defaults: ReadonlyMap<string, string>,
): boolean {
  const select = as(insert.selectStmt, 'SelectStmt');
  const lists = select?.valuesLists?.map((l) => as(l, 'List')?.items ?? []);
  if (!select || !lists?.length || insert.withClause || select.withClause) return false;
  const listed =
    insert.cols?.map((c) => as(c, 'ResTarget')?.name ?? '') ?? columns.slice(0, lists[0]!.length);
  const defaulted = new Set(columns.filter((c) => !listed.includes(c)));
  for (const row of lists)
    row.forEach((value, i) => {
      if (kindOf(value) === 'SetToDefault') defaulted.add(listed[i] ?? '');
    });
  return (
    lists.every((row) => row.every(effectless)) &&
    [...defaulted].every((c) => {
      const text = defaults.get(c);
      return text === undefined || effectless(defaultExpression(text));
    })
  );
}

/** The expression of a default as Postgres prints it (`'open'::text`), or null if it does not parse. */
function defaultExpression(text: string): unknown {
  try {
    const select = as(parseOne(`select ${text}`), 'SelectStmt');
    const targets = select?.targetList ?? [];
    return targets.length === 1 ? as(targets[0], 'ResTarget')?.val : null;
  } catch {
    return null;
  }
}

/** Node kinds an expression made without effect may hold: no column, parameter, subquery or other function. */
const EFFECTLESS_KINDS = new Set([
  'A_Const',
  'TypeCast',
  'TypeName',
  'String',
  'Integer',
  'Float',
  'Boolean',
  'BitString',
  'List',
  'A_ArrayExpr',
  'A_Expr',
  'BoolExpr',
  'NullTest',
  'BooleanTest',
  'RowExpr',
  'CollateClause',
  'CaseExpr',
  'CaseWhen',
  'CoalesceExpr',
  'MinMaxExpr',
  'SQLValueFunction',
  'SetToDefault',
  'FuncCall',
]);

/** Built-in functions that read no table and write nothing (a default's `now()`, `gen_random_uuid()`). */
const EFFECTLESS_FUNCTIONS = new Set([
  'now',
  'clock_timestamp',
  'statement_timestamp',
  'transaction_timestamp',
  'gen_random_uuid',
  'random',
]);

function effectless(expression: unknown): boolean {
  if (expression === null || expression === undefined) return false;
  let ok = true;
  walk(expression, (kind, fields) => {
    if (!EFFECTLESS_KINDS.has(kind)) ok = false;
    else if (kind === 'FuncCall') {
      const name = names(fields.funcname);
      const schema = name.length === 2 ? name[0] : 'pg_catalog';
      if (schema !== 'pg_catalog' || name.length > 2 || !EFFECTLESS_FUNCTIONS.has(name.at(-1) ?? ''))
        ok = false;
    }
    return ok;
  });
  return ok;
}
