import { binaryUnsupported } from './binary-unsupported';
import { clockText } from './timestamp-binary';
import { Oid } from './type-oids';

interface IntervalParts {
  months: number;
  days: number;
  micros: bigint;
}

const UNIT = /^(year|mon|day|hour|min|sec)s?$/;
const MICROS_PER: Readonly<Record<string, bigint>> = {
  hour: 3_600_000_000n,
  min: 60_000_000n,
  sec: 1_000_000n,
};
const ISO_8601 = /^P(?:(-?\d+)Y)?(?:(-?\d+)M)?(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?[\d.]+)S)?)?$/;

/**
 * An interval in any IntervalStyle → interval_send's int64 microseconds, int32 days, int32 months.
 *   '1 year 2 mons 3 days 04:05:06.7' (postgres), '+1-2 +3 +4:05:06.7' (sql_standard),
 *   '@ 1 year 2 mons 3 days 4 hours 5 mins 6.7 secs' (postgres_verbose), 'P1Y2M3DT4H5M6.7S' (iso_8601)
 *   → 00 00 00 03 6c 96 6e e0 | 00 00 00 03 | 00 00 00 0e
 */
export function intervalToBinary(text: string): Buffer {
  const parts = text.startsWith('P') ? iso8601Parts(text) : wordParts(text);
  if (!parts) throw binaryUnsupported(Oid.interval, `cannot read ${JSON.stringify(text)}`);
  const out = Buffer.alloc(16);
  out.writeBigInt64BE(parts.micros, 0);
  out.writeInt32BE(parts.days, 8);
  out.writeInt32BE(parts.months, 12);
  return out;
}

/**
 * interval_recv → text the host reads the same under every IntervalStyle (each field signed, so
 * sql_standard's leading sign does not spread): → '+14 mons +3 days +04:05:06.700000'.
 */
export function intervalFromBinary(bytes: Buffer): string {
  const micros = bytes.readBigInt64BE(0);
  const signed = (n: number) => (n < 0 ? String(n) : `+${n}`);
  const clock = `${micros < 0n ? '-' : '+'}${clockText(micros < 0n ? -micros : micros)}`;
  return `${signed(bytes.readInt32BE(12))} mons ${signed(bytes.readInt32BE(8))} days ${clock}`;
}

function iso8601Parts(text: string): IntervalParts | null {
  const m = ISO_8601.exec(text);
  if (!m) return null;
  const n = (s: string | undefined) => Number(s ?? 0);
  return {
    months: n(m[1]) * 12 + n(m[2]),
    days: n(m[3]),
    micros:
      BigInt(n(m[4])) * MICROS_PER.hour! + BigInt(n(m[5])) * MICROS_PER.min! + secondsMicros(m[6] ?? '0'),
  };
}

/** postgres (`-1 years +3 days -04:05:06`), postgres_verbose (`@ 1 year 3 days ago`), sql_standard (`-1-2 3 4:05:06`). */
function wordParts(text: string): IntervalParts | null {
  const tokens = text.split(' ');
  const verbose = tokens[0] === '@';
  if (verbose) tokens.shift();
  const ago = tokens.at(-1) === 'ago';
  if (ago) tokens.pop();
  const parts: IntervalParts = { months: 0, days: 0, micros: 0n };
  // sql_standard prints one leading sign for all fields when none of the others has its own.
  const spread = !verbose && tokens[0]!.startsWith('-') && tokens.slice(1).every((t) => !/^[+-]/.test(t));
  for (let i = 0; i < tokens.length; i++) {
    const token = i > 0 && spread ? `-${tokens[i]}` : tokens[i]!;
    const unit = UNIT.exec(tokens[i + 1] ?? '')?.[1];
    let m: RegExpExecArray | null;
    if (unit && /^[+-]?[\d.]+$/.test(token)) {
      i++;
      if (unit === 'year') parts.months += 12 * Number(token);
      else if (unit === 'mon') parts.months += Number(token);
      else if (unit === 'day') parts.days += Number(token);
      else parts.micros += unit === 'sec' ? secondsMicros(token) : BigInt(token) * MICROS_PER[unit]!;
    } else if ((m = /^([+-]?)(\d+)-(\d+)$/.exec(token))) {
      parts.months += (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 12 + Number(m[3]));
    } else if ((m = /^([+-]?)(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(token))) {
      const micros =
        BigInt(m[2]!) * MICROS_PER.hour! + BigInt(m[3]!) * MICROS_PER.min! + secondsMicros(m[4]!);
      parts.micros += m[1] === '-' ? -micros : micros;
    } else if (/^[+-]?\d+$/.test(token)) {
      parts.days += Number(token);
    } else return null;
  }
  return ago ? { months: -parts.months, days: -parts.days, micros: -parts.micros } : parts;
}

/** `-6.7` seconds → -6700000n microseconds. */
function secondsMicros(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[+-]/, '').split('.');
  const micros = BigInt(whole || '0') * 1_000_000n + BigInt(fraction.slice(0, 6).padEnd(6, '0'));
  return negative ? -micros : micros;
}
