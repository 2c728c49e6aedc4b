/** An access path the planner priced for a read and did not take. */
export interface Alternative {
  readonly operation: string;
  readonly index: string | null;
  readonly estimatedRcu: number;
}

/**
 * The alternatives to show beside the path taken, each path once: the path taken is not its own
 * alternative, and a path priced twice (a join's restricted read re-plans a relation the plan already
 * priced) keeps its lower price.
 *   took Query; priced Scan ~146, Scan ~146, Query ~3 → Scan ~146
 */
export function distinctAlternatives(
  taken: { readonly operation: string; readonly index: string | null },
  priced: readonly Alternative[],
): Alternative[] {
  const byPath = new Map<string, Alternative>();
  for (const a of priced) {
    if (a.operation === taken.operation && a.index === taken.index) continue;
    const key = `${a.operation}\u0000${a.index ?? ''}`;
    const seen = byPath.get(key);
    if (!seen || a.estimatedRcu < seen.estimatedRcu)
      byPath.set(key, { operation: a.operation, index: a.index, estimatedRcu: a.estimatedRcu });
  }
  return [...byPath.values()];
}
