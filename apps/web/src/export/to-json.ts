import { stringifyLossless, type JsonValue } from '../api/lossless-json';
import type { Cell, WireColumn } from '../api/wire';

/**
 * A JSON array of row objects keyed by column name, values as the API sent them (numeric/int8 stay
 * strings, jsonb numbers keep every digit). Duplicate column names get `_2`, `_3` suffixes.
 */
export function toJson(columns: readonly WireColumn[], rows: readonly (readonly Cell[])[]): string {
  const names: string[] = [];
  const used = new Map<string, number>();
  for (const col of columns) {
    const n = (used.get(col.name) ?? 0) + 1;
    used.set(col.name, n);
    names.push(n === 1 ? col.name : `${col.name}_${n}`);
  }
  const objects: JsonValue[] = rows.map((row) => {
    const obj: { [key: string]: JsonValue } = {};
    names.forEach((name, i) => {
      obj[name] = row[i] ?? null;
    });
    return obj;
  });
  return stringifyLossless(objects, 2) + '\n';
}

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
