import { formatUsd, statementPrice, type BillingMode } from '@dynascope/contract';
import type { Units } from './tab-spend';

/**
 * A statement's price beside its RCU/WCU: `≈ $0.000018`, with how it was priced in the tooltip. The
 * table's billing mode is not in the plan: priced on-demand (per million request units), and the
 * label says so. `estimated`: from EXPLAIN's estimate, not what was consumed.
 */
export function PriceLabel({
  units,
  mode = 'on-demand',
  region = 'us-east-1',
  prefix = '≈',
  testId = 'statement-price',
}: {
  units: Units;
  mode?: BillingMode;
  region?: string;
  prefix?: string;
  testId?: string;
}) {
  const price = statementPrice(units, mode, region);
  return (
    <span className="stat" title={`${mode} price: ${price.basis}`} data-testid={testId}>
      {prefix} <b>{formatUsd(price.usd)}</b> {mode}
    </span>
  );
}
