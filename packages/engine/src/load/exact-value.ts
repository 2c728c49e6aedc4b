import { compareCodePoints } from '@dynascope/contract';
import type { ColumnDef } from '../catalog/foreign-table';
import { pgNumericText } from '../util/decimal';

/**
 * Column values the engine compares, adds and tells apart itself exactly as Postgres does, read from
 * their coerced JSON text (load/coerce.ts): integers as bigint, unconstrained numeric as a scaled
 * bigint (its display scale kept, as numeric_in keeps it), text in the C collation (UTF-8 byte order),
 * booleans. Any other type is left to the host.
 */
export type ValueKind = 'integer' | 'numeric' | 'text' | 'boolean';

/**
 * An exact numeric: `unscaled × 10^-scale`, `scale` being Postgres's display scale ('1.50' → 150n, 2);
 * `unscaled` a safe integer number when it fits one (the common case, read without a bigint).
 */
export interface Scaled {
  readonly unscaled: bigint | number;
  readonly scale: number;
}

/** integer: a safe integer number or a bigint; numeric: Scaled; text: string; boolean. */
export type ExactValue = bigint | number | Scaled | string | boolean;

/**
 * The kind of a column the engine handles exactly, or null. `ordered` asks for Postgres's order too:
 * text then needs a bytewise collation (C, POSIX, or the database's default when that is C), while
 * equality of text is bytewise under any deterministic collation.
 *   integer → 'integer';  numeric(10,2) → null (the host rounds to the scale);  text collate "de-x-icu", ordered → null
 */
export function valueKind(col: ColumnDef, ordered: boolean, defaultCollationIsC: boolean): ValueKind | null {
  if (col.elementTypname) return null;
  switch (col.typname) {
    case 'int2':
    case 'int4':
    case 'int8':
      return 'integer';
    case 'numeric':
      return col.typmod < 0 ? 'numeric' : null;
    case 'bool':
      return 'boolean';
    case 'text':
    case 'varchar': {
      if (col.typname === 'varchar' && col.typmod >= 0) return null;
      const c = col.collation;
      const bytewise = c === 'C' || c === 'POSIX' || ((c === null || c === 'default') && defaultCollationIsC);
      if (ordered) return bytewise ? 'text' : null;
      return bytewise || c === null || c === 'default' ? 'text' : null;
    }
    default:
      return null;
  }
}

/** A coerced value's JSON text → its exact value:  '"42"' (integer) → 42n;  '"1.50"' (numeric) → { 150n, 2 }. */
export function parseValue(kind: ValueKind, json: string): ExactValue {
  switch (kind) {
    case 'integer':
      return BigInt(JSON.parse(json) as string);
    case 'numeric':
      return parseScaled(JSON.parse(json) as string);
    case 'text':
      return JSON.parse(json) as string;
    case 'boolean':
      return json === 'true';
  }
}

/** Decimal text → its value at Postgres's display scale: '-0.50' → { -50n, 2 };  '1.5E+2' → { 150n, 0 }. */
export function parseScaled(text: string): Scaled {
  const pg = pgNumericText(text);
  const point = pg.indexOf('.');
  return point < 0
    ? { unscaled: BigInt(pg), scale: 0 }
    : { unscaled: BigInt(pg.slice(0, point) + pg.slice(point + 1)), scale: pg.length - point - 1 };
}

/** The exact sum, at the larger display scale (numeric_add's). */
export function addScaled(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  return { unscaled: rescale(a, scale) + rescale(b, scale), scale };
}

/** { -5n, 2 } → '-0.05'. */
export function scaledText(s: Scaled): string {
  const u = BigInt(s.unscaled);
  const negative = u < 0n;
  const digits = (negative ? -u : u).toString().padStart(s.scale + 1, '0');
  const whole = digits.slice(0, digits.length - s.scale);
  return (negative ? '-' : '') + whole + (s.scale ? '.' + digits.slice(whole.length) : '');
}

function rescale(s: Scaled, scale: number): bigint {
  return BigInt(s.unscaled) * 10n ** BigInt(scale - s.scale);
}

/**
 * A running exact sum of integers or scaled numerics: in a number while it stays a safe integer
 * (each addend is one below 2^50, the total is moved into a bigint past 2^52), else in a bigint.
 */
export class ExactSum {
  private small = 0;
  private big = 0n;
  private scale = 0;

  add(unscaled: number | bigint, scale = 0): void {
    if (scale > this.scale) {
      this.big = (this.big + BigInt(this.small)) * 10n ** BigInt(scale - this.scale);
      this.small = 0;
      this.scale = scale;
    }
    // An addend of a smaller scale (DynamoDB writes 12.30 as 12.3) is brought to the sum's in a number
    // while it stays below 2^50: an integer times a power of ten below 2^53 is exact in a double.
    const shift = this.scale - scale;
    const addend =
      typeof unscaled !== 'number'
        ? unscaled
        : shift === 0
          ? unscaled
          : shift < 16
            ? unscaled * 10 ** shift
            : null;
    if (typeof addend === 'number' && Math.abs(addend) < 2 ** 50) {
      this.small += addend;
      if (Math.abs(this.small) > 2 ** 52) {
        this.big += BigInt(this.small);
        this.small = 0;
      }
    } else this.big += BigInt(unscaled) * 10n ** BigInt(shift);
  }

  value(): Scaled {
    return { unscaled: this.big + BigInt(this.small), scale: this.scale };
  }
}

/** Postgres's comparison of two non-null values of one kind: negative, zero or positive. */
export function compareValues(kind: ValueKind, a: ExactValue, b: ExactValue): number {
  switch (kind) {
    case 'integer':
      // A number and a bigint compare by value.
      return a < b ? -1 : a > b ? 1 : 0;
    case 'numeric': {
      const x = a as Scaled;
      const y = b as Scaled;
      if (x.scale === y.scale && typeof x.unscaled === 'number' && typeof y.unscaled === 'number')
        return x.unscaled < y.unscaled ? -1 : x.unscaled > y.unscaled ? 1 : 0;
      const scale = Math.max(x.scale, y.scale);
      const p = rescale(x, scale);
      const q = rescale(y, scale);
      return p === q ? 0 : p < q ? -1 : 1;
    }
    case 'text':
      return compareCodePoints(a as string, b as string);
    case 'boolean':
      return Number(a) - Number(b);
  }
}
