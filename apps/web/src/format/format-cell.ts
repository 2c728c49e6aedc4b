import { JsonNull, LosslessNumber, stringifyLossless } from '../api/lossless-json';
import type { Cell } from '../api/wire';

/** `null` is SQL NULL; `json-null` a json/jsonb cell holding JSON null (a value, shown as `null`). */
export type CellKind = 'null' | 'json-null' | 'number' | 'boolean' | 'json' | 'text' | 'bytes';

export interface FormattedCell {
  readonly kind: CellKind;
  /** What the grid shows (JSON compacted and truncated). */
  readonly display: string;
  /** The full value as text, for copying and export. */
  readonly full: string;
  /** Numbers right-align. */
  readonly alignRight: boolean;
}

const NUMERIC_TYPES =
  /^(smallint|integer|bigint|int[248]?|numeric|decimal|real|double precision|float[48]?|money|oid)\b/;

/** Whether a Postgres type name prints numbers. */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPES.test(type.toLowerCase());
}

/** Whether a Postgres type name is json/jsonb. */
export function isJsonType(type: string): boolean {
  return /^jsonb?$/i.test(type);
}

const MAX_DISPLAY = 240;

/**
 * Formats one cell as the API sent it. SQL NULL is its own kind (never the text "NULL"), JSON null
 * another (`null`, copied as `null`); numeric/int8 arrive as strings and are shown exactly as given.
 */
export function formatCell(value: Cell, type: string): FormattedCell {
  if (value === null) return { kind: 'null', display: 'NULL', full: '', alignRight: false };
  if (value instanceof JsonNull)
    return { kind: 'json-null', display: 'null', full: 'null', alignRight: false };
  if (isJsonType(type)) {
    const full = stringifyLossless(value);
    const display = full.length > MAX_DISPLAY ? full.slice(0, MAX_DISPLAY - 1) + '…' : full;
    return { kind: 'json', display, full, alignRight: false };
  }
  if (typeof value === 'boolean') {
    const text = value ? 'true' : 'false';
    return { kind: 'boolean', display: text, full: text, alignRight: false };
  }
  if (typeof value === 'number' || value instanceof LosslessNumber) {
    const text = String(value);
    return { kind: 'number', display: text, full: text, alignRight: true };
  }
  if (typeof value === 'string') {
    if (isNumericType(type)) return { kind: 'number', display: value, full: value, alignRight: true };
    const kind: CellKind = type === 'bytea' ? 'bytes' : 'text';
    const oneLine = value.length > MAX_DISPLAY ? value.slice(0, MAX_DISPLAY - 1) + '…' : value;
    return { kind, display: oneLine.replace(/\r?\n/g, '↵ '), full: value, alignRight: false };
  }
  // An array/object in a non-JSON column (e.g. a Postgres array sent as JSON): show as JSON.
  const full = stringifyLossless(value);
  return {
    kind: 'json',
    display: full.length > MAX_DISPLAY ? full.slice(0, MAX_DISPLAY - 1) + '…' : full,
    full,
    alignRight: false,
  };
}

/** Compact numbers for summaries: 0.5 → "0.5", 1234.5 → "1,234.5", null → "—". */
export function formatRcu(rcu: number | null | undefined): string {
  if (rcu === null || rcu === undefined || Number.isNaN(rcu)) return '—';
  const rounded = rcu >= 100 ? Math.round(rcu) : Math.round(rcu * 10) / 10;
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** `1234` → `1,234`. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString('en-US');
}

/** Durations: `3.14` → `3 ms`, `1530` → `1.53 s`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
