import { samplingRcu } from '@dynascope/contract';
import type { WirePlan } from '../api/wire';
import { formatRcu } from '../format/format-cell';

/**
 * The plan panel's line for what was read to sample tables for estimates (DescribeTable reported
 * no size): by the statement's own planning — counted in its RCU — or by the cost guard's plan of
 * it before the run. Once per table: later statements plan with the cached figures. null: nothing.
 *   (plan with samplingRcu 3) → 'Sampling read 3 RCU for estimates (in the statement's RCU; once per table, then cached)'
 */
export function samplingNote(plan: WirePlan | null | undefined, guardSamplingRcu = 0): string | null {
  const own = samplingRcu(plan ?? null);
  const parts = [
    own > 0
      ? `Sampling read ${formatRcu(own)} RCU for estimates (in the statement's RCU; once per table, then cached)`
      : null,
    guardSamplingRcu > 0
      ? `The cost guard's plan read ${formatRcu(guardSamplingRcu)} RCU sampling for estimates before the run`
      : null,
  ].filter((p) => p !== null);
  return parts.length ? parts.join(' · ') : null;
}

/**
 * What an EXPLAIN read, for the results bar: no items, but maybe a table's sample for estimates.
 *   (plan with samplingRcu 3) → 'No items were read; sampling for estimates read 3 RCU.'
 */
export function explainReadNote(plan: WirePlan | null | undefined): string {
  const rcu = samplingRcu(plan ?? null);
  return rcu > 0
    ? `No items were read; sampling for estimates read ${formatRcu(rcu)} RCU.`
    : 'No items were read.';
}
