import { describe, expect, it } from 'vitest';
import { RateBudget } from './rate-budget';

/** Sends requests of `cost` as fast as the budget allows for `seconds`; the send times (ms). */
function sendAsAllowed(budget: RateBudget, cost: number, rate: number, seconds: number): number[] {
  const sent: number[] = [];
  let now = 0;
  while (now < seconds * 1000) {
    now += budget.waitMs(now);
    budget.take(cost, rate, now);
    sent.push(now);
  }
  return sent;
}

describe('RateBudget (no burst, settled afterwards)', () => {
  it('lets a first request go at once and spaces the next by cost / rate', () => {
    const b = new RateBudget();
    expect(b.waitMs(0)).toBe(0);
    b.take(5, 20, 0);
    expect(b.waitMs(0)).toBe(250);
    expect(b.waitMs(100)).toBe(150);
    expect(b.waitMs(250)).toBe(0);
  });

  it('keeps any 2-second window within rate × 2 plus one request', () => {
    const b = new RateBudget();
    const sent = sendAsAllowed(b, 5, 20, 10);
    for (const start of sent) {
      const inWindow = sent.filter((t) => t >= start && t < start + 2000).length;
      expect(inWindow * 5).toBeLessThanOrEqual(20 * 2 + 5);
      if (start <= 8000) expect(inWindow * 5).toBeGreaterThanOrEqual(20 * 2);
    }
  });

  it('a request that cost more than taken leaves a debt the next ones wait for', () => {
    const b = new RateBudget();
    b.take(1, 10, 0);
    b.settle(4, 10);
    expect(b.waitMs(0)).toBe(500);
  });

  it('an overestimate gives the time back', () => {
    const b = new RateBudget();
    b.take(10, 10, 0);
    b.settle(-8, 10);
    expect(b.waitMs(0)).toBe(200);
  });

  it('idle time is not saved up: after a pause the next request is paced from now', () => {
    const b = new RateBudget();
    b.take(10, 10, 0);
    expect(b.waitMs(5000)).toBe(0);
    b.take(10, 10, 5000);
    expect(b.waitMs(5000)).toBe(1000);
  });

  it('a budget shared at two rates moves on by each request at its own rate', () => {
    const b = new RateBudget();
    b.take(10, 10, 0);
    b.take(10, 20, 0);
    expect(b.waitMs(0)).toBe(1500);
  });
});
