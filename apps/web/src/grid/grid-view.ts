import type { EpochUnit } from './epoch-format';

/** A cell of the grid as shown: its row's position in the sorted/filtered view, its visible column's position. */
export interface ViewCell {
  readonly r: number;
  readonly c: number;
}

/** What the reader changed about how the grid shows a result (nothing of it reaches SQL). */
export interface GridView {
  /** Column indexes of the result in the order shown (hidden ones included). */
  readonly order: readonly number[];
  readonly hidden: readonly number[];
  /** Display-only formatters by column index. */
  readonly formats: Readonly<Record<number, EpochUnit>>;
  /** The selected block: where it started and where it ends (inclusive). */
  readonly selection: { readonly anchor: ViewCell; readonly head: ViewCell } | null;
}

export type GridViewAction =
  | { readonly type: 'column-toggled'; readonly column: number }
  | { readonly type: 'column-moved'; readonly column: number; readonly by: -1 | 1 }
  /** A header dropped on another: it takes that column's place (the others shift towards where it was). */
  | { readonly type: 'column-dropped'; readonly column: number; readonly on: number }
  | { readonly type: 'columns-reset' }
  | { readonly type: 'format-set'; readonly column: number; readonly format: EpochUnit | null }
  | { readonly type: 'cell-selected'; readonly at: ViewCell; readonly extend: boolean }
  | {
      readonly type: 'rows-selected';
      readonly row: number;
      readonly extend: boolean;
      readonly columns: number;
    }
  | { readonly type: 'selection-cleared' };

export function initialGridView(columnCount: number): GridView {
  return { order: [...Array(columnCount).keys()], hidden: [], formats: {}, selection: null };
}

/** Decides the grid's view: hide/show and move columns, formatters, the selected block. */
export function gridViewReducer(v: GridView, a: GridViewAction): GridView {
  switch (a.type) {
    case 'column-toggled': {
      const hidden = v.hidden.includes(a.column)
        ? v.hidden.filter((c) => c !== a.column)
        : [...v.hidden, a.column];
      // Never hide the last column shown.
      if (hidden.length >= v.order.length) return v;
      return { ...v, hidden, selection: null };
    }
    case 'column-moved': {
      const at = v.order.indexOf(a.column);
      const to = at + a.by;
      if (at < 0 || to < 0 || to >= v.order.length) return v;
      const order = [...v.order];
      [order[at], order[to]] = [order[to]!, order[at]!];
      return { ...v, order, selection: null };
    }
    case 'column-dropped': {
      const from = v.order.indexOf(a.column);
      const to = v.order.indexOf(a.on);
      if (from < 0 || to < 0 || from === to) return v;
      const order = v.order.filter((c) => c !== a.column);
      order.splice(to, 0, a.column);
      return { ...v, order, selection: null };
    }
    case 'columns-reset':
      return { ...initialGridView(v.order.length), formats: v.formats };
    case 'format-set': {
      const formats = { ...v.formats };
      if (a.format) formats[a.column] = a.format;
      else delete formats[a.column];
      return { ...v, formats };
    }
    case 'cell-selected':
      return {
        ...v,
        selection: { anchor: a.extend && v.selection ? v.selection.anchor : a.at, head: a.at },
      };
    case 'rows-selected': {
      const last = Math.max(0, a.columns - 1);
      const anchorRow = a.extend && v.selection ? v.selection.anchor.r : a.row;
      return { ...v, selection: { anchor: { r: anchorRow, c: 0 }, head: { r: a.row, c: last } } };
    }
    case 'selection-cleared':
      return { ...v, selection: null };
  }
}

/** The visible columns' result indexes, in the order shown. */
export function visibleColumns(v: GridView): number[] {
  return v.order.filter((c) => !v.hidden.includes(c));
}

/** The selected block as view rows and visible-column positions, low to high (inclusive). */
export function selectedBlock(v: GridView): { rows: [number, number]; cols: [number, number] } | null {
  const s = v.selection;
  if (!s) return null;
  return {
    rows: [Math.min(s.anchor.r, s.head.r), Math.max(s.anchor.r, s.head.r)],
    cols: [Math.min(s.anchor.c, s.head.c), Math.max(s.anchor.c, s.head.c)],
  };
}
