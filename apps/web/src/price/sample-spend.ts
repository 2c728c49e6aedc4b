import { DEFAULT_PRICE_REGION, statementPrice, type TableDescription } from '@dynascope/contract';
import type { Spend } from './tab-spend';

/**
 * What a table sample (the designer's, completion's) read, priced by the table's billing mode and
 * its server's region (the describe answer's `billingMode`, `region`); the table's prices, not a
 * session's `dynascope.price_per_million_*` (a sample runs in no session).
 *   { billingMode: 'PAY_PER_REQUEST', consumedRcu: 3.5 } → { usd: 3.5 × $0.125 / 1e6, rcu: 3.5, wcu: 0 }
 */
export function sampleSpend(desc: Pick<TableDescription, 'billingMode' | 'region' | 'consumedRcu'>): Spend {
  const rcu = desc.consumedRcu ?? 0;
  const mode = desc.billingMode === 'PROVISIONED' ? 'provisioned' : 'on-demand';
  return { usd: statementPrice({ rcu, wcu: 0 }, mode, desc.region ?? DEFAULT_PRICE_REGION).usd, rcu, wcu: 0 };
}
