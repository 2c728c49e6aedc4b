import { describe, expect, it } from 'vitest';
import { formatRate } from './format-rate';

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
