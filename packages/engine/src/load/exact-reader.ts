import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ColumnDef } from '../catalog/foreign-table';
import { attributeOf } from '../catalog/column-attribute';
import type { Item } from '../fetch/read-pages';
import { columnJson, type CoerceContext } from './coerce';
import { parseValue, scaledText, type ExactValue, type Scaled, type ValueKind } from './exact-value';

/** A column of an item as its exact value (null for SQL NULL), or the coercion error the host path reports. */
export type ExactReader = (item: Item) => ExactValue | null;

const RANGES: Record<string, number> = { int2: 32767, int4: 2147483647 };

/** The largest value an integer column of this type takes without the coercion table (int8: a safe integer's). */
export function integerMax(typname: string): number {
  return RANGES[typname] ?? Number.MAX_SAFE_INTEGER;
}
const MINUS = 45;
const POINT = 46;
const ZERO = 48;

/**
 * An integer of at most 15 digits in DynamoDB's form (no sign but '-', no leading zero, no exponent)
 * → a safe JavaScript number, read digit by digit; null for any other text:  '-42' → -42;  '042', '1e3' → null
 */
function smallInteger(n: string): number | null {
  const first = n.charCodeAt(0) === MINUS ? 1 : 0;
  const digits = n.length - first;
  if (digits < 1 || digits > 15 || (digits > 1 && n.charCodeAt(first) === ZERO)) return null;
  let value = 0;
  for (let i = first; i < n.length; i++) {
    const d = n.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return null;
    value = value * 10 + d;
  }
  return first ? -value : value;
}

/**
 * A decimal of at most 15 characters in DynamoDB's form (no exponent, no redundant zero) → its value,
 * read digit by digit; null for any other text:  '-0.05' → { unscaled: -5, scale: 2 };  '1.50', '.5' → null
 */
function smallDecimal(n: string): Scaled | null {
  const length = n.length;
  if (length > 15) return null;
  const first = n.charCodeAt(0) === MINUS ? 1 : 0;
  let unscaled = 0;
  let point = -1;
  for (let i = first; i < length; i++) {
    const c = n.charCodeAt(i);
    if (c >= ZERO && c <= ZERO + 9) unscaled = unscaled * 10 + (c - ZERO);
    else if (c === POINT && point < 0) point = i;
    else return null;
  }
  const whole = (point < 0 ? length : point) - first;
  if (whole < 1 || (whole > 1 && n.charCodeAt(first) === ZERO)) return null;
  if (point >= 0 && (point === length - 1 || n.charCodeAt(length - 1) === ZERO)) return null;
  return { unscaled: first ? -unscaled : unscaled, scale: point < 0 ? 0 : length - point - 1 };
}

/** An N that fits an integer column of this type, read without the coercion table, or null. */
function fittingInteger(typname: string): (n: string) => number | null {
  const max = integerMax(typname);
  return (n) => {
    const value = smallInteger(n);
    return value !== null && value <= max && value >= -max - 1 ? value : null;
  };
}

/**
 * Reads a column of an exact kind: the common attribute (an S in a text column, an N in a number
 * column, a BOOL in a boolean one) directly, anything else through the coercion table
 * (load/coerce.ts), which also raises its errors. The same values as `parseValue(kind, columnJson(...))`:
 *   { N: '-0.05' } (numeric) → { unscaled: -5, scale: 2 };  { S: 'x' } (integer) → the 22P02 error
 */
export function exactReader(
  col: ColumnDef,
  kind: ValueKind,
  columns: readonly ColumnDef[],
  context: CoerceContext,
): ExactReader {
  const name = attributeOf(col);
  const coerced: ExactReader = (item) => {
    const json = columnJson(item, col, columns, context);
    return json === null ? null : parseValue(kind, json);
  };
  switch (kind) {
    case 'text':
      return (item) => {
        const v = item[name];
        if (v === undefined) return null;
        return v.S ?? coerced(item);
      };
    case 'boolean':
      return (item) => {
        const v = item[name];
        if (v === undefined) return null;
        return v.BOOL ?? coerced(item);
      };
    case 'integer': {
      const fitting = fittingInteger(col.typname);
      return (item) => {
        const v = item[name];
        if (v === undefined) return null;
        return (v.N !== undefined ? fitting(v.N) : null) ?? coerced(item);
      };
    }
    case 'numeric':
      return (item) => {
        const v = item[name];
        if (v === undefined) return null;
        return (v.N !== undefined ? smallDecimal(v.N) : null) ?? coerced(item);
      };
  }
}

/** An item's check of one column: raises the error the host path's coercion would, else does nothing. */
export type ItemCheck = (item: Item) => void;

/**
 * Checks a column for its errors only (a value the host path would refuse), without building a value
 * for the attributes its coercion takes as they are; any other attribute goes through the coercion
 * table (load/coerce.ts), which raises the error:
 *   integer: { N: '42' } → taken;  { N: '3000000000' } (int4) or { S: 'x' } → columnJson (22003 / 42804)
 */
export function columnCheck(
  col: ColumnDef,
  columns: readonly ColumnDef[],
  context: CoerceContext,
): ItemCheck {
  const name = attributeOf(col);
  const taken = takenAsIs(col);
  return (item) => {
    const v = item[name];
    // A missing attribute is SQL NULL, or the catch-all's leftovers for json/jsonb: never refused.
    if (v !== undefined && !taken(v)) columnJson(item, col, columns, context);
  };
}

const ANY = () => true;
const NONE = () => false;

/** The attributes a column's coercion (coerceValue in load/coerce.ts) never refuses, told apart cheaply; false: ask it. */
function takenAsIs(col: ColumnDef): (v: AttributeValue) => boolean {
  if (col.elementTypname) return NONE;
  switch (col.typname) {
    case 'bool':
      return (v) => v.BOOL !== undefined;
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'citext':
      return (v) => v.S !== undefined || v.N !== undefined || v.BOOL !== undefined;
    case 'int2':
    case 'int4':
    case 'int8': {
      const fitting = fittingInteger(col.typname);
      return (v) => v.N !== undefined && fitting(v.N) !== null;
    }
    case 'numeric':
      // A numeric(p, s) value must fit once rounded: the coercion looks.
      return col.typmod < 4 ? (v) => v.N !== undefined : NONE;
    case 'float4':
    case 'float8':
      return (v) => v.N !== undefined;
    case 'json':
    case 'jsonb':
      return ANY;
    default:
      return NONE;
  }
}

/**
 * Told of an item holding a value the coercion table passes but the host's input refuses as the host
 * path loads it (see hostMayRefuse): the runner loads it into the statement's temp table after the
 * page, as the host path's insert would, so the host raises its own error.
 */
export type Suspect = (item: Item) => void;

/** The longest text a `varchar(n)` / `char(n)` column takes: n (its typmod less the 4-byte header), or null. */
function maxLength(col: ColumnDef): number | null {
  return (col.typname === 'varchar' || col.typname === 'bpchar') && col.typmod >= 4 ? col.typmod - 4 : null;
}

/**
 * Whether text is too long for `varchar(n)` / `char(n)` as their input functions tell (varchar_input,
 * bpchar_input): more than n characters (code points) of which those past the n-th are not all spaces
 * (trailing spaces are cut silently):  'abcd' (3) → true;  'abc  ' (3) → false
 */
export function tooLong(text: string, n: number): boolean {
  if (text.length <= n) return false;
  let chars = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue; // the low half of a surrogate pair: one code point
    if (++chars > n && c !== 32) return true;
  }
  return false;
}

/**
 * The values of a column that the coercion table (load/coerce.ts) passes and the host's input may
 * still refuse as the host path loads them, or null when there are none. The host path inserts every
 * item it reads, so such a value fails a statement whatever its item's fate; the engine then asks the host.
 *   text types: an S holding U+0000 (22P05: not in a text value);  varchar(n), char(n): a longer text (22001);
 *   real: an N beyond its range, or a nonzero N it rounds to 0 (22003);
 *   date, timestamp, timestamptz: an S the host's date/time input may refuse (22008, 22009);
 *   uuid: a text not of uuid_in's forms (22P02)
 */
export function hostMayRefuse(col: ColumnDef): ((v: AttributeValue) => boolean) | null {
  if (col.elementTypname) return null;
  switch (col.typname) {
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'citext': {
      const n = maxLength(col);
      if (n === null) return (v) => v.S !== undefined && v.S.includes('\u0000');
      return (v) => {
        const text = v.S ?? v.N ?? (v.BOOL === undefined ? undefined : String(v.BOOL));
        return text !== undefined && (text.includes('\u0000') || tooLong(text, n));
      };
    }
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      // ISO 8601 text the coercion table takes (isIso8601) and the host's input may not: hour 24 past
      // 24:00:00, year 0000, a leap second with a fraction, an offset beyond ±15:59 (22008, 22009).
      return (v) => v.S !== undefined && DATE_TIME_DOUBT.test(v.S);
    case 'uuid':
      // Any other text is read through uuid_in as the items load: a value it may refuse goes to it.
      return (v) => {
        const text = v.S ?? v.N;
        return text !== undefined && !UUID.test(text);
      };
    case 'float4':
      return (v) => {
        if (v.N === undefined) return false;
        const x = Number(v.N);
        const f = Math.fround(x);
        return !Number.isFinite(f) || (f === 0 && x !== 0);
      };
    default:
      return null;
  }
}

/** Date/time text worth the host's look: see hostMayRefuse (it decides; a false alarm costs one insert). */
const DATE_TIME_DOUBT = /^\s*0000|[T ]24:|:60[.,]|\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s*[+-](?:1[6-9]|[2-9]\d)/;

/** uuid_in's forms: 32 hex digits, a hyphen allowed after any group of four, the whole maybe in braces. */
const UUID = /^(?:\{[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7}\}|[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7})$/;

/** Where `itemValues` puts an item's values of its own columns: `values[i]` for own column i. */
export type ValueSlots = (ExactValue | null)[];

/** A column an item's value is read of: exactly, or (kind null) only whether it is NULL (true if not). */
export interface OwnColumn {
  readonly column: ColumnDef;
  readonly kind: ValueKind | null;
}

/**
 * Reads an item's `own` columns into `values` and checks every other `checked` column, all in the
 * table's column order, as the host path coerces them (so an item with two bad values is refused for
 * the same one); nothing is allocated for an item whose values are common attributes:
 *   own [ts (integer)], checked [id, ts, kind]: { id: S e1, ts: N 5, kind: S x } → values [5]
 */
export function itemValues(
  own: readonly OwnColumn[],
  checked: readonly ColumnDef[],
  columns: readonly ColumnDef[],
  context: CoerceContext,
  suspect?: Suspect,
): (item: Item, values: ValueSlots) => void {
  const position = (col: ColumnDef) => columns.findIndex((c) => c.name === col.name);
  const steps: { at: number; step: (item: Item, values: ValueSlots) => void }[] = own.map((o, i) => {
    const read: ExactReader = o.kind
      ? exactReader(o.column, o.kind, columns, context)
      : (item) => (columnJson(item, o.column, columns, context) === null ? null : true);
    return { at: position(o.column), step: (item, values) => void (values[i] = read(item)) };
  });
  for (const col of checked) {
    if (own.some((o) => o.column.name === col.name)) continue;
    const check = columnCheck(col, columns, context);
    steps.push({ at: position(col), step: check });
  }
  // After the coercion (which raises first, as the host path's does before its insert): a value the
  // host may refuse marks its item, once.
  if (suspect) {
    let last: Item | undefined;
    const mark = (item: Item) => {
      if (item !== last) suspect((last = item));
    };
    for (const col of [...own.map((o) => o.column), ...checked]) {
      const refuses = hostMayRefuse(col);
      if (!refuses || steps.some((s) => s.at === columns.length + position(col))) continue;
      const name = attributeOf(col);
      steps.push({
        at: columns.length + position(col),
        step: (item) => {
          const v = item[name];
          if (v !== undefined && refuses(v)) mark(item);
        },
      });
    }
  }
  const ordered = steps.sort((a, b) => a.at - b.at).map((s) => s.step);
  return (item, values) => {
    for (let i = 0; i < ordered.length; i++) ordered[i]!(item, values);
  };
}

/** An exact value as the JSON the host reads it from (jsonb_to_recordset): 5 → '"5"'. */
export function exactJson(kind: ValueKind, value: ExactValue): string {
  switch (kind) {
    case 'integer':
      return `"${String(value)}"`;
    case 'numeric':
      return `"${scaledText(value as Scaled)}"`;
    case 'text':
      return JSON.stringify(value);
    case 'boolean':
      return String(value);
  }
}

/**
 * A value's identity: equal values (by Postgres's equality for the kind) have equal keys.
 * Numerics read are canonical (no trailing zero), so a value has one unscaled/scale pair.
 */
export function exactKey(kind: ValueKind, value: ExactValue): string {
  switch (kind) {
    case 'text':
      return value as string;
    case 'numeric': {
      const s = value as Scaled;
      return `${String(s.unscaled)}e-${s.scale}`;
    }
    default:
      return String(value);
  }
}
