import { stringifyLossless } from '../api/lossless-json';
import type { Cell, WireColumn } from '../api/wire';

/** A row as tab-separated text for the clipboard: NULL → empty. */
export function rowToTsv(columns: readonly WireColumn[], row: readonly Cell[]): string {
  return columns
    .map((_, i) => {
      const v = row[i] ?? null;
      if (v === null) return '';
      return typeof v === 'object' ? stringifyLossless(v) : String(v);
    })
    .join('\t');
}
