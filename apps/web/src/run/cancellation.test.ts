import { describe, expect, it } from 'vitest';
import { answer, progress } from '../test-support/wire-fixtures';
import { initialRuns, runReducer, type RunAction, type Runs } from './run-reducer';
import { cancelledCost, isCancellation } from './cancellation';

const start = {
  id: 'r1',
  requestId: 'q1',
  kind: 'run' as const,
  submitted: 's',
  base: 0,
  preview: [],
  at: 1,
};
const apply = (...actions: RunAction[]): Runs =>
  [{ type: 'started', tabId: 't', start } as RunAction, ...actions].reduce(runReducer, initialRuns({}));
const cancelledAnswer = answer([], {
  error: {
    message: 'canceling statement due to user request',
    sqlstate: '57014',
    statementIndex: 0,
    consumedRcu: 42.5,
  },
});

describe('a cancelled run', () => {
  it('tells a cancel from a failure', () => {
    expect(isCancellation({ sqlstate: '57014' })).toBe(true);
    expect(isCancellation({ sqlstate: '42601' })).toBe(false);
    expect(isCancellation(null)).toBe(false);
  });

  it('shows the RCU read so far at once, then the server figure when its answer comes', () => {
    const cancelled = apply(
      {
        type: 'progress',
        tabId: 't',
        runId: 'r1',
        progress: progress({ itemsScanned: 5000, consumedRcu: 40 }),
      },
      { type: 'cancelled', tabId: 't', at: 5 },
    ).byTab.t!;
    expect(cancelledCost(cancelled)).toEqual({
      statementIndex: 0,
      consumedRcu: 40,
      itemsScanned: 5000,
      final: false,
    });
    const answered = runReducer(
      { byTab: { t: cancelled } },
      { type: 'finished', tabId: 't', runId: 'r1', result: cancelledAnswer, at: 9 },
    ).byTab.t!;
    // The late answer of the cancelled run is taken (it was ignored), and the run stays "cancelled".
    expect(answered.status).toBe('cancelled');
    expect(answered.error?.sqlstate).toBe('57014');
    expect(cancelledCost(answered)).toEqual({
      statementIndex: 0,
      consumedRcu: 42.5,
      itemsScanned: 5000,
      final: true,
    });
  });

  it('is cancelled, not an error, when the answer is the first to say so', () => {
    const r = apply({ type: 'finished', tabId: 't', runId: 'r1', result: cancelledAnswer, at: 9 }).byTab.t!;
    expect(r.status).toBe('cancelled');
    expect(cancelledCost(r)?.consumedRcu).toBe(42.5);
  });

  it('keeps a failed or finished run out of it', () => {
    const failed = apply({
      type: 'finished',
      tabId: 't',
      runId: 'r1',
      result: answer([], { error: { message: 'boom', sqlstate: 'XX000', statementIndex: 0 } }),
      at: 2,
    }).byTab.t!;
    expect(failed.status).toBe('error');
    expect(cancelledCost(failed)).toBeNull();
  });
});
