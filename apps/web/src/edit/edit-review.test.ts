import { describe, expect, it } from 'vitest';
import type { WirePreviewStatement } from '../api/wire';
import { editReviewReducer, type EditReviewAction } from './edit-review';

const opened: EditReviewAction = {
  type: 'opened',
  statement: 0,
  request: { kind: 'delete', at: [1] },
  title: 'Delete 1 item from public.users',
  sql: "delete from public.users where user_id = 'u1';",
  warning: null,
};
const preview = { command: 'DELETE', rowCount: 1 } as WirePreviewStatement;
const run = (...actions: EditReviewAction[]) => actions.reduce(editReviewReducer, null);

describe('editReviewReducer', () => {
  it('opens previewing, is ready with the previews, then applies', () => {
    expect(run(opened)).toMatchObject({ phase: 'previewing', previews: [], error: null, warning: null });
    expect(run({ ...opened, warning: 'production' }, { type: 'previewed', previews: [] })?.warning).toBe(
      'production',
    );
    expect(run(opened, { type: 'previewed', previews: [preview] })).toMatchObject({
      phase: 'ready',
      previews: [preview],
    });
    expect(run(opened, { type: 'previewed', previews: [preview] }, { type: 'apply-started' })?.phase).toBe(
      'applying',
    );
  });

  it('does not apply before the preview, and a late preview does not undo a failure', () => {
    expect(run(opened, { type: 'apply-started' })?.phase).toBe('previewing');
    const failed = run(opened, { type: 'failed', message: 'invalid input syntax', sqlstate: '22P02' });
    expect(failed).toMatchObject({
      phase: 'failed',
      error: { message: 'invalid input syntax', sqlstate: '22P02' },
    });
    expect(editReviewReducer(failed, { type: 'previewed', previews: [preview] })).toBe(failed);
    expect(
      run(
        opened,
        { type: 'previewed', previews: [] },
        { type: 'apply-started' },
        { type: 'failed', message: 'x', partial: true },
      )?.partial,
    ).toBe(true);
  });

  it('closes, and ignores what comes after', () => {
    expect(run(opened, { type: 'closed' })).toBeNull();
    expect(run(opened, { type: 'closed' }, { type: 'previewed', previews: [] })).toBeNull();
  });

  it('blocks Apply when the preview changes more than the item edited, and says why', () => {
    const update: EditReviewAction = {
      ...opened,
      request: { kind: 'update', at: 0, column: 2, value: 'via grid' },
      title: 'Update note of 1 item in staging.orders',
      sql: "update staging.orders set note = 'via grid' where customer_id = 'C0041' returning ...;",
    };
    const partition = { command: 'UPDATE', rowCount: 10 } as WirePreviewStatement;
    const blocked = run(update, { type: 'previewed', previews: [partition] });
    expect(blocked).toMatchObject({ phase: 'blocked', previews: [partition] });
    expect(blocked?.blocked).toMatch(/^The preview changes 10 items, not the 1 item this edit is for/);
    expect(editReviewReducer(blocked, { type: 'apply-started' })).toBe(blocked);
    expect(run(update, { type: 'previewed', previews: [{ ...partition, rowCount: 1 }] })).toMatchObject({
      phase: 'ready',
      blocked: null,
    });
  });
});
