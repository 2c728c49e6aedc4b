import { formatUsd, type BillingMode, type PlanPrice, type PricedPart } from '@dynascope/contract';
import { formatRcu } from '../format/format-cell';
import { priceTitle } from './price-title';

/**
 * A statement's price beside its RCU/WCU: `≈ $0.000018 on-demand`, each scan and the write priced by
 * its own table (contract plan-price.ts); the tooltip gives each part and how it was priced. Tables
 * billed differently: the label says `mixed billing`. `prefix`: `estimated ≈` for EXPLAIN's estimate.
 */
export function PriceLabel({
  price,
  prefix = '≈',
  testId = 'statement-price',
}: {
  price: PlanPrice;
  prefix?: string;
  testId?: string;
}) {
  const mode = price.mixed ? 'mixed billing' : modeLabel(price.parts[0]?.price.mode ?? 'on-demand');
  return (
    <span className="stat" title={priceTitle(price, formatRcu)} data-testid={testId} data-usd={price.usd}>
      {prefix} <b>{formatUsd(price.usd)}</b> {mode}
    </span>
  );
}

/** One scan's price alone, on its card: `≈ $0.0000053 provisioned share`, how it was priced in the tooltip. */
export function ScanPriceLabel({ part: { price, rcu }, prefix }: { part: PricedPart; prefix: string }) {
  return (
    <span
      className="stat"
      title={`${price.mode} price of ${formatRcu(rcu)} RCU: ${price.basis}`}
      data-testid="scan-price"
      data-usd={price.usd}
      data-rcu={rcu}
    >
      {prefix} <b>{formatUsd(price.usd)}</b> {modeLabel(price.mode)}
    </span>
  );
}

/**
 * The billing mode as the label says it: a provisioned price is the units' share of capacity paid by
 * the hour (the tooltip says how), not a charge of its own.
 */
const modeLabel = (mode: BillingMode) => (mode === 'provisioned' ? 'provisioned share' : mode);
