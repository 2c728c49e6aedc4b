import { samplingRcu } from '@dynascope/contract';
import type { WirePlan } from '../api/wire';

/** What the next page of a result may cost: the likely figure, and the most it can read (null: no bound known). */
export interface NextPageEstimate {
  readonly rcu: number;
  readonly upTo: number | null;
}

/**
 * The next page's cost from the plan's estimate of the whole read and what the pages so far read:
 * a page costs what pages cost on average, but never more than the estimate leaves — and may cost
 * all of it (a filter that keeps few items reads on until the page is full). Once the pages read
 * all the estimate allows, the read is most likely done (rows were buffered): nothing, or another
 * page's average if the table is larger than estimated.
 *   plan ~160 RCU, 2 pages read 12 RCU  → { rcu: 6, upTo: 148 }
 *   plan ~160 RCU, 3 pages read 160 RCU → { rcu: 0, upTo: 53.3 }
 *   estimate unknown, 1 page read 6 RCU → { rcu: 6, upTo: null }
 * Sampling for estimates (counted in the statement's RCU) is not part of the read. Null before a page was read.
 */
export function nextPageEstimate(
  plan: Pick<WirePlan, 'scans'> | null,
  consumedSoFar: number | null,
  pagesSoFar: number,
): NextPageEstimate | null {
  if (consumedSoFar === null || pagesSoFar <= 0) return null;
  const read = Math.max(0, consumedSoFar - samplingRcu(plan));
  const perPage = read / pagesSoFar;
  const scans = plan?.scans ?? [];
  if (!scans.length || scans.some((s) => s.estimatedRcu === null)) return { rcu: perPage, upTo: null };
  const estimated = scans.reduce((n, s) => n + s.estimatedRcu!, 0);
  const most = scans.reduce((n, s) => n + (s.estimatedRcuRange?.max ?? s.estimatedRcu!), 0);
  // The estimate is spent: most likely the read is done (rows were buffered), at most another page's worth.
  if (read >= most) return { rcu: 0, upTo: perPage > 0 ? perPage : null };
  const rcu = Math.min(perPage, Math.max(0, estimated - read));
  const upTo = most - read;
  return { rcu, upTo: upTo > rcu ? upTo : null };
}

/** The button's figure: `~6 RCU, up to ~148` or `~6 RCU`. */
export function nextPageLabel(estimate: NextPageEstimate | null, format: (rcu: number) => string): string {
  if (!estimate) return '~? RCU';
  return `~${format(estimate.rcu)} RCU${estimate.upTo !== null ? `, up to ~${format(estimate.upTo)}` : ''}`;
}
