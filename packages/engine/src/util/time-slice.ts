import { setImmediate as nextTurn } from 'node:timers/promises';
import { givingWay } from './fair-share';

/** Milliseconds of synchronous work between two turns of the event loop. */
export const SLICE_MS = 4;
/** ... while other sessions are at work (fair-share.ts): their requests wait for shorter slices. */
export const FAIR_SLICE_MS = 2;

/**
 * Cuts a long synchronous task (a page's items folded, decoded) into slices of about `SLICE_MS`
 * (`FAIR_SLICE_MS` while other sessions are at work), so another session's request waits for one
 * slice, never for the whole task: `due()` reads the clock, `pause()` gives the event loop a turn
 * (setImmediate: I/O and timers run first; when nothing waits it costs a few microseconds). Check
 * `due()` every few dozen items, not every one.
 */
export class TimeSlice {
  private since = performance.now();
  private ms = sliceMs();

  due(): boolean {
    return performance.now() - this.since >= this.ms;
  }

  async pause(): Promise<void> {
    await nextTurn();
    this.ms = sliceMs();
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

function sliceMs(): number {
  return givingWay() ? FAIR_SLICE_MS : SLICE_MS;
}
