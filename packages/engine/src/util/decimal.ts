/**
 * Decimal number text, exactly: DynamoDB numbers have up to 38 significant digits and must never pass
 * through a JavaScript float (spec §2). Every parse, normalisation, comparison and format of number
 * text in the engine is one of these functions.
 */

/** A decimal's exact value: `0.<digits> × 10^point`, digits without leading or trailing zeros ('' for 0). */
export interface Decimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly point: number;
}

const ZERO: Decimal = { negative: false, digits: '', point: 0 };

/** Signed decimal text, optional fraction and exponent: `-1.50e2`, `.5`, `7.`. */
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Already in `formatDecimal`'s form: no sign but `-`, no redundant zero, no exponent, not `-0`. */
const CANONICAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** DynamoDB's limits: 38 significant digits, magnitude 1E-130 .. 9.99…E+125. */
const MAX_DIGITS = 38;
const MAX_POINT = 126;
const MIN_POINT = -129;

/**
 * Decimal text → its exact value, or null when it is not decimal text:
 *   `'1.50e2'` → { digits: '15', point: 3 };  `'-0.0'` → { digits: '', point: 0 };  `' 1'`, `'NaN'` → null
 */
export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL_TEXT.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const all = (m[2] ?? '') + (m[3] ?? '');
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  if (digits === '') return ZERO;
  return { negative: m[1] === '-', digits, point: (m[2] ?? '').length + Number(m[4] ?? 0) - lead };
}

/** A value in plain notation without redundant zeros: { digits: '25', point: -2 } → `'0.0025'`. */
export function formatDecimal(d: Decimal): string {
  const { digits, point } = d;
  if (digits === '') return '0';
  const plain =
    point <= 0
      ? '0.' + '0'.repeat(-point) + digits
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : digits.slice(0, point) + '.' + digits.slice(point);
  return (d.negative ? '-' : '') + plain;
}

/** Whether text is already `formatDecimal`'s form (`'12.5'`, `'-0.5'`; not `'1.50'`, `'-0'`, `'1e2'`), without parsing it. */
export function isCanonicalDecimal(text: string): boolean {
  return CANONICAL.test(text) && text !== '-0';
}

/** numeric's largest display scale (NUMERIC_DSCALE_MAX): numeric_in refuses text needing more (22003). */
const NUMERIC_DSCALE_MAX = 16383;

/**
 * Whether numeric_in would refuse decimal text for its display scale (fraction digits less the
 * exponent) beyond 16383, which it raises as 22003 even for zero — though the value itself
 * fits: `'0e-20000'`, `'1.000…0'` (20,000 zeros) → true;  `'0e+20000'`, `'1.5e-3'` → false
 */
export function overflowsNumericScale(text: string): boolean {
  const m = DECIMAL_TEXT.exec(text);
  return m !== null && (m[3] ?? '').length - Number(m[4] ?? 0) > NUMERIC_DSCALE_MAX;
}

/**
 * Decimal text → a DynamoDB number in its stored form, or null when DynamoDB cannot hold it (more
 * than 38 significant digits, out of range, not a number):
 *   `'1.50e2'` → `'150'`;  `'-0.0'` → `'0'`;  `'1e126'` → null
 */
export function normalizeNumber(text: string): string | null {
  const d = parseDecimal(text);
  if (!d) return null;
  if (d.digits.length > MAX_DIGITS || (d.digits !== '' && (d.point > MAX_POINT || d.point < MIN_POINT)))
    return null;
  return formatDecimal(d);
}

/** Compares two decimal texts by value, exactly, in any notation: `('1.50', '1.5')` → 0, `('9', '1e1')` → -1. */
export function compareDecimals(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) throw new Error(`not decimal text: ${x ? b : a}`);
  const sign = (d: Decimal) => (d.digits === '' ? 0 : d.negative ? -1 : 1);
  if (sign(x) !== sign(y)) return sign(x) < sign(y) ? -1 : 1;
  if (sign(x) === 0) return 0;
  const magnitude =
    x.point !== y.point ? x.point - y.point : x.digits < y.digits ? -1 : x.digits > y.digits ? 1 : 0;
  return sign(x) * Math.sign(magnitude);
}

/**
 * A value rounded to `scale` fraction digits, half away from zero, as numeric(p, s) rounds; a negative
 * scale rounds left of the point:  (999.995, 2) → 1000;  (12355, -2) → 12400;  (0.004, 2) → 0
 */
export function roundDecimal(d: Decimal, scale: number): Decimal {
  const kept = d.point + scale;
  if (d.digits.length <= kept) return d;
  if (kept < 0) return ZERO;
  let head = d.digits.slice(0, kept);
  let point = d.point;
  if (d.digits[kept]! >= '5') {
    const bumped = (BigInt(head || '0') + 1n).toString();
    point += bumped.length - head.length;
    head = bumped;
  }
  const digits = head.replace(/0+$/, '');
  return digits === '' ? ZERO : { negative: d.negative, digits, point };
}

/**
 * Whether a value fits numeric(precision, scale) once rounded to the scale, as Postgres checks it:
 * fewer than 10^(precision − scale) in magnitude.  (`'999.994'`, 5, 2) → true;  (`'999.995'`, 5, 2) → false
 */
export function fitsNumeric(d: Decimal, precision: number, scale: number): boolean {
  const r = roundDecimal(d, scale);
  return r.digits === '' || r.point <= precision - scale;
}

/** An integral value as a bigint, or null for a fraction or non-decimal text: `'-42'` → -42n, `'1.5'` → null. */
export function decimalInteger(text: string): bigint | null {
  const d = parseDecimal(text);
  return d && d.digits.length <= d.point ? BigInt(formatDecimal(d)) : null;
}

/** A value × 10^scale, truncated toward zero: (`'-1.2345678'`, 6) → -1234567n (epoch seconds → microseconds). */
export function scaledInteger(d: Decimal, scale: number): bigint {
  const kept = d.point + scale;
  if (d.digits === '' || kept <= 0) return 0n;
  return (d.negative ? -1n : 1n) * BigInt(d.digits.slice(0, kept).padEnd(kept, '0'));
}

/**
 * Postgres's numeric output for decimal text: leading zeros dropped, the scale kept as written.
 *   pgNumericText('007.50') → '7.50';  pgNumericText('1.5E+2') → '150';  pgNumericText('-0.0') → '0.0'
 */
export function pgNumericText(text: string): string {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m) return text;
  const exp = Number(m[4] ?? 0);
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let scale = (m[3] ?? '').length - exp;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  if (digits.length < scale) digits = '0'.repeat(scale - digits.length) + digits;
  const intPart = digits.slice(0, digits.length - scale).replace(/^0+/, '') || '0';
  const frac = digits.slice(digits.length - scale);
  const zero = /^0*$/.test(digits);
  return (m[1] === '-' && !zero ? '-' : '') + intPart + (scale ? '.' + frac : '');
}
