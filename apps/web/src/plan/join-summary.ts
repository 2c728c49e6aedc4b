import type { WirePlan } from '../api/wire';

/** Who joins the foreign relations of a statement, for the line above the scan cards. */
export interface JoinSummary {
  /** `engine`: hashed from the items, no temp tables; `host`: loaded into the embedded Postgres. */
  readonly where: 'engine' | 'host';
  readonly title: string;
  /** Follows the title; the condition, if any, follows it. */
  readonly detail: string;
  /** The join condition as written, when the engine reports it. */
  readonly condition: string | null;
}

/**
 * `{ scans: [a, b], engineJoin: 'c.id = o.customer' }` → engine, "hash join on" `c.id = o.customer`;
 * two or more scans without it (a join, a subquery, a UNION) → host; a single scan (or none) → null.
 */
export function joinSummary(
  plan: Pick<WirePlan, 'scans' | 'engineJoin'> | null | undefined,
): JoinSummary | null {
  if (!plan) return null;
  if (plan.engineJoin) {
    return {
      where: 'engine',
      title: 'Joined in the engine',
      detail: 'hash join on',
      condition: plan.engineJoin,
    };
  }
  if (plan.scans.length < 2) return null;
  return {
    where: 'host',
    title: 'Combined locally in Postgres',
    detail:
      'the items read are loaded into the embedded Postgres, which evaluates the joins, subqueries or set operations',
    condition: null,
  };
}
