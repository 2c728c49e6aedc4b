import type { Cell, WireScriptResult } from '../api/wire';
import { deleteRowsSql, insertRowSql, updateCellSql, updateCellsSql } from './edit-sql';
import type { CellChange } from './paste-cells';
import type { RowsEdit } from './edited-rows';
import type { EditTarget } from './edit-target';

/** Key cells compare by their text: a bigint key is a string, an integer one a number, either way exact. */
const sameCell = (a: Cell, b: Cell) => a !== null && b !== null && String(a) === String(b);

/** What the reader asked of the grid; row indexes are positions in the loaded rows. */
export type EditRequest =
  | { readonly kind: 'update'; readonly at: number; readonly column: number; readonly value: Cell }
  /** Several cells at once (a paste): one UPDATE per row. */
  | { readonly kind: 'cells'; readonly cells: readonly CellChange[] }
  | { readonly kind: 'insert'; readonly values: ReadonlyMap<string, Cell> }
  | { readonly kind: 'delete'; readonly at: readonly number[] };

/** The SQL that makes the edit (edit-sql.ts). */
export function editSql(t: EditTarget, rows: readonly (readonly Cell[])[], req: EditRequest): string {
  if (req.kind === 'update') return updateCellSql(t, rows[req.at] ?? [], req.column, req.value);
  if (req.kind === 'insert') return insertRowSql(t, req.values);
  if (req.kind === 'cells') return updateCellsSql(t, rows, req.cells);
  return deleteRowsSql(
    t,
    req.at.map((i) => rows[i] ?? []),
  );
}

/** A one-line title for the review: `Update name of 1 item in public.users`. */
export function editTitle(t: EditTarget, req: EditRequest): string {
  if (req.kind === 'update') return `Update ${t.columns[req.column]?.name ?? ''} of 1 item in ${t.relation}`;
  if (req.kind === 'insert') return `Add an item to ${t.relation}`;
  if (req.kind === 'cells') {
    const items = new Set(req.cells.map((c) => c.at)).size;
    const cells = req.cells.length;
    return `Update ${cells} ${cells === 1 ? 'cell' : 'cells'} of ${items} ${items === 1 ? 'item' : 'items'} in ${t.relation}`;
  }
  return `Delete ${req.at.length} ${req.at.length === 1 ? 'item' : 'items'} from ${t.relation}`;
}

/**
 * How the grid changes once the edit ran, from what its writes returned: the updated row as
 * DynamoDB now holds it, the new row (in place of a loaded row with its key: PutItem replaced that
 * item), the rows gone — or why the grid is left as it was (an UPDATE that found no item: someone
 * deleted it meanwhile).
 */
export function rowsEditOf(
  t: EditTarget,
  rows: readonly (readonly Cell[])[],
  req: EditRequest,
  result: WireScriptResult,
): RowsEdit | { readonly problem: string } {
  if (req.kind === 'delete') return { kind: 'remove', at: req.at };
  if (req.kind === 'cells') {
    const ats = [...new Set(req.cells.map((c) => c.at))];
    const written = ats.flatMap((at, i) => {
      const row = result.statements[i]?.rows[0];
      return row ? [{ at, row }] : [];
    });
    const gone = ats.length - written.length;
    if (gone)
      return {
        problem: `${gone === 1 ? '1 item' : `${gone} items`} of the paste no longer exist: nothing was updated there. Run the query again to see the table as it is.`,
      };
    return { kind: 'replace-rows', rows: written };
  }
  const row = result.statements[0]?.rows[0];
  if (!row)
    return {
      problem:
        req.kind === 'update'
          ? 'No item has this key any more: nothing was updated. Run the query again to see the table as it is.'
          : 'The INSERT returned no row.',
    };
  if (req.kind === 'update') return { kind: 'replace', at: req.at, row };
  const sameKey = rows.findIndex((r) => t.keyIndexes.every((i) => sameCell(r[i] ?? null, row[i] ?? null)));
  return sameKey >= 0 ? { kind: 'replace', at: sameKey, row } : { kind: 'append', row };
}
