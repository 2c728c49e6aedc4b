import { formatUsd, type PlanPrice } from '@dynascope/contract';

/**
 * A statement price's tooltip: one line per part, each priced alone, adding up to the label's figure.
 *   one part:  'on-demand price: $0.125 per million RRU, $0.625 per million WRU (us-east-1, 2025-06)'
 *   several:   'public.orders (on-demand, us-east-1): 0.5 RCU ≈ $0.000000063 — $0.125 per million RRU, …'
 *              'u (provisioned, us-west-2): 3 RCU ≈ $0.00000012 — $0.00014 per RCU-hour, …'
 */
export function priceTitle(price: PlanPrice, formatRcu: (n: number) => string): string {
  const [only] = price.parts;
  if (!only) return 'nothing read or written';
  if (price.parts.length === 1) return `${only.price.mode} price: ${only.price.basis}`;
  const lines = price.parts.map((p) => {
    const units = [p.rcu ? `${formatRcu(p.rcu)} RCU` : '', p.wcu ? `${formatRcu(p.wcu)} WCU` : '']
      .filter(Boolean)
      .join(' + ');
    return `${p.label}: ${units || '0 RCU'} ≈ ${formatUsd(p.price.usd)} — ${p.price.basis}`;
  });
  return [`each priced by its own table, ${formatUsd(price.usd)} in all:`, ...lines].join('\n');
}
