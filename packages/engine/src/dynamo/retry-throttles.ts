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
  #waitedMs = 0;

  constructor(private readonly onRetry?: (t: ThrottledRetries) => void) {}

  /** Retries sent after a throttle, so far. */
  get retries(): number {
    return this.#retries;
  }

  /** The backoffs waited before them, in ms (the one under way counted in full). */
  get waitedMs(): number {
    return this.#waitedMs;
  }

  /** One more throttled call will be sent again after `delayMs`. */
  retrying(delayMs: number): void {
    this.#retries++;
    this.#waitedMs += delayMs;
    this.onRetry?.(this);
  }
}
