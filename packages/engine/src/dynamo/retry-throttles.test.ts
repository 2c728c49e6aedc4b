import { describe, expect, it } from 'vitest';
import { ThrottledRetries } from './retry-throttles';

describe('ThrottledRetries', () => {
  it('counts a backoff under way only as far as it has gone: the figure never runs ahead of the clock', () => {
    const t = new ThrottledRetries();
    const start = performance.now();
    t.retrying(60_000);
    expect(t.retries).toBe(1);
    expect(t.waitedMs).toBeLessThanOrEqual(performance.now() - start);
  });

  it('counts a backoff in full once the next throttled retry is under way', () => {
    const told: number[] = [];
    const t = new ThrottledRetries((x) => told.push(x.retries));
    t.retrying(60_000);
    t.retrying(5);
    expect(t.retries).toBe(2);
    expect(t.waitedMs).toBeGreaterThanOrEqual(60_000);
    expect(t.waitedMs).toBeLessThanOrEqual(60_005);
    expect(told).toEqual([1, 2]);
  });
});
