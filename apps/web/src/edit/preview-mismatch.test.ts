import { describe, expect, it } from 'vitest';
import type { WirePreviewStatement } from '../api/wire';
import { previewMismatch } from './preview-mismatch';

const counts = (...n: number[]) =>
  n.map((rowCount) => ({ command: 'UPDATE', rowCount }) as WirePreviewStatement);
const update = { kind: 'update', at: 0, column: 2, value: 'x' } as const;

describe('previewMismatch', () => {
  it('lets an edit apply when each statement changes the items it is for', () => {
    expect(previewMismatch(update, counts(1))).toBeNull();
    expect(previewMismatch({ kind: 'insert', values: new Map() }, counts(1))).toBeNull();
    const cells = [
      { at: 0, column: 1, value: 'a' },
      { at: 0, column: 2, value: 'b' },
      { at: 3, column: 1, value: 'c' },
    ];
    expect(previewMismatch({ kind: 'cells', cells }, counts(1, 1))).toBeNull();
    // Deletes: one statement per partition.
    expect(previewMismatch({ kind: 'delete', at: [0, 1, 2] }, counts(2, 1))).toBeNull();
  });

  it('blocks a one-item edit whose preview changes a whole partition (h4 item 3), and says why', () => {
    expect(previewMismatch(update, counts(10))).toBe(
      'The preview changes 10 items, not the 1 item this edit is for: its WHERE does not name one item by its full key. Nothing was written; run the query again before editing.',
    );
    const cells = [
      { at: 0, column: 1, value: 'a' },
      { at: 1, column: 1, value: 'b' },
    ];
    // Two items counted, but one statement changed both and the other none.
    expect(previewMismatch({ kind: 'cells', cells }, counts(2, 0))).toMatch(
      /^The preview changes 2 items, not the 1 item/,
    );
    expect(previewMismatch({ kind: 'delete', at: [0, 1] }, counts(3))).toMatch(
      /^The preview changes 3 items, not the 2 items this edit is for: its WHERE does not name each item/,
    );
  });

  it('blocks an edit of items that are gone', () => {
    expect(previewMismatch(update, counts(0))).toBe(
      'No item has this key any more: the preview changes nothing. Nothing was written; run the query again to see the table as it is.',
    );
    expect(previewMismatch(update, [])).toMatch(/^No item has this key any more/);
    expect(previewMismatch({ kind: 'delete', at: [0, 1, 2] }, counts(1, 0))).toBe(
      '2 of the 3 items no longer exist: the preview changes 1 item. Nothing was written; run the query again to see the table as it is.',
    );
  });
});
