/**
 * A float4/float8 from its binary send format (big-endian IEEE 754, as hex) → the shortest decimal
 * text that reads back as the same value: what Postgres prints with `extra_float_digits` ≥ 1, whatever
 * the session's setting (the host's text output rounds with `extra_float_digits` ≤ 0, so writes read
 * the binary form). `float8send(0.1 + 0.2)` = '3fd3333333333334' → '0.30000000000000004'.
 */
export function floatText(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length === 8) return String(bytes.readDoubleBE(0));
  const v = bytes.readFloatBE(0);
  if (!Number.isFinite(v)) return String(v);
  // JavaScript prints doubles; a float4 takes the fewest digits (at most 9) that round back to it.
  for (let digits = 1; digits < 9; digits++) {
    const s = v.toPrecision(digits);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(Number(v.toPrecision(9)));
}
