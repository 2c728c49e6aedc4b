import { describe, expect, it } from 'vitest';
import { formatUsd, statementPrice } from './statement-price';

describe('statementPrice', () => {
  it('prices on-demand reads and writes per million request units (us-east-1)', () => {
    const p = statementPrice({ rcu: 146, wcu: 2 }, 'on-demand', 'us-east-1');
    expect(p.usd).toBeCloseTo((146 * 0.125 + 2 * 0.625) / 1e6, 15);
    expect(p.basis).toBe('$0.125 per million RRU, $0.625 per million WRU (us-east-1, 2025-06)');
  });

  it('prices provisioned units as their share of a unit-hour', () => {
    const p = statementPrice({ rcu: 3600, wcu: 3600 }, 'provisioned', 'us-east-1');
    expect(p.usd).toBeCloseTo(0.00013 + 0.00065, 15);
    expect(p.mode).toBe('provisioned');
    expect(p.basis).toBe(
      "$0.00013 per RCU-hour, $0.00065 per WCU-hour: the units' share of an hour of provisioned capacity used in full (one RCU serves 3,600 units an hour; the capacity is paid by the hour, used or not) (us-east-1, 2025-06)",
    );
  });

  it('takes the settings over the table for on-demand prices', () => {
    const p = statementPrice({ rcu: 1e6, wcu: 1e6 }, 'on-demand', 'us-east-1', { perMillionRru: 0.25 });
    expect(p.usd).toBeCloseTo(0.25 + 0.625, 12);
    expect(p.basis).toContain('set by dynascope.price_per_million_*');
  });

  it('prices a region not in the table as us-east-1 and says so', () => {
    const p = statementPrice({ rcu: 8, wcu: 0 }, 'on-demand', 'xx-nowhere-1');
    expect(p.region).toBe('us-east-1');
    expect(p.usd).toBeCloseTo(1e-6, 15);
    expect(p.basis).toContain('xx-nowhere-1 not in the table');
  });

  it('costs nothing for nothing read or written', () => {
    expect(statementPrice({ rcu: 0, wcu: 0 }, 'on-demand', 'us-east-1').usd).toBe(0);
  });
});

describe('formatUsd', () => {
  it('shows cents above a cent and two significant digits below', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(1.234)).toBe('$1.23');
    expect(formatUsd(0.00001825)).toBe('$0.000018');
    // One RCU on demand: no exponent (the results bar showed "$1.9e-7").
    expect(formatUsd(1.9e-7)).toBe('$0.00000019');
    expect(formatUsd(0.0099)).toBe('$0.0099');
  });
});
