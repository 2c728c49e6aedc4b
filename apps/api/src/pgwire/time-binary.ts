import { binaryUnsupported } from './binary-unsupported';
import { clockText } from './timestamp-binary';
import { Oid } from './type-oids';

const TIME = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?$/;

/**
 * time or timetz (their text is the same under every DateStyle) → time_send's int64 microseconds
 * of the day, and for timetz timetz_send's int32 zone after it, in seconds WEST of UTC.
 *   '12:34:56.789' → 00 00 00 0a 8b e6 26 08 (45296789000)
 *   '12:00:00+05:30' → 00 00 00 0a 0e eb b0 00, ff ff b2 a8 (-19800)
 */
export function timeToBinary(text: string, oid: number): Buffer {
  const m = TIME.exec(text);
  if (!m || (oid === Oid.timetz) !== (m[5] !== undefined))
    throw binaryUnsupported(oid, `cannot read ${JSON.stringify(text)}`);
  const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const out = Buffer.alloc(oid === Oid.timetz ? 12 : 8);
  out.writeBigInt64BE(BigInt(seconds) * 1_000_000n + BigInt((m[4] ?? '').padEnd(6, '0')));
  if (oid === Oid.timetz) {
    const east = Number(m[6]) * 3600 + Number(m[7] ?? 0) * 60 + Number(m[8] ?? 0);
    out.writeInt32BE(m[5] === '-' ? east : -east, 8);
  }
  return out;
}

/** time_recv / timetz_recv → text: 45296789000 → '12:34:56.789000'; with zone -19800 → '…+05:30:00'. */
export function timeFromBinary(bytes: Buffer, oid: number): string {
  const clock = clockText(bytes.readBigInt64BE(0));
  if (oid !== Oid.timetz) return clock;
  const west = bytes.readInt32BE(8);
  const abs = Math.abs(west);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${clock}${west > 0 ? '-' : '+'}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}:${pad(abs % 60)}`;
}
