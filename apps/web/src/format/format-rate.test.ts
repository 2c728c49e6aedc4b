import { describe, expect, it } from 'vitest';
import { formatRate, formatRateLimit } from './format-rate';

describe('formatRate', () => {
  it('shows the rate against its limit', () => {
    expect(formatRate({ rcuPerSecond: 18.54, maxRcuPerSecond: 25 })).toBe('18.5 / 25 RCU/s');
  });
  it('shows the rate alone when nothing limits it', () => {
    expect(formatRate({ rcuPerSecond: 1234.4 })).toBe('1,234 RCU/s');
  });
  it('shows nothing before the engine reports a rate', () => {
    expect(formatRate({ maxRcuPerSecond: 25 })).toBeNull();
  });
});

describe('formatRateLimit', () => {
  it('says the limit, where it comes from and how long the read takes at it', () => {
    expect(formatRateLimit({ rcuPerSecond: 20, source: 'session', estimatedSeconds: 12.5 })).toBe(
      'limited to 20 RCU/s (session setting) · about 12.5 s at that rate',
    );
    expect(formatRateLimit({ rcuPerSecond: 40, source: 'table', estimatedSeconds: null })).toBe(
      'limited to 40 RCU/s (table option)',
    );
  });
  it("says a write's limit in WCU", () => {
    expect(formatRateLimit({ wcuPerSecond: 2, source: 'session', estimatedSeconds: 5 })).toBe(
      'limited to 2 WCU/s (session setting) · about 5 s at that rate',
    );
    expect(formatRateLimit({ wcuPerSecond: 1500, source: 'server', estimatedSeconds: null })).toBe(
      'limited to 1,500 WCU/s (server option)',
    );
  });
});
