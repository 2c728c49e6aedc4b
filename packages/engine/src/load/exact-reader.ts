import type { ColumnDef } from '../catalog/foreign-table';
import { attributeOf } from '../catalog/column-attribute';
import type { Item } from '../fetch/read-pages';
import { columnJson, type CoerceContext } from './coerce';
import {
  parseValue,
  scaledText,
  valueKind,
  type ExactValue,
  type Scaled,
  type ValueKind,
} from './exact-value';

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

/**
 * Coerces a column only for its errors (a value the host path would refuse), cheaply for the kinds
 * read exactly; json and jsonb take any attribute.
 */
export function columnCheck(
  col: ColumnDef,
  columns: readonly ColumnDef[],
  context: CoerceContext,
): (item: Item) => void {
  const kind = valueKind(col, false, true);
  if (kind) return exactReader(col, kind, columns, context);
  return (item) => void columnJson(item, col, columns, context);
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
