import type { SelectShape } from './select-shape';
import type { StreamingShape } from './statement-plan';

/**
 * Whether a SELECT can stream page by page: one foreign relation, nothing that needs all rows first
 * (aggregates, window functions, set-returning functions, DISTINCT, GROUP BY, ORDER BY, set
 * operations, subqueries, locking) and a constant LIMIT/OFFSET, not negative, which the engine then
 * applies itself.
 * `aggregateOrSetCalls`: whether a function the statement calls is an aggregate, a window function
 * or set-returning (the host's catalog says, see local-shape-terms.ts).
 *   `select id from t where x > 1 limit 10` → { limit: 10, offset: 0 };  `select count(*) from t` → null
 */
export function streamingShape(shape: SelectShape, aggregateOrSetCalls: boolean): StreamingShape | null {
  if (!shape.plain || shape.ordered || shape.withTies || shape.relations?.length !== 1) return null;
  const { limit, offset } = shape;
  if (limit === undefined || offset === undefined) return null;
  // `limit -1` and `offset -1` are errors (2201W, 2201X) the host raises as it runs the statement.
  if ((limit !== null && limit < 0) || offset < 0) return null;
  if (shape.needsOtherRows || aggregateOrSetCalls) return null;
  return { limit, offset };
}

/** The functions whose kind decides whether a SELECT streams (none when it cannot stream anyway). */
export function callsToCheck(shape: SelectShape | null): ReadonlySet<string> {
  return shape && streamingShape(shape, false) ? shape.calls : new Set();
}
