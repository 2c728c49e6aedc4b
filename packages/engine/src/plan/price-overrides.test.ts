import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import type { SessionSettings } from '../session/settings';
import { priceOverrides } from './price-overrides';

const settings = (rru: string | null, wru: string | null) =>
  ({ pricePerMillionRru: rru, pricePerMillionWru: wru }) as SessionSettings;

describe('priceOverrides', () => {
  it('is empty when neither setting is set', () => {
    expect(priceOverrides(settings(null, null))).toEqual({});
  });

  it('reads each price that is set, with all its digits', () => {
    expect(priceOverrides(settings('0.25', null))).toEqual({ perMillionRru: 0.25 });
    expect(priceOverrides(settings(null, '1.4175'))).toEqual({ perMillionWru: 1.4175 });
    expect(priceOverrides(settings('0', ' .5 '))).toEqual({ perMillionRru: 0, perMillionWru: 0.5 });
  });

  it.each(['cheap', '-1', '1e3', 'Infinity', '', '1.2.3'])(
    'refuses %j with 22023 naming the setting',
    (text) => {
      let error: unknown;
      try {
        priceOverrides(settings(null, text));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).sqlstate).toBe('22023');
      expect((error as EngineError).message).toBe(
        `invalid value for parameter "dynascope.price_per_million_wru": "${text}"`,
      );
    },
  );
});
