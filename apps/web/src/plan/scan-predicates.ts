import type { WireScan } from '../api/wire';

/** What a scan card lists: keys, predicates pushed, evaluated locally, and the joins its read is part of. */
export interface ScanPredicates {
  /** A BatchGetItem's keys (the plan lists the first 20), else null. */
  readonly keys: readonly string[] | null;
  /** Keys read beyond those listed. */
  readonly moreKeys: number;
  readonly pushed: readonly string[];
  /** Filters of this read's items the engine or Postgres evaluates (not the join's conditions). */
  readonly residual: readonly string[];
  /** Conditions joining this relation to another, evaluated by the join. */
  readonly join: readonly string[];
}

/**
 * Each predicate in one list:
 *   { keys: ["id = 'a'", "id = 'b'"], keyCount: 25 } → keys [..2], moreKeys 23
 *   { residual: ['o.c = u.id', "lower(x) = 'a'"], joinConditions: ['o.c = u.id'] }
 *   → residual ["lower(x) = 'a'"], join ['o.c = u.id']
 */
export function scanPredicates(scan: WireScan): ScanPredicates {
  const join = scan.joinConditions ?? [];
  const keys = scan.keys?.length ? scan.keys : null;
  return {
    keys,
    moreKeys: keys ? Math.max(0, (scan.keyCount ?? keys.length) - keys.length) : 0,
    pushed: scan.pushed,
    residual: scan.residual.filter((r) => !join.includes(r)),
    join,
  };
}
