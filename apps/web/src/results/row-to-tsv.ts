import type { Cell, WireColumn } from '../api/wire';
import { cellText } from '../grid/range-tsv';

/** A row as tab-separated text for the clipboard: NULL → empty. */
export function rowToTsv(columns: readonly WireColumn[], row: readonly Cell[]): string {
  return columns.map((_, i) => cellText(row[i] ?? null)).join('\t');
}
