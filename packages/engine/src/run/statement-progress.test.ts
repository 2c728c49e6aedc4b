import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Progress } from '../types';
import { StatementProgress } from './statement-progress';

const page: Progress = {
  statementIndex: 2,
  relation: 'public.events',
  itemsScanned: 40,
  itemsReturned: 40,
  consumedRcu: 5,
};

describe('StatementProgress', () => {
  // The backoffs' time is performance.now()'s (retry-throttles.ts): faked, so a test says how long passed.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['performance'] }));
  afterEach(() => void vi.useRealTimers());

  it('a throttle before any page reports relation "" and zeros; a page then carries the counts', () => {
    const sent: Progress[] = [];
    const progress = new StatementProgress(2, (p) => sent.push(p));
    progress.throttles.retrying(80.4);
    // The page comes once the backoff is over: its report counts the whole backoff, the first none of it.
    vi.advanceTimersByTime(100);
    progress.report(page);
    expect(sent).toEqual([
      {
        statementIndex: 2,
        relation: '',
        itemsScanned: 0,
        itemsReturned: 0,
        consumedRcu: 0,
        throttledRetries: 1,
        throttledWaitMs: 0,
      },
      { ...page, throttledRetries: 1, throttledWaitMs: 80 },
    ]);
    expect(progress.counts()).toEqual({ throttledRetries: 1, throttledWaitMs: 80 });
  });

  it('a throttle after a page repeats its figures; throttles within 250 ms of a report of one are not reported again', () => {
    const sent: Progress[] = [];
    const progress = new StatementProgress(2, (p) => sent.push(p));
    progress.report(page);
    progress.throttles.retrying(100);
    vi.advanceTimersByTime(100);
    progress.throttles.retrying(150);
    expect(sent).toEqual([page, { ...page, throttledRetries: 1, throttledWaitMs: 0 }]);
    vi.advanceTimersByTime(150);
    expect(progress.counts()).toEqual({ throttledRetries: 2, throttledWaitMs: 250 });
  });

  it('nothing throttled: the reports as they were, no counts', () => {
    const sent: Progress[] = [];
    const progress = new StatementProgress(0, (p) => sent.push(p));
    progress.report(page);
    expect(sent).toEqual([page]);
    expect(progress.counts()).toEqual({});
  });
});
