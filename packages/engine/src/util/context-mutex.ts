import { AsyncLocalStorage } from 'node:async_hooks';
import { Mutex } from './mutex';

/**
 * A FIFO mutex that work started inside a holder's `run` passes through (re-entrant by async
 * context, not by caller): a span holding it (`host.transaction(fn)`) runs its own nested calls,
 * whatever object makes them, while every other caller waits. A context that outlives its span
 * (a timer set inside it) waits like any other caller once the span has ended.
 *
 *   lock.run(() => lock.run(() => query()))   // the inner run does not wait for the outer one
 */
export class ContextMutex {
  private readonly mutex = new Mutex();
  private readonly holder = new AsyncLocalStorage<{ held: boolean }>();

  /** Whether the calling context holds the lock now. */
  get held(): boolean {
    return this.holder.getStore()?.held === true;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held) return fn();
    return this.mutex.run(async () => {
      const span = { held: true };
      try {
        return await this.holder.run(span, fn);
      } finally {
        span.held = false;
      }
    });
  }
}
