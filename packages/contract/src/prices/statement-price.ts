import prices from './dynamodb-prices.json' with { type: 'json' };

/** How a DynamoDB table is billed: per request (on-demand) or per provisioned unit-hour. */
export type BillingMode = 'on-demand' | 'provisioned';

/** One region's prices in USD (dynamodb-prices.json: its source and date are in the file). */
export interface RegionPrices {
  readonly onDemand: { readonly perMillionRru: number; readonly perMillionWru: number };
  readonly provisioned: { readonly perRcuHour: number; readonly perWcuHour: number };
}

/** Prices a user set (`dynascope.price_per_million_rru` / `_wru`): they replace the on-demand table's. */
export interface PriceOverrides {
  readonly perMillionRru?: number;
  readonly perMillionWru?: number;
}

/** A statement's estimated price in USD and what it was computed from, for people to read. */
export interface StatementPrice {
  readonly usd: number;
  readonly mode: BillingMode;
  readonly region: string;
  /** `$0.125 per million RRU, $0.625 per million WRU (us-east-1, 2025-06)` */
  readonly basis: string;
}

export const PRICE_TABLE_DATE: string = prices.asOf;
export const DEFAULT_PRICE_REGION = 'us-east-1';

/** The region's prices; a region not in the table is priced as us-east-1 (and `basis` says so). */
export function regionPrices(region: string): { region: string; prices: RegionPrices } {
  const table = prices.regions as Record<string, RegionPrices>;
  const known = table[region];
  return known
    ? { region, prices: known }
    : { region: DEFAULT_PRICE_REGION, prices: table[DEFAULT_PRICE_REGION]! };
}

/**
 * The price of consuming `rcu` read and `wcu` write units.
 *   on-demand:   rcu × perMillionRru / 1e6 + wcu × perMillionWru / 1e6
 *                { rcu: 146, wcu: 0 } in us-east-1 → $0.00001825
 *   provisioned: the share of the unit-hours the units use at full utilisation (one RCU serves one
 *                unit per second, 3600 an hour): rcu × perRcuHour / 3600 + wcu × perWcuHour / 3600
 *                { rcu: 3600, wcu: 0 } in us-east-1 → $0.00013
 */
export function statementPrice(
  units: { readonly rcu: number; readonly wcu: number },
  mode: BillingMode,
  region: string,
  overrides: PriceOverrides = {},
): StatementPrice {
  const found = regionPrices(region);
  const where = found.region === region ? region : `${found.region}'s, ${region} not in the table`;
  if (mode === 'provisioned') {
    const { perRcuHour, perWcuHour } = found.prices.provisioned;
    return {
      usd: (units.rcu * perRcuHour + units.wcu * perWcuHour) / 3600,
      mode,
      region: found.region,
      basis: `$${perRcuHour} per RCU-hour, $${perWcuHour} per WCU-hour: the units' share of an hour of provisioned capacity used in full (one RCU serves 3,600 units an hour; the capacity is paid by the hour, used or not) (${where}, ${PRICE_TABLE_DATE})`,
    };
  }
  const rru = overrides.perMillionRru ?? found.prices.onDemand.perMillionRru;
  const wru = overrides.perMillionWru ?? found.prices.onDemand.perMillionWru;
  const overridden = overrides.perMillionRru !== undefined || overrides.perMillionWru !== undefined;
  return {
    usd: (units.rcu * rru + units.wcu * wru) / 1e6,
    mode,
    region: found.region,
    basis: `$${rru} per million RRU, $${wru} per million WRU (${overridden ? 'set by dynascope.price_per_million_*' : `${where}, ${PRICE_TABLE_DATE}`})`,
  };
}

/**
 * `$0.00001825` → "$0.000018"; two significant digits below a cent, as decimals (toPrecision would
 * write 1.9e-7, which no one reads as a price), cents above.
 */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${usd.toFixed(Math.min(100, 1 - Math.floor(Math.log10(usd))))}`;
}
