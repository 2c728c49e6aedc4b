import type { Plan } from './plan';

/**
 * The RCU a statement's reads consumed: each scan's (a top-N's key read after it included), and the
 * samples read for its estimates.
 *   { scans: [{ consumedRcu: 0.5 }, { consumedRcu: null, samplingRcu: 3 }] } → 3.5
 */
export function planRcu(plan: Pick<Plan, 'scans'> | null): number {
  return (plan?.scans ?? []).reduce(
    (sum, s) => sum + (s.consumedRcu ?? 0) + (s.samplingRcu ?? 0) + (s.keyFetch?.consumedRcu ?? 0),
    0,
  );
}

/** What sampling for estimates read in all (0: nothing). */
export function samplingRcu(plan: Pick<Plan, 'scans'> | null): number {
  return (plan?.scans ?? []).reduce((sum, s) => sum + (s.samplingRcu ?? 0), 0);
}
