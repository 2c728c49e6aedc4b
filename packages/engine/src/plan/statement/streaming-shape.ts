import { as, names, walk } from '../../parse/ast';
import type { Host } from '../../host/host';
import type { StreamingShape } from './statement-plan';

/**
 * Whether a SELECT can stream page by page: one foreign relation, nothing that needs all rows first
 * (aggregates, window functions, set-returning functions, DISTINCT, GROUP BY, ORDER BY, set
 * operations, subqueries, locking) and a constant LIMIT/OFFSET, which the engine then applies itself.
 *   `select id from t where x > 1 limit 10` → { limit: 10, offset: 0 };  `select count(*) from t` → null
 */
export async function streamingShape(host: Host, ast: unknown): Promise<StreamingShape | null> {
  const s = as<Record<string, unknown>>(ast, 'SelectStmt');
  if (!s) return null;
  if (
    s.op !== 'SETOP_NONE' ||
    s.distinctClause ||
    s.groupClause ||
    s.havingClause ||
    s.windowClause ||
    s.sortClause
  )
    return null;
  if (s.lockingClause || s.withClause || s.intoClause || s.valuesLists) return null;
  if (!Array.isArray(s.fromClause) || s.fromClause.length !== 1 || !as(s.fromClause[0], 'RangeVar'))
    return null;
  if (s.limitOption === 'LIMIT_OPTION_WITH_TIES') return null;
  const limit = s.limitCount === undefined ? null : intConstant(s.limitCount);
  const offset = s.limitOffset === undefined ? 0 : intConstant(s.limitOffset);
  if (limit === undefined || offset === undefined || offset === null) return null;
  let blocked = false;
  const functions = new Set<string>();
  walk([s.targetList, s.whereClause], (kind, fields) => {
    if (kind === 'SubLink' || kind === 'GroupingFunc' || kind === 'WindowDef') blocked = true;
    if (kind === 'FuncCall') {
      if (fields.over || fields.agg_star || fields.agg_distinct || fields.agg_order || fields.agg_filter)
        blocked = true;
      functions.add(names(fields.funcname).at(-1)!);
    }
  });
  if (blocked) return null;
  if (functions.size) {
    const r = await host.query(
      "select 1 from pg_proc where proname = any($1::text[]) and (prokind in ('a', 'w') or proretset) limit 1",
      [[...functions]],
    );
    if (r.rows.length) return null;
  }
  return { limit, offset };
}

/** LIMIT ALL / NULL → null; an integer constant → its value; anything else → undefined. */
function intConstant(node: unknown): number | null | undefined {
  const c = as<{ isnull?: boolean; ival?: { ival?: number } }>(node, 'A_Const');
  if (!c) return undefined;
  if (c.isnull) return null;
  if (c.ival) return c.ival.ival ?? 0;
  return undefined;
}
