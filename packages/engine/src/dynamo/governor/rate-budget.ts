/**
 * One budget of capacity units per second, paced as GCRA's "virtual scheduling": the budget keeps
 * the time by which everything taken so far is paid for (`paidUntil`). A request may be sent once
 * that time is not in the future; taking its estimated cost moves it on by cost / rate; what
 * DynamoDB then reports as consumed settles the difference (a debt makes later requests wait
 * longer, an overestimate gives the time back). There is no burst: whatever was idle is not saved
 * up, so the requests sent in any window of W seconds cost at most rate × W plus the last one taken
 * (callers keep each request to a fraction of a second's worth: request-cost.ts).
 *
 * Not a library's token bucket (`limiter`, `bottleneck`): DynamoDB says what a request cost only
 * after it answered, so the budget must take an estimate first and settle afterwards, into debt.
 *
 *   const b = new RateBudget();      // 20 RCU/s
 *   b.waitMs(0) → 0; b.take(5, 20, 0)   // paid until 250 ms
 *   b.waitMs(100) → 150; b.settle(2, 20)  // it cost 7: paid until 350 ms
 */
export class RateBudget {
  private paidUntil = 0;

  /** How long from `now` (ms) until a request may be sent. */
  waitMs(now: number): number {
    return Math.max(0, this.paidUntil - now);
  }

  /** Takes `cost` units at `rate` units per second, sent at `now`. */
  take(cost: number, rate: number, now: number): void {
    this.paidUntil = Math.max(this.paidUntil, now) + (cost / rate) * 1000;
  }

  /** What a request really cost minus what was taken for it (`delta` may be negative). */
  settle(delta: number, rate: number): void {
    this.paidUntil += (delta / rate) * 1000;
  }
}
