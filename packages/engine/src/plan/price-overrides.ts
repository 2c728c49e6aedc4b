import type { BillingMode, PriceOverrides } from '@dynascope/contract';
import { EngineError, SqlState } from '../errors';
import type { SessionSettings } from '../session/settings';

/**
 * The session's prices per million request units, as a scan's plan carries them for the web to price with:
 *   SET dynascope.price_per_million_rru = '0.25'  → { perMillionRru: 0.25 }
 *   both unset                                    → {} (the price table's)
 *   SET dynascope.price_per_million_wru = 'cheap' → 22023
 */
export function priceOverrides(settings: SessionSettings): PriceOverrides {
  const rru = usdSetting('price_per_million_rru', settings.pricePerMillionRru);
  const wru = usdSetting('price_per_million_wru', settings.pricePerMillionWru);
  return Object.freeze({
    ...(rru !== undefined && { perMillionRru: rru }),
    ...(wru !== undefined && { perMillionWru: wru }),
  });
}

function usdSetting(name: string, text: string | null): number | undefined {
  if (text === null) return undefined;
  const n = /^\s*\d+(\.\d*)?\s*$|^\s*\.\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n))
    throw new EngineError(
      SqlState.invalidParameterValue,
      `invalid value for parameter "dynascope.${name}": "${text}"`,
      {
        hint: 'a price in US dollars, 0 or more: 1.25',
      },
    );
  return n;
}

/**
 * What the web prices a table's reads or writes with: DescribeTable's billing mode, the region the
 * server's client calls (absent: the SDK's default, priced as us-east-1), the session's prices.
 *   PROVISIONED, region 'eu-west-1', SET dynascope.price_per_million_rru = '0.3'
 *     → { billingMode: 'provisioned', region: 'eu-west-1', priceOverrides: { perMillionRru: 0.3 } }
 */
export function tablePricing(
  billingMode: string | null,
  region: string | undefined,
  settings: SessionSettings,
): { billingMode?: BillingMode; region?: string; priceOverrides?: PriceOverrides } {
  const overrides = priceOverrides(settings);
  return {
    ...(billingMode && {
      billingMode: billingMode === 'PROVISIONED' ? ('provisioned' as const) : ('on-demand' as const),
    }),
    ...(region && { region }),
    ...(Object.keys(overrides).length && { priceOverrides: overrides }),
  };
}
