/** The values of each integer type. */
const RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int2: [-(2n ** 15n), 2n ** 15n - 1n],
  int4: [-(2n ** 31n), 2n ** 31n - 1n],
  int8: [-(2n ** 63n), 2n ** 63n - 1n],
};

/**
 * Whether an integer type's input function (int2in, int4in, int8in) reads a text as its decimal
 * integer on every host: ASCII whitespace around, an optional sign, decimal digits, and a value the type
 * holds. Anything else the host must read itself — it refuses a decimal point or exponent (22P02) and
 * a value out of range (22003), and PostgreSQL 16+ reads `0x1F`, `0o17`, `0b101`, `1_000` where 15
 * refuses them (22P02). Also for a numeric constant cast to the type (`(99999)::int2` is 22003).
 *   readsAsInteger(' -42 ', 'int2') → true;   readsAsInteger('4.2', 'int4') → false
 *   readsAsInteger('2147483648', 'int4') → false;   readsAsInteger('2147483648', 'int8') → true
 *   readsAsInteger('1_000', 'int4') → false;   readsAsInteger('5', 'numeric') → false (not an integer type)
 */
export function readsAsInteger(text: string, type: string): boolean {
  const range = RANGES[type];
  const digits = /^[ \t\n\r\v\f]*([+-]?\d+)[ \t\n\r\v\f]*$/.exec(text)?.[1];
  if (!range || digits === undefined) return false;
  const n = BigInt(digits);
  return n >= range[0] && n <= range[1];
}
