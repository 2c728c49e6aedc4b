import { DEFAULT_PRICE_REGION, type BillingMode, type Plan, type PriceOverrides } from '@dynascope/contract';

/** What a statement is priced with: its table's billing mode and region, and the session's prices. */
export interface Pricing {
  readonly mode: BillingMode;
  readonly region: string;
  readonly overrides: PriceOverrides;
}

/**
 * The plan's pricing, from its scans (the engine fills `billingMode`, `region`, `priceOverrides`):
 *   scans [{ billingMode: 'provisioned', region: 'eu-west-1' }] → provisioned, eu-west-1, no overrides
 *   no plan, or a scan without them                              → on-demand, us-east-1
 * A statement over tables billed differently is priced as its first table is (`mixed` says so).
 */
export function planPricing(plan: Pick<Plan, 'scans'> | null | undefined): Pricing & { mixed: boolean } {
  const scans = plan?.scans ?? [];
  const first = scans[0];
  const mode = first?.billingMode ?? 'on-demand';
  const region = first?.region ?? DEFAULT_PRICE_REGION;
  return {
    mode,
    region,
    overrides: first?.priceOverrides ?? {},
    mixed: scans.some(
      (s) => (s.billingMode ?? 'on-demand') !== mode || (s.region ?? DEFAULT_PRICE_REGION) !== region,
    ),
  };
}
