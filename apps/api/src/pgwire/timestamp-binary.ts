import { dateTimeParts } from './datetime-text';
import { isoDate } from './date-binary';
import { Oid } from './type-oids';

/** timestamp_send's ±infinity: int64 max and min. */
const INFINITY = 0x7fffffffffffffffn;
const MINUS_INFINITY = -0x8000000000000000n;
const DAY_MICROS = 86_400_000_000n;

/**
 * A timestamp or timestamptz in any DateStyle → timestamp_send's int64 microseconds from
 * 2000-01-01 00:00 (UTC for timestamptz, whatever zone the text was printed in).
 *   '2000-01-01 01:00:00+01' (timestamptz) → 0; '01.01.2000 00:00:01.5' (timestamp) → 1500000;
 *   'infinity' → 7fffffffffffffff
 */
export function timestampToBinary(text: string, oid: number, dayFirst?: boolean): Buffer {
  const parts = dateTimeParts(text, oid, dayFirst);
  const out = Buffer.alloc(8);
  if (parts.kind !== 'finite') {
    out.writeBigInt64BE(parts.kind === 'infinity' ? INFINITY : MINUS_INFINITY);
    return out;
  }
  const offset = BigInt(oid === Oid.timestamptz ? (parts.offset ?? 0) : 0);
  out.writeBigInt64BE(BigInt(parts.days) * DAY_MICROS + parts.micros - offset * 1_000_000n);
  return out;
}

/**
 * timestamp_recv's int64 → ISO text the host reads under every DateStyle (timestamptz in UTC):
 *   1500000 → '2000-01-01 00:00:01.500000' (timestamp), '2000-01-01 00:00:01.500000+00' (timestamptz)
 */
export function timestampFromBinary(bytes: Buffer, oid: number): string {
  const micros = bytes.readBigInt64BE(0);
  if (micros === INFINITY) return 'infinity';
  if (micros === MINUS_INFINITY) return '-infinity';
  const floorDiv = (a: bigint, b: bigint) => a / b - (a % b < 0n ? 1n : 0n);
  const days = floorDiv(micros, DAY_MICROS);
  const date = isoDate(Number(days));
  const clock = clockText(micros - days * DAY_MICROS);
  const zone = oid === Oid.timestamptz ? '+00' : '';
  // BC goes last, after the zone, as Postgres prints it.
  return date.endsWith(' BC') ? `${date.slice(0, -3)} ${clock}${zone} BC` : `${date} ${clock}${zone}`;
}

/** Microseconds as `HH:MM:SS.ffffff` (hours past 24 too): 45296789000 → '12:34:56.789000'. */
export function clockText(micros: bigint): string {
  const pad = (n: bigint) => String(n).padStart(2, '0');
  const seconds = micros / 1_000_000n;
  const fraction = String(micros % 1_000_000n).padStart(6, '0');
  return `${pad(seconds / 3600n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}.${fraction}`;
}
