import { describe, expect, it } from 'vitest';
import { answer, statement } from '../test-support/wire-fixtures';
import { historyEntry } from './history-entry';

describe('historyEntry', () => {
  it('sums durations and RCU over the statements and takes the last row count', () => {
    const result = answer([
      statement({ durationMs: 2, consumedRcu: 0.5, rowCount: 3 }),
      statement({ durationMs: 4, consumedRcu: 1, rowCount: 7 }),
    ]);
    expect(historyEntry('h1', 10, "select '********'", result)).toEqual({
      id: 'h1',
      sql: "select '********'",
      at: 10,
      ok: true,
      durationMs: 6,
      consumedRcu: 1.5,
      rowCount: 7,
    });
  });

  it('keeps the SQL error, or else the transport failure', () => {
    const failed = historyEntry(
      'h2',
      1,
      'select x',
      answer([], { error: { message: 'column "x" does not exist' } }),
    );
    expect(failed).toMatchObject({
      ok: false,
      error: 'column "x" does not exist',
      durationMs: null,
      consumedRcu: null,
      rowCount: null,
    });
    expect(failed.cancelled).toBeUndefined();
    expect(historyEntry('h3', 1, 'select 1', null, 'Failed to fetch')).toMatchObject({
      ok: false,
      error: 'Failed to fetch',
    });
  });

  it('a cancel is "cancelled", with the RCU read before it stopped counted', () => {
    const result = answer([statement({ durationMs: 2, consumedRcu: 0.5 })], {
      error: {
        message: 'canceling statement due to user request',
        sqlstate: '57014',
        statementIndex: 1,
        consumedRcu: 30,
      },
    });
    expect(historyEntry('h4', 1, 'select 1; select * from events', result)).toMatchObject({
      ok: false,
      cancelled: true,
      consumedRcu: 30.5,
    });
  });
});
