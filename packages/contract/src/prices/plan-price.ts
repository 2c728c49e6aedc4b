import type { Plan, ScanPlan, WritePlan } from '../results/plan';
import { DEFAULT_PRICE_REGION, statementPrice, type StatementPrice } from './statement-price';

/** What a table's reads or writes are priced with, as its scan or write plan carries it (absent: on-demand, us-east-1). */
type Priced = Pick<ScanPlan, 'billingMode' | 'region' | 'priceOverrides'>;

/** One priced part of a statement: a scan (its RCU), the write (its WCU), or later pages. */
export interface PricedPart {
  /** `orders (provisioned, us-east-1)`, `write users (on-demand, us-east-1)`. */
  readonly label: string;
  readonly rcu: number;
  readonly wcu: number;
  readonly price: StatementPrice;
}

/** A statement's price: the sum of its parts, each priced alone by its own table's billing mode and region. */
export interface PlanPrice {
  readonly usd: number;
  readonly parts: readonly PricedPart[];
  /** The parts are not all priced alike (tables billed differently, or in different regions). */
  readonly mixed: boolean;
}

const priceOf = (units: { rcu: number; wcu: number }, p: Priced | undefined): StatementPrice =>
  statementPrice(units, p?.billingMode ?? 'on-demand', p?.region ?? DEFAULT_PRICE_REGION, p?.priceOverrides);

const part = (name: string, units: { rcu: number; wcu: number }, p: Priced | undefined): PricedPart => {
  const price = priceOf(units, p);
  return { label: `${name} (${price.mode}, ${price.region})`, ...units, price };
};

const scanName = (s: ScanPlan) => s.alias ?? s.relation;

/**
 * What a statement consumed, priced scan by scan: each scan's RCU (its sample for estimates
 * included) by its table's billing mode and region, the write's WCU by the written table's; RCU the
 * plan's scans do not account for (`consumedRcu` counts later pages too) is priced as the scan of the
 * dearest read unit, labelled so: an upper bound, not a guess.
 *   orders on-demand us-east-1 0.5 RCU + users provisioned us-east-1 1 RCU
 *     → 0.5 × $0.125/1e6 + 1 × $0.00013/3600 = $0.0000000986
 */
export function consumedPrice(
  plan: Pick<Plan, 'scans' | 'write'> | null | undefined,
  consumedRcu: number,
): PlanPrice {
  const scans = plan?.scans ?? [];
  const parts = scans.map((s) => scanPrice(s, false));
  const rest = consumedRcu - parts.reduce((sum, p) => sum + p.rcu, 0);
  // Floating sums of halves and quarters: what is left under a millionth of a unit is rounding.
  if (rest > 1e-6) {
    const dearest = dearestRead(scans);
    const label =
      scans.length > 1 && dearest
        ? `later pages, priced as ${scanName(dearest)} (the dearest read)`
        : 'later pages';
    parts.push(part(label, { rcu: rest, wcu: 0 }, dearest));
  }
  if (plan?.write) parts.push(writePart(plan.write, plan.write.consumedWcu));
  return total(parts);
}

/**
 * What EXPLAIN estimates a statement will read (and write), priced the same way: each scan's
 * `estimatedRcu` by its table, the estimated WCU by the written table.
 */
export function estimatedPrice(
  plan: Pick<Plan, 'scans' | 'write'> | null | undefined,
  estimatedWcu = 0,
): PlanPrice {
  const parts = (plan?.scans ?? []).map((s) => scanPrice(s, true));
  if (plan?.write && estimatedWcu > 0) parts.push(writePart(plan.write, estimatedWcu));
  return total(parts);
}

/**
 * One scan's price alone: what it consumed (its sample and a top-N's key read after it included) or,
 * `estimated`, what EXPLAIN expects it to read.
 */
export function scanPrice(scan: ScanPlan, estimated: boolean): PricedPart {
  const fetch = scan.keyFetch;
  const rcu = estimated
    ? (scan.estimatedRcu ?? 0) + (fetch?.estimatedRcu ?? 0)
    : (scan.consumedRcu ?? 0) + (scan.samplingRcu ?? 0) + (fetch?.consumedRcu ?? 0);
  return part(scanName(scan), { rcu, wcu: 0 }, scan);
}

function writePart(write: WritePlan, wcu: number): PricedPart {
  return part(`write ${write.table}`, { rcu: 0, wcu }, write);
}

function total(parts: PricedPart[]): PlanPrice {
  const first = parts[0]?.price;
  return {
    usd: parts.reduce((sum, p) => sum + p.price.usd, 0),
    parts,
    mixed: parts.some((p) => p.price.mode !== first?.mode || p.price.basis !== first.basis),
  };
}

/** The scan whose read unit costs most (ties: the first); undefined with no scans. */
function dearestRead(scans: readonly ScanPlan[]): ScanPlan | undefined {
  let best: ScanPlan | undefined;
  let bestUsd = -1;
  for (const s of scans) {
    const usd = priceOf({ rcu: 1, wcu: 0 }, s).usd;
    if (usd > bestUsd) [best, bestUsd] = [s, usd];
  }
  return best;
}
