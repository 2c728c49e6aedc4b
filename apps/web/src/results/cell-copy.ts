import { JsonNull, stringifyLossless, type JsonValue } from '../api/lossless-json';
import type { Cell, WireColumn } from '../api/wire';
import { rowToTsv } from './row-to-tsv';
import { formatCell } from '../format/format-cell';
import type { RunView, StatementView } from '../state/run-view';

/** A cell of a run's result: statement, row and column index. */
export interface CellRef {
  readonly stmt: number;
  readonly row: number;
  readonly col: number;
}

/** What the cell menu offers. */
export type CellAction = 'copy-value' | 'copy-row' | 'copy-row-json' | 'open-json';

export interface CellAt {
  readonly sv: StatementView;
  readonly value: Cell;
  readonly column: WireColumn;
  readonly row: readonly Cell[];
}

/** The cell `ref` points at in a run's loaded rows (a missing cell is NULL), or null. */
export function cellAt(run: RunView | null | undefined, ref: CellRef): CellAt | null {
  const sv = run?.statements[ref.stmt];
  const column = sv?.stmt.columns[ref.col];
  if (!sv || !column) return null;
  const row = sv.rows[ref.row] ?? [];
  return { sv, value: row[ref.col] ?? null, column, row };
}

/** Whether the JSON viewer can open the value: an object or array (jsonb), not JSON null. */
export const opensAsJson = (value: Cell | undefined): boolean =>
  value !== null && value !== undefined && typeof value === 'object' && !(value instanceof JsonNull);

/** The value the JSON viewer shows for a cell: its JSON, or null for SQL NULL and JSON null. */
export const jsonViewed = (value: Cell): JsonValue | null => (value instanceof JsonNull ? null : value);

/**
 * What a copy action puts on the clipboard and what the notice calls it: the value as shown in
 * full (NULL as empty), the row tab-separated, or the row as a JSON object keyed by column name.
 */
export function copyText(
  action: Exclude<CellAction, 'open-json'>,
  cell: CellAt,
): { text: string; what: string } {
  if (action === 'copy-value') {
    const f = formatCell(cell.value, cell.column.type);
    return { text: f.kind === 'null' ? '' : f.full, what: 'Value' };
  }
  if (action === 'copy-row') return { text: rowToTsv(cell.sv.stmt.columns, cell.row), what: 'Row' };
  const obj: Record<string, Cell> = {};
  cell.sv.stmt.columns.forEach((col, i) => (obj[col.name] = cell.row[i] ?? null));
  return { text: stringifyLossless(obj, 2), what: 'Row' };
}

/** The JSON viewer's title for a cell: `column · row N`. */
export const jsonTitle = (cell: CellAt, ref: CellRef): string => `${cell.column.name} · row ${ref.row + 1}`;
