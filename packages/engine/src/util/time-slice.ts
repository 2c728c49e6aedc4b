import { setImmediate as nextTurn } from 'node:timers/promises';

/** Milliseconds of synchronous work between two turns of the event loop. */
export const SLICE_MS = 4;

/**
 * Cuts a long synchronous task (a page's items folded, decoded) into slices of about `SLICE_MS`, so
 * another session's request waits for one slice, never for the whole task: `due()` reads the clock,
 * `pause()` gives the event loop a turn (setImmediate: I/O and timers run first; when nothing waits
 * it costs a few microseconds). Check `due()` every few dozen items, not every one.
 */
export class TimeSlice {
  private since = performance.now();

  due(): boolean {
    return performance.now() - this.since >= SLICE_MS;
  }

  async pause(): Promise<void> {
    await nextTurn();
    this.since = performance.now();
  }

  /** Calls `fn` on each element, pausing whenever a slice is used up. */
  async each<T>(elements: readonly T[], fn: (element: T) => void): Promise<void> {
    for (let i = 0; i < elements.length; i++) {
      fn(elements[i]!);
      if ((i & 31) === 31 && this.due()) await this.pause();
    }
  }
}
