import { describe, expect, it } from 'vitest';
import {
  gridViewReducer,
  initialGridView,
  selectedBlock,
  visibleColumns,
  type GridViewAction,
} from './grid-view';

const run = (actions: GridViewAction[], n = 4) => actions.reduce(gridViewReducer, initialGridView(n));

describe('grid view', () => {
  it('hides, shows and moves columns, never hiding the last one', () => {
    const v = run([
      { type: 'column-toggled', column: 1 },
      { type: 'column-moved', column: 3, by: -1 },
      { type: 'column-moved', column: 0, by: -1 },
    ]);
    expect(v.order).toEqual([0, 1, 3, 2]);
    expect(visibleColumns(v)).toEqual([0, 3, 2]);
    expect(visibleColumns(gridViewReducer(v, { type: 'column-toggled', column: 1 }))).toEqual([0, 1, 3, 2]);
    const one = run(
      [
        { type: 'column-toggled', column: 0 },
        { type: 'column-toggled', column: 1 },
      ],
      2,
    );
    expect(visibleColumns(one)).toEqual([1]);
    expect(visibleColumns(run([{ type: 'column-toggled', column: 2 }, { type: 'columns-reset' }]))).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it('puts a dropped header in the place of the one it was dropped on', () => {
    const drop = (column: number, on: number) => run([{ type: 'column-dropped', column, on }]).order;
    expect(drop(0, 2)).toEqual([1, 2, 0, 3]);
    expect(drop(3, 1)).toEqual([0, 3, 1, 2]);
    expect(drop(1, 1)).toEqual([0, 1, 2, 3]);
    expect(drop(9, 1)).toEqual([0, 1, 2, 3]);
  });

  it('sets and clears a formatter, which a reset keeps', () => {
    const v = run([
      { type: 'format-set', column: 2, format: 'epoch-ms' },
      { type: 'format-set', column: 3, format: 'epoch-s' },
      { type: 'format-set', column: 3, format: null },
      { type: 'columns-reset' },
    ]);
    expect(v.formats).toEqual({ 2: 'epoch-ms' });
  });

  it('selects a block from its anchor, whole rows from the row numbers', () => {
    const v = run([
      { type: 'cell-selected', at: { r: 5, c: 2 }, extend: false },
      { type: 'cell-selected', at: { r: 3, c: 0 }, extend: true },
    ]);
    expect(selectedBlock(v)).toEqual({ rows: [3, 5], cols: [0, 2] });
    const rows = run([
      { type: 'rows-selected', row: 1, extend: false, columns: 4 },
      { type: 'rows-selected', row: 4, extend: true, columns: 4 },
    ]);
    expect(selectedBlock(rows)).toEqual({ rows: [1, 4], cols: [0, 3] });
    expect(selectedBlock(gridViewReducer(rows, { type: 'selection-cleared' }))).toBeNull();
    // Moving a column clears the block (its positions no longer mean the same cells).
    expect(gridViewReducer(rows, { type: 'column-moved', column: 1, by: 1 }).selection).toBeNull();
  });
});
