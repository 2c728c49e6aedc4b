import type { WirePlan } from '../api/wire';

type Shape = NonNullable<WirePlan['shape']>;

/** What each execution shape of the statement plan means, in plain words for the plan panel. */
const SHAPE_WORDS: Record<Shape, string> = {
  count: 'DynamoDB counts the matching items; none is transferred.',
  'rows-from-items': 'The engine makes the rows straight from the items; Postgres does no work.',
  'engine-hash-join': 'The engine joins the items itself (a hash join); Postgres does no work.',
  'streaming-evaluation':
    'The engine computes aggregates, DISTINCT or the top N as the pages arrive; Postgres finishes over the result.',
  'stream-through-host': 'Each page goes through Postgres as it arrives.',
  'materialise-in-host': 'Every read is loaded first, then Postgres runs the statement once.',
  write: 'Postgres evaluates the write on a copy of the rows; the engine writes the difference to DynamoDB.',
  'host-only': 'No foreign table: Postgres runs the statement alone; nothing is read from DynamoDB.',
};

/** A stream through Postgres with a LIMIT to meet (`Plan.limit`): it stops reading there. */
const STREAM_TO_LIMIT = 'Each page goes through Postgres as it arrives; reading stops once LIMIT is met.';

/**
 * How the engine answers the statement (the plan's `shape`, as EXPLAIN's `Execution:` line names it),
 * in plain words; null when the plan names no shape (an older server, a statement through SQL functions).
 *   { shape: 'count' } → 'DynamoDB counts the matching items; none is transferred.'
 *   { shape: 'stream-through-host', limit: 3 } → 'Each page goes through Postgres as it arrives; reading stops once LIMIT is met.'
 */
export function executionShapeText(
  plan: Pick<WirePlan, 'shape' | 'limit'> | null | undefined,
): string | null {
  const shape = plan?.shape;
  if (shape === 'stream-through-host' && plan?.limit !== undefined) return STREAM_TO_LIMIT;
  return shape ? (SHAPE_WORDS[shape] ?? null) : null;
}
