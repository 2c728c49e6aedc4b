import { names, walk } from '../../parse/ast';
import type { Host } from '../../host/host';
import { selectShape } from './select-shape';
import type { StreamingShape } from './statement-plan';

/**
 * Whether a SELECT can stream page by page: one foreign relation, nothing that needs all rows first
 * (aggregates, window functions, set-returning functions, DISTINCT, GROUP BY, ORDER BY, set
 * operations, subqueries, locking) and a constant LIMIT/OFFSET, which the engine then applies itself.
 *   `select id from t where x > 1 limit 10` → { limit: 10, offset: 0 };  `select count(*) from t` → null
 */
export async function streamingShape(host: Host, ast: unknown): Promise<StreamingShape | null> {
  const shape = selectShape(ast);
  if (!shape?.plain || shape.ordered || shape.withTies || shape.relations?.length !== 1) return null;
  const { stmt: s, limit, offset } = shape;
  if (limit === undefined || offset === undefined) return null;
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
