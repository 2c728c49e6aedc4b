import { compareCodePoints } from '@dynascope/contract';

/**
 * Exact ordering of decimal numbers given as text (numeric/int8 arrive as strings with up to 38
 * digits, floats as JSON numbers): no conversion to a double, so digits past the 15th still count.
 */

/** A parsed number: `0.digits × 10^exp` with `sign`, or one of Postgres's special values. */
type Decimal =
  | { readonly kind: 'finite'; readonly sign: -1 | 0 | 1; readonly exp: number; readonly digits: string }
  | { readonly kind: 'infinity'; readonly sign: -1 | 1 }
  | { readonly kind: 'nan' };

const NUMBER = /^([+-])?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** `'-0012.50e1'` → `{ sign: -1, exp: 3, digits: '125' }`; `'Infinity'`, `'NaN'` too; else null. */
function parseDecimal(text: string): Decimal | null {
  const t = text.trim();
  const special = /^([+-])?(?:(inf(?:inity)?)|nan)$/i.exec(t);
  if (special) return special[2] ? { kind: 'infinity', sign: special[1] === '-' ? -1 : 1 } : { kind: 'nan' };
  const m = NUMBER.exec(t);
  if (!m) return null;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (!int && !frac) return null;
  const all = int + frac;
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  if (!digits) return { kind: 'finite', sign: 0, exp: 0, digits: '' };
  return { kind: 'finite', sign: m[1] === '-' ? -1 : 1, exp: int.length - lead + Number(m[4] ?? 0), digits };
}

/** -Infinity < negatives < 0 < positives < Infinity < NaN, as Postgres orders numeric and floats. */
function rank(d: Decimal): number {
  if (d.kind === 'nan') return 3;
  return d.kind === 'infinity' ? d.sign * 2 : d.sign;
}

function compareParsed(a: Decimal, b: Decimal): number {
  const r = rank(a) - rank(b);
  if (r !== 0 || a.kind !== 'finite' || b.kind !== 'finite' || a.sign === 0) return Math.sign(r);
  // Same sign, both non-zero: the larger exponent has the larger magnitude; then the digits decide.
  const magnitude =
    a.exp !== b.exp ? Math.sign(a.exp - b.exp) : a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
  return magnitude * a.sign;
}

/**
 * Orders two decimal texts exactly: `compareDecimals('-2', '-1.5')` → -1,
 * `compareDecimals('100000000000000000000000000000000000001', '99999999999999999999999999999999999999')` → 1,
 * `compareDecimals('1e3', '1000.0')` → 0. Text that is not a number sorts after every number.
 */
export function compareDecimals(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (x && y) return compareParsed(x, y);
  if (x || y) return x ? -1 : 1;
  return compareCodePoints(a, b);
}
