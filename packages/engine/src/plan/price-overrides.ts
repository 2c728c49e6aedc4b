import type { PriceOverrides } from '@dynascope/contract';
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
