import { ContextVariable } from './context-variable';
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
  private readonly holder = new ContextVariable<{ held: boolean }>();

  /** Whether the calling context holds the lock now. */
  get held(): boolean {
    return this.holder.get()?.held === true;
  }

  /**
   * Runs `fn` holding the lock. A caller that has waited `waitMs` gives up with `timedOut()` and its
   * turn is skipped: a span that waits for work which itself waits for the lock would otherwise
   * hold it for ever.
   */
  run<T>(fn: () => Promise<T>, waitMs?: number, timedOut?: () => Error): Promise<T> {
    if (this.held) return fn();
    let late = false;
    let timer: NodeJS.Timeout | undefined;
    const turn = this.mutex.run(async (): Promise<T> => {
      clearTimeout(timer);
      if (late) return undefined as T;
      const span = { held: true };
      try {
        return await this.holder.run(span, fn);
      } finally {
        span.held = false;
      }
    });
    if (waitMs === undefined) return turn;
    return new Promise<T>((resolve, reject) => {
      timer = setTimeout(() => {
        late = true;
        reject(timedOut?.() ?? new Error(`waited ${waitMs} ms for the lock`));
      }, waitMs);
      turn.then(
        (value) => !late && resolve(value),
        (e: unknown) => !late && reject(e as Error),
      );
    });
  }
}
