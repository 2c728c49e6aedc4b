import { JsonNull, LosslessNumber, stringifyLossless } from '../api/lossless-json';
import type { Cell } from '../api/wire';
import { isJsonType, isNumericType } from '../format/format-cell';
import { compareDecimals } from './compare-decimal';
import { compareCodePoints } from '@dynascope/contract';

/** How a column's values are ordered. */
export type SortKind = 'number' | 'boolean' | 'json' | 'text';

/** `numeric(20,2)` → number, `bool` → boolean, `jsonb` → json, `timestamptz`/`text`/`uuid` → text. */
export function sortKind(type: string): SortKind {
  if (isJsonType(type)) return 'json';
  if (/^bool(ean)?$/i.test(type)) return 'boolean';
  return isNumericType(type) ? 'number' : 'text';
}

/**
 * Ascending order of two cells of a column, as Postgres orders them: NULL after every value
 * (so it comes last ascending and first descending, Postgres's default), numbers exactly
 * (`'-2'` < `'-1.5'`, 38 digits, NaN after Infinity), false < true, and text — dates and
 * timestamps included, whose ISO text orders chronologically — by code point, as under the C
 * collation. jsonb follows Postgres's jsonb order (null < string < number < boolean < array <
 * object). Values of an unexpected JSON type fall back to their text.
 */
export function compareCells(a: Cell, b: Cell, kind: SortKind): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (kind === 'json') return compareJsonb(a, b);
  if (kind === 'number' && isNumberLike(a) && isNumberLike(b)) {
    // Two finite doubles compare as doubles; anything else (38-digit text, NaN) through the exact path.
    if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b))
      return a < b ? -1 : a > b ? 1 : 0;
    return compareDecimals(String(a), String(b));
  }
  if (kind === 'boolean' && typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareCodePoints(plainText(a), plainText(b));
}

function isNumberLike(v: Cell): v is number | string | LosslessNumber {
  return typeof v === 'number' || typeof v === 'string' || v instanceof LosslessNumber;
}

function plainText(v: Cell): string {
  return typeof v === 'string' ? v : stringifyLossless(v);
}

/** Postgres's jsonb type order; within a type, by value (arrays/objects by size, then members). */
function jsonRank(v: Cell): number {
  if (v === null || v instanceof JsonNull) return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'number' || v instanceof LosslessNumber) return 2;
  if (typeof v === 'boolean') return 3;
  return Array.isArray(v) ? 4 : 5;
}

function compareJsonb(a: Cell, b: Cell): number {
  const r = jsonRank(a) - jsonRank(b);
  if (r !== 0) return Math.sign(r);
  if (a === null || b === null || a instanceof JsonNull || b instanceof JsonNull) return 0;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return compareMembers(a, b);
  if (
    typeof a === 'object' &&
    typeof b === 'object' &&
    !(a instanceof LosslessNumber) &&
    !(b instanceof LosslessNumber) &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    // jsonb keeps keys shortest first, then bytewise; objects compare key-1, value-1, key-2, ...
    const keys = (o: object) => Object.keys(o).sort((x, y) => x.length - y.length || compareCodePoints(x, y));
    const ka = keys(a);
    const kb = keys(b);
    if (ka.length !== kb.length) return Math.sign(ka.length - kb.length);
    return compareMembers(
      ka.flatMap((k) => [k, a[k]!]),
      kb.flatMap((k) => [k, b[k]!]),
    );
  }
  return compareDecimals(String(a), String(b));
}

/** Longer first-level sequences sort later; equal lengths compare member by member. */
function compareMembers(a: readonly Cell[], b: readonly Cell[]): number {
  if (a.length !== b.length) return Math.sign(a.length - b.length);
  for (let i = 0; i < a.length; i++) {
    const c = compareJsonb(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}
