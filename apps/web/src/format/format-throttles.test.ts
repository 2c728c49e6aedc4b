import { describe, expect, it } from 'vitest';
import { throttledRetriesText, throttleStatus } from './format-throttles';

describe('throttleStatus', () => {
  it('says the statement is retrying, how often and how long it waited', () => {
    expect(throttleStatus({ throttledRetries: 7, throttledWaitMs: 2810 })).toBe(
      'throttled — retrying (7), waited 2.8 s',
    );
    expect(throttleStatus({ throttledRetries: 1, throttledWaitMs: 40 })).toBe(
      'throttled — retrying (1), waited 0.0 s',
    );
  });

  it('nothing when nothing was throttled', () => {
    expect(throttleStatus({})).toBeNull();
    expect(throttleStatus({ throttledRetries: 0, throttledWaitMs: 0 })).toBeNull();
  });
});

describe('throttledRetriesText', () => {
  it('counts the retries of a finished statement', () => {
    expect(throttledRetriesText({ throttledRetries: 3, throttledWaitMs: 412 })).toBe(
      '3 throttled retries (waited 0.4 s)',
    );
    expect(throttledRetriesText({ throttledRetries: 1, throttledWaitMs: 60 })).toBe(
      '1 throttled retry (waited 0.1 s)',
    );
    expect(throttledRetriesText({})).toBeNull();
  });
});
