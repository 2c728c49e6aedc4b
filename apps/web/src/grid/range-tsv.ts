import { stringifyLossless } from '../api/lossless-json';
import type { Cell } from '../api/wire';

/** A cell's exact text for the clipboard: SQL NULL empty, JSON as JSON, numbers with all their digits. */
export function cellText(value: Cell): string {
  if (value === null) return '';
  return typeof value === 'object' ? stringifyLossless(value) : String(value);
}

/** A field quoted as spreadsheets read TSV: when it holds a tab or a line break, or starts with a quote. */
function field(text: string): string {
  return /[\t\r\n]|^"/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A block of cells as TSV for pasting into a spreadsheet or editor: one line per row, exact values
 * (`12345678901234567890.12` stays so; NULL is empty; a value with a tab or newline is quoted).
 *   [['u1', 'a\tb'], ['u2', null]] → 'u1\t"a\tb"\nu2\t'
 */
export function rangeTsv(cells: readonly (readonly Cell[])[]): string {
  return cells.map((row) => row.map((v) => field(cellText(v))).join('\t')).join('\n');
}
