/**
 * How often a statement's DynamoDB calls were throttled and sent again, and how long they waited
 * before doing so: counted by the retry strategy (dynamo/retry-budget.ts) of every call made within
 * the statement's budget, told to `onRetry` at each (the statement's progress reports carry the counts).
 *   withRetryBudget(60_000, () => scan(), throttles)   // 3 throttles, then pages
 *   throttles.retries → 3, throttles.waitedMs → 412 (the backoffs, 100 ms base, growing, jittered)
 * A throttle the call is not retried after (its budget ran out) is the error's (RetryRecord), not here.
 */
export class ThrottledRetries {
  #retries = 0;
  /** The backoffs that have ended (a later throttle's retry was sent after them). */
  #waitedMs = 0;
  /** The last backoff: when it began (performance.now()) and how long it is. */
  #last: { readonly since: number; readonly ms: number } | null = null;

  constructor(private readonly onRetry?: (t: ThrottledRetries) => void) {}

  /** Retries sent after a throttle, so far. */
  get retries(): number {
    return this.#retries;
  }

  /**
   * The backoffs waited before them, in ms: the last one only as far as it has gone, so that the
   * figure never runs ahead of the clock (a call's calls in parallel each wait, and their sum may).
   */
  get waitedMs(): number {
    const last = this.#last;
    return this.#waitedMs + (last ? Math.min(last.ms, performance.now() - last.since) : 0);
  }

  /** One more throttled call will be sent again after `delayMs`. */
  retrying(delayMs: number): void {
    if (this.#last) this.#waitedMs += this.#last.ms;
    this.#last = { since: performance.now(), ms: delayMs };
    this.#retries++;
    this.onRetry?.(this);
  }
}
