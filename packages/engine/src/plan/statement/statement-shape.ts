import { directJoinShape } from './direct-join-shape';
import { countOnlyShape, directShape, sortKeyLimitShape, type ShapeSession } from './pushed-shapes';
import type { SelectShape } from './select-shape';
import type { DistinctShape, TopNShape } from './local-shape';
import type { DirectJoin, DirectShape, PlannedScan, StreamingShape } from './statement-plan';
import { streamingShape } from './streaming-shape';
import { distinctShape, topNShape } from './top-n-shape';

/** What the statement-shape decision needs besides the SELECT's clauses (select-shape.ts). */
export interface ShapeFacts {
  /** Each foreign relation's read as planned (a join's later ones priced as restricted). */
  readonly scans: readonly PlannedScan[];
  /** The statement writes a foreign table (INSERT/UPDATE/DELETE). */
  readonly writes: boolean;
  /** A read overlays writes the transaction block holds: the host evaluates its whole WHERE. */
  readonly overlaid: boolean;
  readonly session: ShapeSession;
  /** A function the statement calls is an aggregate, a window function or set-returning (the host's catalog). */
  readonly aggregateOrSetCalls: boolean;
}

/**
 * The statement's shape as decided from its clauses and its reads, before any host work:
 *   `select count(*) from t where x > 1`                  → count (the output column)
 *   `select a, b from t where pk = 'k' order by sk desc`  → rows-from-items (the columns; a descending Query)
 *   `select a.x, b.y from a join b on a.k = b.k`          → engine-hash-join (the key equalities)
 *   `select upper(a) from t limit 3`                      → stream-through-host (LIMIT 3, OFFSET 0)
 *   `select a, b * 2 from t where pk = 'k' order by sk limit 5` → key-order-limit (a Query of 5 items)
 *   `select distinct kind from t`, `select * from t order by ts desc limit 10`
 *                                                         → streaming-evaluation (DISTINCT or the top N)
 *   `select kind, count(*) from t group by kind limit 0`  → read-nothing (the host runs it over no rows)
 *   `update t set ...`                                    → write
 *   anything else                                         → host (loaded, then run in the host; the engine
 *                                                            may still aggregate while reading, which the
 *                                                            host's catalog and description tell: aggregate-shape.ts)
 * Pure: the one place each shape's conditions are weighed against each other, in this order.
 */
export type ShapeDecision =
  | { readonly shape: 'count'; readonly column: string }
  | { readonly shape: 'rows-from-items'; readonly rows: DirectShape }
  | { readonly shape: 'engine-hash-join'; readonly join: DirectJoin }
  | { readonly shape: 'stream-through-host'; readonly window: StreamingShape }
  | { readonly shape: 'key-order-limit'; readonly maxItems: number; readonly descending: boolean }
  | { readonly shape: 'streaming-evaluation'; readonly evaluation: DistinctShape | TopNShape }
  | { readonly shape: 'read-nothing' }
  | { readonly shape: 'write' }
  | { readonly shape: 'host' };

export function decideShape(select: SelectShape | null, facts: ShapeFacts): ShapeDecision {
  if (facts.writes) return { shape: 'write' };
  const { scans, session } = facts;
  if (!select || facts.overlaid) return { shape: 'host' };
  // LIMIT 0: Postgres's Limit never pulls a row, so nothing is read — whatever would compute the rows.
  if (select.limit === 0) return { shape: 'read-nothing' };
  const only = scans.length === 1 ? scans[0]! : null;
  const column = only && countOnlyShape(select, only);
  if (column) return { shape: 'count', column };
  const rows = only && directShape(select, only, session);
  if (rows) return { shape: 'rows-from-items', rows };
  const join = directJoinShape(select, scans, session);
  if (join) return { shape: 'engine-hash-join', join };
  const window = only && streamingShape(select, facts.aggregateOrSetCalls);
  if (window) return { shape: 'stream-through-host', window };
  const bounded = only && sortKeyLimitShape(select, only, session);
  if (bounded) return { shape: 'key-order-limit', ...bounded };
  const evaluation = only && (distinctShape(select, only, session) ?? topNShape(select, only, session));
  if (evaluation) return { shape: 'streaming-evaluation', evaluation };
  return { shape: 'host' };
}
