const INT64_MAX = 0x7fffffffffffffffn;
const USECS_PER_HOUR = 3_600_000_000n;
const USECS_PER_MINUTE = 60_000_000n;
const USECS_PER_SEC = 1_000_000n;

/**
 * An interval from its binary send format (microseconds int64, days int32, months int32, as hex) →
 * Postgres's text output in the default `IntervalStyle = postgres`, whatever the session's style:
 * writes store one form. `'1 year 2 mons -3 days 04:05:06.5'` round-trips to that same text.
 */
export function intervalText(hex: string): string {
  const b = Buffer.from(hex, 'hex');
  const time = b.readBigInt64BE(0);
  const days = b.readInt32BE(8);
  const months = b.readInt32BE(12);
  if (time === INT64_MAX) return 'infinity';
  if (time === -INT64_MAX - 1n) return '-infinity';
  const parts: string[] = [];
  let before = false; // the previous field was negative: a positive one after it is signed
  for (const [value, unit] of [
    [Math.trunc(months / 12), 'year'],
    [months % 12, 'mon'],
    [days, 'day'],
  ] as const) {
    if (value === 0) continue;
    parts.push(`${before && value > 0 ? '+' : ''}${value} ${unit}${value !== 1 ? 's' : ''}`);
    before = value < 0;
  }
  if (!parts.length || time !== 0n) {
    const abs = time < 0n ? -time : time;
    const hours = abs / USECS_PER_HOUR;
    const minutes = (abs % USECS_PER_HOUR) / USECS_PER_MINUTE;
    const seconds = (abs % USECS_PER_MINUTE) / USECS_PER_SEC;
    const fraction = (abs % USECS_PER_SEC).toString().padStart(6, '0').replace(/0+$/, '');
    const two = (n: bigint) => n.toString().padStart(2, '0');
    parts.push(
      `${time < 0n ? '-' : before ? '+' : ''}${two(hours)}:${two(minutes)}:${two(seconds)}${fraction ? '.' + fraction : ''}`,
    );
  }
  return parts.join(' ');
}
