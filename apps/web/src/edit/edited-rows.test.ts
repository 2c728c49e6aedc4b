import { describe, expect, it } from 'vitest';
import { editedRows } from './edited-rows';

describe('editedRows', () => {
  const rows = [['a'], ['b'], ['c']];
  it('replaces, appends and removes rows without touching the others', () => {
    expect(editedRows(rows, { kind: 'replace', at: 1, row: ['B'] })).toEqual([['a'], ['B'], ['c']]);
    expect(editedRows(rows, { kind: 'append', row: ['d'] })).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(editedRows(rows, { kind: 'remove', at: [0, 2] })).toEqual([['b']]);
    expect(
      editedRows(rows, {
        kind: 'replace-rows',
        rows: [
          { at: 2, row: ['C'] },
          { at: 0, row: ['A'] },
        ],
      }),
    ).toEqual([['A'], ['b'], ['C']]);
    expect(rows).toEqual([['a'], ['b'], ['c']]);
  });
});
