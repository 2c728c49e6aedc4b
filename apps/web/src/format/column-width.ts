import { formatCell } from './format-cell';
import type { Cell, WireColumn } from '../api/wire';

const CHAR_PX = 7.4;

/**
 * A starting width in pixels for a result column: fits the header (name and type) and the
 * widest of the first rows' values, clamped to 72..380.
 */
export function initialColumnWidth(
  column: WireColumn,
  rows: readonly (readonly Cell[])[],
  index: number,
): number {
  let chars = Math.max(column.name.length + 3, column.type.length * 0.9);
  for (const row of rows.slice(0, 50)) {
    const cell = formatCell(row[index] ?? null, column.type);
    chars = Math.max(chars, Math.min(cell.display.length, 60));
  }
  return Math.round(Math.min(380, Math.max(72, chars * CHAR_PX + 22)));
}
