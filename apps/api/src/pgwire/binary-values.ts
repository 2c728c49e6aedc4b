import { EngineError, SqlState } from '@dynascope/engine';
import { numericFromBinary, numericToBinary } from './numeric-binary';
import { Oid } from './type-oids';

/** Postgres's epoch for dates and timestamps, 2000-01-01, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
const DAY_MS = 86_400_000;
const TEXT_TYPES = new Set<number>([Oid.text, Oid.varchar, Oid.bpchar, Oid.name, Oid.json, Oid.unknown]);

const unsupported = (oid: number) =>
  new EngineError(SqlState.featureNotSupported, `binary format for type oid ${oid} is not supported`, {
    hint: 'ask for this column or parameter in text format',
  });

/** A value's text output → its binary form (the `*_send` functions), for a result column asked in binary. */
export function textToBinary(text: string, oid: number): Buffer {
  if (TEXT_TYPES.has(oid)) return Buffer.from(text, 'utf8');
  const out = Buffer.alloc(8);
  switch (oid) {
    case Oid.bool:
      return Buffer.from([text === 't' ? 1 : 0]);
    case Oid.int2:
      out.writeInt16BE(Number(text));
      return out.subarray(0, 2);
    case Oid.int4:
      out.writeInt32BE(Number(text));
      return out.subarray(0, 4);
    case Oid.oid:
      out.writeUInt32BE(Number(text));
      return out.subarray(0, 4);
    case Oid.int8:
      out.writeBigInt64BE(BigInt(text));
      return out;
    case Oid.float4:
      out.writeFloatBE(Number(text));
      return out.subarray(0, 4);
    case Oid.float8:
      out.writeDoubleBE(Number(text));
      return out;
    case Oid.jsonb:
      return Buffer.concat([Buffer.from([1]), Buffer.from(text, 'utf8')]);
    case Oid.bytea:
      if (!text.startsWith('\\x')) throw unsupported(oid);
      return Buffer.from(text.slice(2), 'hex');
    case Oid.uuid:
      return Buffer.from(text.replace(/-/g, ''), 'hex');
    case Oid.numeric:
      return numericToBinary(text);
    case Oid.date:
      out.writeInt32BE(Math.round((utcMs(`${text} 00:00:00`) - PG_EPOCH_MS) / DAY_MS));
      return out.subarray(0, 4);
    case Oid.timestamp:
    case Oid.timestamptz:
      out.writeBigInt64BE(timestampMicros(text));
      return out;
    default:
      throw unsupported(oid);
  }
}

/** A parameter sent in binary → its text, for the statement's literal (the `*_recv` functions). */
export function binaryToText(bytes: Buffer, oid: number): string {
  if (TEXT_TYPES.has(oid)) return bytes.toString('utf8');
  switch (oid) {
    case Oid.bool:
      return bytes[0] ? 't' : 'f';
    case Oid.int2:
      return String(bytes.readInt16BE(0));
    case Oid.int4:
      return String(bytes.readInt32BE(0));
    case Oid.oid:
      return String(bytes.readUInt32BE(0));
    case Oid.int8:
      return String(bytes.readBigInt64BE(0));
    case Oid.float4:
      return String(bytes.readFloatBE(0));
    case Oid.float8:
      return String(bytes.readDoubleBE(0));
    case Oid.jsonb:
      return bytes.subarray(1).toString('utf8');
    case Oid.bytea:
      return `\\x${bytes.toString('hex')}`;
    case Oid.uuid:
      return bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    case Oid.numeric:
      return numericFromBinary(bytes);
    case Oid.date:
      return new Date(PG_EPOCH_MS + bytes.readInt32BE(0) * DAY_MS).toISOString().slice(0, 10);
    case Oid.timestamp:
    case Oid.timestamptz: {
      const micros = bytes.readBigInt64BE(0);
      const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
      const iso = new Date(PG_EPOCH_MS + Number(ms)).toISOString();
      const fraction = String(((micros % 1_000_000n) + 1_000_000n) % 1_000_000n).padStart(6, '0');
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}${oid === Oid.timestamptz ? '+00' : ''}`;
    }
    default:
      throw unsupported(oid);
  }
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff][±HH[:MM]]` (DateStyle ISO) → microseconds since 2000-01-01 UTC. */
function timestampMicros(text: string): bigint {
  const m =
    /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?$/.exec(
      text,
    );
  if (!m) throw unsupported(Oid.timestamp);
  const offsetSeconds =
    m[8] === undefined
      ? 0
      : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0));
  const ms = utcMs(`${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`) - offsetSeconds * 1000 - PG_EPOCH_MS;
  return BigInt(ms) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0'));
}

function utcMs(text: string): number {
  const [date, time] = text.split(' ') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = time.split(':').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  at.setUTCFullYear(y);
  return at.getTime();
}
