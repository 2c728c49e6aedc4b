import { ThrottledRetries } from '../dynamo/retry-throttles';
import type { Progress } from '../types';

/**
 * Throttle-only reports are sent at most this often (a page's report is always sent); a throttle
 * within the interval is reported at its end, unless a page's report or the statement's end came first.
 */
const THROTTLE_REPORT_MS = 250;

/**
 * One statement's progress reports (ExecuteOptions.onProgress), each carrying how many of its
 * requests DynamoDB throttled and that were sent again, and the backoff waited before them. A
 * throttle sends a report of its own (the last page's figures again; relation '' before any page),
 * so that a statement every request of which is throttled is seen retrying, not stuck at 0 items:
 *   select count(*) from events        -- every Scan request throttled for 3 s
 *   → { statementIndex: 0, relation: '', itemsScanned: 0, ..., throttledRetries: 7, throttledWaitMs: 2810 }
 * Figures of the result: `counts()` → { throttledRetries: 7, throttledWaitMs: 2810 }, {} when none.
 * `close()` when the statement's first page is read or it failed: no report is sent after it.
 */
export class StatementProgress {
  readonly throttles = new ThrottledRetries(() => this.#throttled());
  #last: Progress | undefined;
  #lastThrottleReport = -Infinity;
  /** A throttle-only report due at the interval's end. */
  #trailing: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    private readonly statementIndex: number,
    private readonly onProgress: ((p: Progress) => void) | undefined,
  ) {}

  /** The statement context's `onProgress`: a page's figures, sent with the throttle counts. */
  readonly report = (p: Progress): void => {
    this.#last = p;
    // It carries the counts a report due would have.
    this.#cancelTrailing();
    this.onProgress?.({ ...p, ...this.counts() });
  };

  /** The throttle counts of a progress report or a statement's result; none when nothing was throttled. */
  counts(): { throttledRetries?: number; throttledWaitMs?: number } {
    const { retries, waitedMs } = this.throttles;
    return retries ? { throttledRetries: retries, throttledWaitMs: Math.round(waitedMs) } : {};
  }

  /** No report is sent after this (one due is dropped). */
  close(): void {
    this.#closed = true;
    this.#cancelTrailing();
  }

  #cancelTrailing(): void {
    clearTimeout(this.#trailing);
    this.#trailing = undefined;
  }

  #throttled(): void {
    if (!this.onProgress || this.#closed || this.#trailing) return;
    const since = performance.now() - this.#lastThrottleReport;
    if (since >= THROTTLE_REPORT_MS) return this.#sendThrottled();
    this.#trailing = setTimeout(() => {
      this.#trailing = undefined;
      this.#sendThrottled();
    }, THROTTLE_REPORT_MS - since);
    // A statement's timers never keep the process alive.
    this.#trailing.unref?.();
  }

  #sendThrottled(): void {
    this.#lastThrottleReport = performance.now();
    const last = this.#last ?? {
      statementIndex: this.statementIndex,
      relation: '',
      itemsScanned: 0,
      itemsReturned: 0,
      consumedRcu: 0,
    };
    this.onProgress!({ ...last, ...this.counts() });
  }
}
