import { describe, expect, it } from 'vitest';
import type { ScriptResult } from '@dynascope/contract';
import { ConsumedSoFar } from './consumed-so-far';

const result = (error: ScriptResult['error']): ScriptResult => ({
  statements: [],
  redactedSql: 'select 1',
  redactions: [],
  ...(error ? { error } : {}),
});

describe('ConsumedSoFar', () => {
  it('a throttle before any page is no read: the failure keeps no consumedRcu', () => {
    const tally = new ConsumedSoFar();
    tally.record({
      statementIndex: 0,
      relation: '',
      itemsScanned: 0,
      itemsReturned: 0,
      consumedRcu: 0,
      throttledRetries: 9,
      throttledWaitMs: 1480,
    });
    const failed = result({
      message: 'ProvisionedThroughputExceededException',
      sqlstate: '08006',
      statementIndex: 0,
    });
    expect(tally.withStoppedCost(failed)).toEqual(failed);
  });

  it("gives a cancelled statement the sum of its relations' last reports", () => {
    const tally = new ConsumedSoFar();
    const report = (statementIndex: number, relation: string, consumedRcu: number) =>
      tally.record({ statementIndex, relation, itemsScanned: 0, itemsReturned: 0, consumedRcu });
    report(0, 'public.users', 0.5);
    report(1, 'public.events', 4);
    report(1, 'public.orders', 1.5);
    report(1, 'public.events', 10.5); // a running total: the last report counts, not their sum
    const cancelled = tally.withStoppedCost(
      result({ message: 'canceling statement due to user request', sqlstate: '57014', statementIndex: 1 }),
    );
    expect(cancelled.error).toEqual({
      message: 'canceling statement due to user request',
      sqlstate: '57014',
      statementIndex: 1,
      consumedRcu: 12,
    });
  });

  it('says 0 for a statement cancelled before its first page, and leaves other errors alone', () => {
    const tally = new ConsumedSoFar();
    expect(
      tally.withStoppedCost(result({ message: 'x', sqlstate: '57014', statementIndex: 0 })).error
        ?.consumedRcu,
    ).toBe(0);
    const failed = result({ message: 'syntax error', sqlstate: '42601', statementIndex: 0 });
    expect(tally.withStoppedCost(failed)).toBe(failed);
  });

  // Review h4 item 9: a failed write's GetItem consumed 0.5 RCU, and the plan card said only "failed".
  it('gives a statement that failed after reading what it had read', () => {
    const tally = new ConsumedSoFar();
    tally.record({
      statementIndex: 0,
      relation: 'app.orders',
      itemsScanned: 1,
      itemsReturned: 1,
      consumedRcu: 0.5,
    });
    const failed = tally.withStoppedCost(
      result({ message: 'ConditionalCheckFailed', sqlstate: '40001', statementIndex: 0 }),
    );
    expect(failed.error?.consumedRcu).toBe(0.5);
  });
});
