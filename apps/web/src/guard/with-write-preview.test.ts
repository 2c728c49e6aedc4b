import { describe, expect, it } from 'vitest';
import { previewStatement, writePlan } from '../test-support/preview-fixtures';
import { scanPlan } from '../test-support/wire-fixtures';
import { guardDecision } from './cost-guard';
import { asks, withWritePreview } from './with-write-preview';

const users = scanPlan({ relation: 'public.users', table: 'users', operation: 'Scan', estimatedRcu: 1 });
const settings = { scanRcuThreshold: 25 };

describe('withWritePreview', () => {
  it('asks for a previewed write that needs confirmation; the dialog shows every previewed write', () => {
    const many = previewStatement({ needsConfirmation: true, rowCount: 3 });
    const insert = previewStatement({ command: 'INSERT', needsConfirmation: false, rowCount: 1 });
    const planned = guardDecision([{ sql: 'select 1', plan: null }], settings);
    const d = withWritePreview(planned, [
      { statementIndex: 2, preview: insert },
      { statementIndex: 1, preview: many },
    ]);
    expect(d.confirm).toBe(true);
    expect(d.reasons.map((r) => [r.kind, r.statementIndex, asks(r)])).toEqual([
      ['write-preview', 1, true],
      ['write-preview', 2, false],
    ]);
  });
  it('runs without asking when no preview needs confirmation and nothing else asks', () => {
    const one = previewStatement({ rowCount: 1, needsConfirmation: false });
    const d = withWritePreview(guardDecision([{ sql: one.sql, plan: one.plan }], settings), [
      { statementIndex: 0, preview: one },
    ]);
    expect(d.confirm).toBe(false);
    expect(d.reasons).toHaveLength(1);
  });
  it('the exact count replaces the guess of an UPDATE without WHERE; unpreviewed statements keep it', () => {
    const plan = { scans: [users], write: writePlan({ relation: 'public.users', table: 'users' }) };
    const planned = guardDecision(
      [
        { sql: 'update users set n = 1', plan },
        { sql: 'delete from users', plan },
      ],
      settings,
    );
    expect(planned.reasons.map((r) => r.kind)).toEqual(['unfiltered-write', 'unfiltered-write']);
    // The users table has one item: the UPDATE changes one row, which the preview does not ask for.
    const one = previewStatement({
      sql: 'update users set n = 1',
      rowCount: 1,
      hasWhere: false,
      needsConfirmation: false,
    });
    const d = withWritePreview(planned, [{ statementIndex: 0, preview: one }]);
    expect(d.reasons.map((r) => [r.kind, r.statementIndex])).toEqual([
      ['write-preview', 0],
      ['unfiltered-write', 1],
    ]);
    expect(d.confirm).toBe(true);
    expect(
      withWritePreview(guardDecision([{ sql: 'update users set n = 1', plan }], settings), [
        { statementIndex: 0, preview: one },
      ]).confirm,
    ).toBe(false);
  });
  it('keeps the other reasons (an expensive Scan still asks beside a preview that does not)', () => {
    const scan = scanPlan({
      relation: 'public.events',
      table: 'events',
      operation: 'Scan',
      estimatedRcu: 900,
    });
    const planned = guardDecision([{ sql: 'select * from events', plan: { scans: [scan] } }], settings);
    const d = withWritePreview(planned, [
      { statementIndex: 1, preview: previewStatement({ rowCount: 1, needsConfirmation: false }) },
    ]);
    expect(d.confirm).toBe(true);
    expect(d.reasons.map((r) => r.kind)).toEqual(['scan', 'write-preview']);
  });
  it('says when the writes were not previewed (their read is a Scan above the threshold)', () => {
    const scan = scanPlan({
      relation: 'public.orders',
      table: 'orders',
      operation: 'Scan',
      estimatedRcu: 900,
    });
    const planned = guardDecision(
      [{ sql: 'delete from orders where total > 5', plan: { scans: [scan] } }],
      settings,
    );
    expect(withWritePreview(planned, [], 'too-expensive')).toMatchObject({
      confirm: true,
      writesNotPreviewed: true,
    });
    expect(withWritePreview(planned, [], 'preview').writesNotPreviewed).toBeUndefined();
  });
});
