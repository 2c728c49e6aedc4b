import { formatUsd, statementPrice } from '@dynascope/contract';
import type { Pricing } from './plan-pricing';
import type { Units } from './tab-spend';

const ON_DEMAND_US_EAST_1: Pricing = { mode: 'on-demand', region: 'us-east-1', overrides: {} };

/**
 * A statement's price beside its RCU/WCU: `≈ $0.000018 on-demand`, with how it was priced in the
 * tooltip. `pricing`: the table's billing mode and region and the session's prices (plan-pricing.ts);
 * the label names the billing mode. `estimated`: from EXPLAIN's estimate, not what was consumed.
 */
export function PriceLabel({
  units,
  pricing = ON_DEMAND_US_EAST_1,
  prefix = '≈',
  testId = 'statement-price',
}: {
  units: Units;
  pricing?: Pricing & { mixed?: boolean };
  prefix?: string;
  testId?: string;
}) {
  const price = statementPrice(units, pricing.mode, pricing.region, pricing.overrides);
  const mixed = pricing.mixed ? ' (tables billed differently: priced as the first)' : '';
  return (
    <span className="stat" title={`${pricing.mode} price${mixed}: ${price.basis}`} data-testid={testId}>
      {prefix} <b>{formatUsd(price.usd)}</b> {pricing.mode}
    </span>
  );
}
