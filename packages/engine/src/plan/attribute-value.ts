import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { compareDecimals, normalizeNumber, overflowsNumericScale } from '../util/decimal';

/** A SQL constant as the planner extracted it from the AST. */
export type SqlConstant =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean };

/** How a column's type maps to a DynamoDB attribute type for pushdown, or null if never pushed. */
export type PushType = 'S' | 'N' | 'BOOL';

const TEXT_TYPES = new Set(['text', 'varchar', 'name']);
const NUMBER_TYPES = new Set(['int2', 'int4', 'int8', 'numeric']);

/**
 * Which DynamoDB type a column compares as when pushed. Floats are never pushed (DynamoDB compares
 * exact decimals, Postgres compares binary floats); bpchar pads; dates need the stored format.
 * `text`, the constant a comparison would send (omitted: any value, as a join's).
 *   pushTypeOf('varchar', 'default', true, 24, 'A-7') → 'S'   (varchar(20): a text under 20 characters)
 *   pushTypeOf('varchar', 'default', true, 24)        → null
 */
export function pushTypeOf(
  typname: string,
  collation: string | null,
  defaultIsC: boolean,
  typmod = -1,
  text?: string,
): PushType | null {
  // numeric(p, s) holds the item's number rounded to s digits (1.005 is 1.01 in numeric(10, 2)) and
  // varchar(n) its text with spaces past n cut ('abc  ' is 'abc' in varchar(3)): DynamoDB would
  // compare what the item holds, Postgres compares the column's value — the host evaluates them.
  if (typmod >= 0 && typname === 'numeric') return null;
  if (typmod >= 0 && typname === 'varchar' && !(text !== undefined && shorterThanVarchar(text, typmod)))
    return null;
  if (TEXT_TYPES.has(typname)) {
    const c = collation === 'default' ? (defaultIsC ? 'C' : 'default') : collation;
    return c === 'C' || c === 'POSIX' ? 'S' : null;
  }
  if (NUMBER_TYPES.has(typname)) return 'N';
  if (typname === 'bool') return 'BOOL';
  return null;
}

/**
 * Whether a text has fewer characters than a varchar(n) holds (`typmod` is n + 4). Then every
 * comparison of it with an item's text agrees with the comparison with the column's value: an item
 * read as another value (an item of more than n characters, spaces past n cut) has n characters
 * before its spaces, so the text is below both, above both, or a prefix of both — never between them.
 *   shorterThanVarchar('USD', 4 + 3) → false;  shorterThanVarchar('A-7', 4 + 20) → true
 */
function shorterThanVarchar(text: string, typmod: number): boolean {
  let chars = 0;
  for (const _ of text) if (++chars >= typmod - 4) return false;
  return true;
}

/**
 * Converts a constant to the attribute value DynamoDB compares with, exactly as Postgres would read it
 * for that column, or null when it cannot be pushed.
 *   toAttributeValue({ kind: 'number', value: '30' }, 'N') → { N: '30' }
 *   toAttributeValue({ kind: 'string', value: ' 42 ' }, 'N') → { N: '42' }
 *   toAttributeValue({ kind: 'number', value: '1' }, 'S') → null
 */
export function toAttributeValue(constant: SqlConstant, type: PushType): AttributeValue | null {
  switch (type) {
    case 'S':
      return constant.kind === 'string' ? { S: constant.value } : null;
    case 'N': {
      if (constant.kind === 'boolean') return null;
      const text = asciiTrim(constant.value);
      // A scale numeric_in refuses (22003) is the host's to raise, though DynamoDB could hold the value.
      if (overflowsNumericScale(text)) return null;
      const n = normalizeNumber(text);
      return n === null ? null : { N: n };
    }
    case 'BOOL': {
      if (constant.kind === 'boolean') return { BOOL: constant.value };
      if (constant.kind !== 'string') return null;
      const b = parseBool(constant.value);
      return b === null ? null : { BOOL: b };
    }
  }
}

/**
 * Whether a text is an integer as Postgres's integer input reads it: ASCII whitespace around, an
 * optional sign, digits (`' -12 '`; not `1.0`, `1e3`, nor a no-break space around).
 */
export function isIntegerText(text: string): boolean {
  return /^[ \t\n\r\v\f]*[+-]?\d+[ \t\n\r\v\f]*$/.test(text);
}

/**
 * A text without the whitespace Postgres's input functions skip around a value: ASCII's only (isspace
 * in the C locale), not a no-break space or a BOM, which they refuse (22P02): `' 1.5\t'` → `1.5`.
 */
function asciiTrim(text: string): string {
  return text.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
}

function parseBool(text: string): boolean | null {
  const t = asciiTrim(text).toLowerCase();
  if (['t', 'true', 'y', 'yes', 'on', '1'].includes(t)) return true;
  if (['f', 'false', 'n', 'no', 'off', '0'].includes(t)) return false;
  return null;
}

/** Orders two attribute values of one type the way DynamoDB does (numbers numerically, strings bytewise). */
export function compareAttributeValues(a: AttributeValue, b: AttributeValue): number {
  if (a.N !== undefined && b.N !== undefined) return compareDecimals(a.N, b.N);
  if (a.S !== undefined && b.S !== undefined) return Buffer.compare(Buffer.from(a.S), Buffer.from(b.S));
  return 0;
}

/** `{ S: 'a' }` → `'a'`, `{ N: '5' }` → `5`: for plans people read. */
export function attributeValueSql(v: AttributeValue): string {
  if (v.S !== undefined) return "'" + v.S.replace(/'/g, "''") + "'";
  if (v.N !== undefined) return v.N;
  if (v.BOOL !== undefined) return String(v.BOOL);
  if (v.NULL) return 'NULL';
  return JSON.stringify(v);
}
