import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ColumnDef } from '../catalog/foreign-table';
import { attributeOf } from '../catalog/column-attribute';
import type { Item } from '../fetch/read-pages';
import { columnJson, type CoerceContext } from './coerce';
import { parseValue, scaledText, type ExactValue, type Scaled, type ValueKind } from './exact-value';

/** A column of an item as its exact value (null for SQL NULL), or the coercion error the host path reports. */
export type ExactReader = (item: Item) => ExactValue | null;

/** An integer of at most 15 digits in DynamoDB's form: a safe JavaScript number. */
const SMALL_INTEGER = /^-?(?:0|[1-9]\d{0,14})$/;
/** A decimal in DynamoDB's (canonical) form: no exponent, no redundant zero. */
const SMALL_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

const RANGES: Record<string, number> = { int2: 32767, int4: 2147483647 };

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
      const max = RANGES[col.typname] ?? Number.MAX_SAFE_INTEGER;
      return (item) => {
        const v = item[name];
        if (v === undefined) return null;
        if (v.N !== undefined && SMALL_INTEGER.test(v.N)) {
          const n = Number(v.N);
          if (n <= max && n >= -max - 1) return n;
        }
        return coerced(item);
      };
    }
    case 'numeric':
      return (item) => {
        const v = item[name];
        if (v === undefined) return null;
        const n = v.N;
        if (n !== undefined && n.length <= 15 && SMALL_DECIMAL.test(n)) {
          const point = n.indexOf('.');
          return point < 0
            ? { unscaled: Number(n), scale: 0 }
            : { unscaled: Number(n.slice(0, point) + n.slice(point + 1)), scale: n.length - point - 1 };
        }
        return coerced(item);
      };
  }
}

/** An item's check of one column: raises the error the host path's coercion would, else does nothing. */
export type ItemCheck = (item: Item) => void;

/** Integers of the column type's range for sure, by their digits alone: int4 → at most 9 digits. */
const FITS: Record<string, RegExp> = {
  int2: /^-?(?:0|[1-9]\d{0,3})$/,
  int4: /^-?(?:0|[1-9]\d{0,8})$/,
  int8: /^-?(?:0|[1-9]\d{0,17})$/,
};

/**
 * Checks a column for its errors only (a value the host path would refuse), without building a value
 * for the attributes its coercion takes as they are; any other attribute goes through the coercion
 * table (load/coerce.ts), which raises the error:
 *   integer: { N: '42' } → nothing built;  { N: '3000000000' } (int4) or { S: 'x' } → columnJson (22003 / 42804)
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
      const fits = FITS[col.typname]!;
      return (v) => v.N !== undefined && fits.test(v.N);
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

/** Where `itemValues` puts an item's values of its own columns: `values[i]` for own column i. */
export type ValueSlots = (ExactValue | null)[];

/**
 * Reads an item's `own` columns exactly into `values` and checks every other `checked` column, all in
 * the table's column order, as the host path coerces them (so an item with two bad values is refused
 * for the same one); nothing is allocated for an item whose values are common attributes:
 *   own [ts (integer)], checked [id, ts, kind]: { id: S e1, ts: N 5, kind: S x } → values [5]
 */
export function itemValues(
  own: readonly { readonly column: ColumnDef; readonly kind: ValueKind }[],
  checked: readonly ColumnDef[],
  columns: readonly ColumnDef[],
  context: CoerceContext,
): (item: Item, values: ValueSlots) => void {
  const position = (col: ColumnDef) => columns.findIndex((c) => c.name === col.name);
  const steps: { at: number; step: (item: Item, values: ValueSlots) => void }[] = own.map((o, i) => {
    const read = exactReader(o.column, o.kind, columns, context);
    return { at: position(o.column), step: (item, values) => void (values[i] = read(item)) };
  });
  for (const col of checked) {
    if (own.some((o) => o.column.name === col.name)) continue;
    const check = columnCheck(col, columns, context);
    steps.push({ at: position(col), step: check });
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
