import type { Cell } from '../api/wire';

/** How an applied edit changes the loaded rows (from what the write returned). */
export type RowsEdit =
  | { readonly kind: 'replace'; readonly at: number; readonly row: readonly Cell[] }
  | {
      readonly kind: 'replace-rows';
      readonly rows: readonly { readonly at: number; readonly row: readonly Cell[] }[];
    }
  | { readonly kind: 'append'; readonly row: readonly Cell[] }
  | { readonly kind: 'remove'; readonly at: readonly number[] };

/** The loaded rows after an edit: rows replaced by their items as written, a new row last, rows gone. */
export function editedRows(rows: readonly Cell[][], edit: RowsEdit): Cell[][] {
  if (edit.kind === 'append') return [...rows, [...edit.row]];
  if (edit.kind === 'replace') return rows.map((r, i) => (i === edit.at ? [...edit.row] : r));
  if (edit.kind === 'replace-rows') {
    const by = new Map(edit.rows.map((x) => [x.at, x.row]));
    return rows.map((r, i) => {
      const row = by.get(i);
      return row ? [...row] : r;
    });
  }
  const gone = new Set(edit.at);
  return rows.filter((_, i) => !gone.has(i));
}
