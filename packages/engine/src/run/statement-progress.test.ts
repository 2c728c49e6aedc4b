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
  // The backoffs' time is performance.now()'s (retry-throttles.ts), and a report due is a timer's:
  // faked, so a test says how long passed.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] }));
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

  it('a throttle after a page repeats its figures; throttles within 250 ms of it are reported once, at the 250 ms', () => {
    const sent: Progress[] = [];
    const progress = new StatementProgress(2, (p) => sent.push(p));
    progress.report(page);
    progress.throttles.retrying(100);
    vi.advanceTimersByTime(100);
    progress.throttles.retrying(100);
    vi.advanceTimersByTime(100);
    progress.throttles.retrying(150);
    expect(sent).toEqual([page, { ...page, throttledRetries: 1, throttledWaitMs: 0 }]);
    vi.advanceTimersByTime(49);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([
      page,
      { ...page, throttledRetries: 1, throttledWaitMs: 0 },
      { ...page, throttledRetries: 3, throttledWaitMs: 250 },
    ]);
    // The next throttle-only report is 250 ms after that one.
    vi.advanceTimersByTime(100);
    progress.throttles.retrying(100);
    vi.advanceTimersByTime(149);
    expect(sent).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(sent.at(-1)).toEqual({ ...page, throttledRetries: 4, throttledWaitMs: 450 });
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(4);
    expect(progress.counts()).toEqual({ throttledRetries: 4, throttledWaitMs: 450 });
  });

  it("a page's report carries the counts of a report due, which is then not sent", () => {
    const sent: Progress[] = [];
    const progress = new StatementProgress(2, (p) => sent.push(p));
    progress.throttles.retrying(50);
    vi.advanceTimersByTime(50);
    progress.throttles.retrying(50);
    vi.advanceTimersByTime(50);
    progress.report(page);
    vi.advanceTimersByTime(1000);
    expect(sent.map((p) => [p.relation, p.throttledRetries])).toEqual([
      ['', 1],
      ['public.events', 2],
    ]);
  });

  it('closed (the first page read, or the statement failed): a report due is not sent, nor one of a later throttle', () => {
    const sent: Progress[] = [];
    const progress = new StatementProgress(0, (p) => sent.push(p));
    progress.throttles.retrying(50);
    vi.advanceTimersByTime(50);
    progress.throttles.retrying(50);
    progress.close();
    vi.advanceTimersByTime(1000);
    progress.throttles.retrying(50);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(1);
    expect(progress.counts()).toEqual({ throttledRetries: 3, throttledWaitMs: 150 });
  });

  it('nothing throttled: the reports as they were, no counts', () => {
    const sent: Progress[] = [];
    const progress = new StatementProgress(0, (p) => sent.push(p));
    progress.report(page);
    expect(sent).toEqual([page]);
    expect(progress.counts()).toEqual({});
  });
});
