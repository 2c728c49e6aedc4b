/**
 * Postgres's text output of a float4/float8 (shortest exact digits, exponent form below 1e-4 and
 * from 1e6 / 1e15 up, as `float4out`/`float8out` print them): 1e15 → `1e+15`, 0.00001 → `1e-05`,
 * -0 → `-0`. The engine's cells hold these types as JS numbers parsed from that very text.
 */
export function floatText(n: number, type: 'real' | 'double precision'): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  // toExponential() without an argument gives the shortest digits that read back as this number.
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  const e = Number(exponent);
  if (e < -4 || e >= (type === 'real' ? 6 : 15)) {
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const sign = n < 0 ? '-' : '';
  const digits = mantissa.replace(/[-.]/g, '');
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  if (digits.length <= e + 1) return `${sign}${digits}${'0'.repeat(e + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}
