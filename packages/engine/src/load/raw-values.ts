import type { ColumnDef } from '../catalog/foreign-table';
import { attributeOf } from '../catalog/column-attribute';
import { BACKSLASH, CLOSE_BRACE, COLON, COMMA, OPEN_BRACE, QUOTE, stringEnd } from '../fetch/json-bytes';
import { jsonText } from '../fetch/decode-item';
import { integerMax, type OwnColumn, type ValueSlots } from './exact-reader';

/**
 * Reads an item's values straight from the bytes of its page (`body[start, end)`, as DynamoDB wrote
 * it), without making the item: into `values` as `itemValues` (exact-reader.ts) would, and true — or
 * false, `values` then half-written, for any item it does not read itself, which the caller reads as
 * an object through `itemValues`. It reads only what can neither fail nor be doubted: an S of a text
 * column (no escape), an N of 15 characters at most in DynamoDB's form for an integer or numeric one,
 * a BOOL of a boolean one; a column only checked must hold an attribute its coercion takes as it is.
 *   own [kind (text), value (numeric)]: {"kind":{"S":"click"},"value":{"N":"12.5"}} → ['click', { 125, 1 }], true
 *   {"kind":{"N":"7"},...} → false (a number in a text column is coerced: the object path's)
 */
export type RawValues = (body: Buffer, start: number, end: number, values: ValueSlots) => boolean;

/** How a target reads its attribute's value. */
type Read =
  | { readonly kind: 'text' | 'boolean' | 'numeric' }
  | { readonly kind: 'integer'; readonly max: number }
  /** Only whether it is present (true, else null), once its coercion takes it as it is. */
  | { readonly kind: 'present' | 'check'; readonly takes: Takes };

/** The attribute types a column's coercion takes as they are (S, N, BOOL: what this reader sees). */
interface Takes {
  readonly S: boolean;
  readonly N: boolean | { readonly max: number };
  readonly BOOL: boolean;
}

interface Target {
  /** The attribute's name as UTF-8 bytes: what an unescaped JSON name holds. */
  readonly name: Buffer;
  /** Its slot in `values` (-1: checked only). */
  readonly slot: number;
  readonly read: Read;
}

/**
 * The reader of a statement's own and checked columns, or null when one of them is of a type it
 * leaves to the object path (one whose coercion or the host's input may refuse an S, N or BOOL in ways
 * it would have to tell: varchar(n), real, date, uuid, json, arrays...), or two read one attribute.
 */
export function rawValues(own: readonly OwnColumn[], checked: readonly ColumnDef[]): RawValues | null {
  const targets: Target[] = [];
  for (const [slot, o] of own.entries()) {
    const read = o.kind ? ownRead(o.column, o.kind) : presentRead(o.column);
    if (!read) return null;
    targets.push({ name: Buffer.from(attributeOf(o.column)), slot, read });
  }
  for (const col of checked) {
    if (own.some((o) => o.column.name === col.name)) continue;
    const takes = takenAsIs(col);
    if (!takes) return null;
    targets.push({ name: Buffer.from(attributeOf(col)), slot: -1, read: { kind: 'check', takes } });
  }
  const names = new Set(targets.map((t) => t.name.toString()));
  if (names.size !== targets.length) return null;
  const slots = own.length;
  return (body, start, end, values) => {
    for (let i = 0; i < slots; i++) values[i] = null;
    return readItem(body, start, end, targets, values);
  };
}

/** How an own column of an exact kind is read, or null to leave it to the object path. */
function ownRead(col: ColumnDef, kind: OwnColumn['kind'] & string): Read | null {
  switch (kind) {
    case 'text':
      return plainText(col) ? { kind: 'text' } : null;
    case 'integer':
      return { kind: 'integer', max: integerMax(col.typname) };
    case 'numeric':
    case 'boolean':
      return { kind };
  }
}

/** An own column read for whether it is NULL (count(col)): present when its coercion takes the value. */
function presentRead(col: ColumnDef): Read | null {
  const takes = takenAsIs(col);
  return takes && { kind: 'present', takes };
}

/** A text column whose values the host takes whatever their length (no varchar(n), char(n)). */
function plainText(col: ColumnDef): boolean {
  return !col.elementTypname && (col.typname === 'text' || (col.typname === 'varchar' && col.typmod < 0));
}

/**
 * What a column's coercion (load/coerce.ts) and the host's input take as they are — the rules of
 * exact-reader.ts's takenAsIs and hostMayRefuse, for the types this reader reads; null for any other.
 */
function takenAsIs(col: ColumnDef): Takes | null {
  if (col.elementTypname) return null;
  switch (col.typname) {
    case 'bool':
      return { S: false, N: false, BOOL: true };
    case 'text':
    case 'varchar':
      return plainText(col) ? { S: true, N: true, BOOL: true } : null;
    case 'int2':
    case 'int4':
    case 'int8':
      return { S: false, N: { max: integerMax(col.typname) }, BOOL: false };
    case 'numeric':
      return col.typmod < 4 ? { S: false, N: true, BOOL: false } : null;
    case 'float8':
      return { S: false, N: true, BOOL: false };
    default:
      return null;
  }
}

const MINUS = 0x2d;
const POINT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LETTER_N = 0x4e;
const LETTER_S = 0x53;
/** typeTag's answer for BOOL. */
const TAG_BOOL = -1;

/** `{"name":{"T":value},...}` read into `values` for the targets' attributes; false at anything else. */
function readItem(
  b: Buffer,
  start: number,
  end: number,
  targets: readonly Target[],
  values: ValueSlots,
): boolean {
  let i = start;
  if (b[i++] !== OPEN_BRACE) return false;
  if (b[i] === CLOSE_BRACE) return i + 1 === end;
  for (;;) {
    // "name":
    if (b[i++] !== QUOTE) return false;
    const nameFrom = i;
    const nameTo = stringEnd(b, nameFrom);
    for (let k = nameFrom; k < nameTo; k++) if (b[k] === BACKSLASH) return false;
    i = nameTo + 1;
    if (b[i++] !== COLON || b[i++] !== OPEN_BRACE || b[i++] !== QUOTE) return false;
    // "T":
    const typeFrom = i;
    const typeTo = stringEnd(b, typeFrom);
    i = typeTo + 1;
    if (b[i++] !== COLON) return false;
    const type = typeTag(b, typeFrom, typeTo);
    const target = find(targets, b, nameFrom, nameTo);
    // The value: a string (S, N) or true/false (BOOL); any other type is the object path's.
    let valueFrom: number;
    let valueTo: number;
    let bool: boolean | undefined;
    if (type === LETTER_S || type === LETTER_N) {
      if (b[i++] !== QUOTE) return false;
      valueFrom = i;
      valueTo = stringEnd(b, valueFrom);
      i = valueTo + 1;
    } else if (type === TAG_BOOL) {
      if (b.toString('latin1', i, i + 4) === 'true') bool = true;
      else if (b.toString('latin1', i, i + 5) === 'false') bool = false;
      else return false;
      valueFrom = valueTo = i;
      i += bool ? 4 : 5;
    } else return false;
    if (b[i++] !== CLOSE_BRACE) return false;
    if (target && !readValue(target, type, b, valueFrom, valueTo, bool, values)) return false;
    const c = b[i++];
    if (c === CLOSE_BRACE) return i === end;
    if (c !== COMMA) return false;
  }
}

/** An attribute value's type, `b[from, to)`: S or N (their letters), BOOL (TAG_BOOL), or 0 for any other (NULL, M, L, SS, B...). */
function typeTag(b: Buffer, from: number, to: number): number {
  if (to - from === 1) return b[from] === LETTER_S || b[from] === LETTER_N ? b[from]! : 0;
  return to - from === 4 && b.toString('latin1', from, to) === 'BOOL' ? TAG_BOOL : 0;
}

/** The target whose attribute is named by `b[from, to)`, or undefined (an attribute not read). */
function find(targets: readonly Target[], b: Buffer, from: number, to: number): Target | undefined {
  const length = to - from;
  for (const t of targets) {
    if (t.name.length !== length) continue;
    let k = 0;
    while (k < length && t.name[k] === b[from + k]) k++;
    if (k === length) return t;
  }
  return undefined;
}

/** One value of a target: read into its slot or checked; false when the object path must read it. */
function readValue(
  t: Target,
  type: number,
  b: Buffer,
  from: number,
  to: number,
  bool: boolean | undefined,
  values: ValueSlots,
): boolean {
  const read = t.read;
  switch (read.kind) {
    case 'text':
      if (type !== LETTER_S || hasEscape(b, from, to)) return false;
      values[t.slot] = jsonText(b, from, to);
      return true;
    case 'boolean':
      if (bool === undefined) return false;
      values[t.slot] = bool;
      return true;
    case 'integer': {
      if (type !== LETTER_N) return false;
      const n = smallInteger(b, from, to);
      if (n === null || n > read.max || n < -read.max - 1) return false;
      values[t.slot] = n;
      return true;
    }
    case 'numeric': {
      if (type !== LETTER_N) return false;
      const scaled = smallDecimal(b, from, to);
      if (!scaled) return false;
      values[t.slot] = scaled;
      return true;
    }
    case 'present':
    case 'check': {
      if (!takes(read.takes, type, b, from, to)) return false;
      if (read.kind === 'present') values[t.slot] = true;
      return true;
    }
  }
}

/** Whether the coercion takes this value as it is (an S with an escape may hold U+0000: not here). */
function takes(rule: Takes, type: number, b: Buffer, from: number, to: number): boolean {
  if (type === LETTER_S) return rule.S && !hasEscape(b, from, to);
  if (type === LETTER_N) {
    if (rule.N === true) return true;
    if (!rule.N) return false;
    const n = smallInteger(b, from, to);
    return n !== null && n <= rule.N.max && n >= -rule.N.max - 1;
  }
  return rule.BOOL;
}

function hasEscape(b: Buffer, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (b[k] === BACKSLASH) return true;
  return false;
}

/**
 * exact-reader.ts's smallInteger over bytes: at most 15 digits, no leading zero, '-' the only sign.
 *   '-42' → -42;  '042', '1e3', '' → null
 */
function smallInteger(b: Buffer, from: number, to: number): number | null {
  const first = b[from] === MINUS ? from + 1 : from;
  const digits = to - first;
  if (digits < 1 || digits > 15 || (digits > 1 && b[first] === ZERO)) return null;
  let value = 0;
  for (let k = first; k < to; k++) {
    const c = b[k]!;
    if (c < ZERO || c > NINE) return null;
    value = value * 10 + (c - ZERO);
  }
  return first > from ? -value : value;
}

/**
 * exact-reader.ts's smallDecimal over bytes: at most 15 characters, no exponent, no redundant zero.
 *   '-0.05' → { unscaled: -5, scale: 2 };  '1.50', '.5', '5.' → null
 */
function smallDecimal(b: Buffer, from: number, to: number): { unscaled: number; scale: number } | null {
  const length = to - from;
  if (length > 15) return null;
  const first = b[from] === MINUS ? from + 1 : from;
  let unscaled = 0;
  let point = -1;
  for (let k = first; k < to; k++) {
    const c = b[k]!;
    if (c >= ZERO && c <= NINE) unscaled = unscaled * 10 + (c - ZERO);
    else if (c === POINT && point < 0) point = k;
    else return null;
  }
  const whole = (point < 0 ? to : point) - first;
  if (whole < 1 || (whole > 1 && b[first] === ZERO)) return null;
  if (point >= 0 && (point === to - 1 || b[to - 1] === ZERO)) return null;
  return { unscaled: first > from ? -unscaled : unscaled, scale: point < 0 ? 0 : to - point - 1 };
}
