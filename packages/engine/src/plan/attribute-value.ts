import type { AttributeValue } from '@aws-sdk/client-dynamodb';

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
 */
export function pushTypeOf(typname: string, collation: string | null, defaultIsC: boolean): PushType | null {
  if (TEXT_TYPES.has(typname)) {
    const c = collation === 'default' ? (defaultIsC ? 'C' : 'default') : collation;
    return c === 'C' || c === 'POSIX' ? 'S' : null;
  }
  if (NUMBER_TYPES.has(typname)) return 'N';
  if (typname === 'bool') return 'BOOL';
  return null;
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
      const n = normalizeNumber(constant.value.trim());
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
 * A decimal literal in DynamoDB's accepted form (no exponent, at most 38 significant digits), or null.
 * `'1.50e2'` → `'150'`, `'-0.0'` → `'0'`.
 */
export function normalizeNumber(text: string): string | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const sign = m[1] === '-' ? '-' : '';
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let point = (m[2] ?? '').length + Number(m[4] ?? 0);
  const lead = digits.match(/^0*/)![0].length;
  digits = digits.slice(lead);
  point -= lead;
  digits = digits.replace(/0+$/, '');
  if (digits === '') return '0';
  if (digits.length > 38 || point > 126 || point < -129) return null;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return sign + out;
}

function parseBool(text: string): boolean | null {
  const t = text.trim().toLowerCase();
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

/** Compares two normalised decimal strings exactly. */
export function compareDecimals(a: string, b: string): number {
  const neg = (s: string) => s.startsWith('-');
  if (neg(a) !== neg(b)) return neg(a) ? -1 : 1;
  const sign = neg(a) ? -1 : 1;
  const [ai, af = ''] = a.replace('-', '').split('.');
  const [bi, bf = ''] = b.replace('-', '').split('.');
  if (ai!.length !== bi!.length) return sign * (ai!.length < bi!.length ? -1 : 1);
  const width = Math.max(af.length, bf.length);
  const x = ai + af.padEnd(width, '0');
  const y = bi + bf.padEnd(width, '0');
  return sign * (x < y ? -1 : x > y ? 1 : 0);
}

/** `{ S: 'a' }` → `'a'`, `{ N: '5' }` → `5`: for plans people read. */
export function attributeValueSql(v: AttributeValue): string {
  if (v.S !== undefined) return "'" + v.S.replace(/'/g, "''") + "'";
  if (v.N !== undefined) return v.N;
  if (v.BOOL !== undefined) return String(v.BOOL);
  if (v.NULL) return 'NULL';
  return JSON.stringify(v);
}
