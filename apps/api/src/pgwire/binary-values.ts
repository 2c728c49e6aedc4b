import { arrayFromBinary, arrayToBinary } from './array-binary';
import { binaryUnsupported as unsupported } from './binary-unsupported';
import { UTF8, type ClientEncoding } from './client-encoding';
import { dateFromBinary, dateToBinary } from './date-binary';
import { inetFromBinary, inetToBinary } from './inet-binary';
import { intervalFromBinary, intervalToBinary } from './interval-binary';
import { numericFromBinary, numericToBinary } from './numeric-binary';
import { timeFromBinary, timeToBinary } from './time-binary';
import { timestampFromBinary, timestampToBinary } from './timestamp-binary';
import { arrayElementOid, Oid } from './type-oids';

const TEXT_TYPES = new Set<number>([Oid.text, Oid.varchar, Oid.bpchar, Oid.name, Oid.json, Oid.unknown]);

/**
 * A value's text output → its binary form (the `*_send` functions), for a result column asked in
 * binary. `dayFirst`: the session's DateStyle prints dates DMY (`dateOrderDayFirst`), which
 * SQL and Postgres styles need to read `01/02/2000`; ISO and German text needs nothing.
 *   ('70000', int4) → 00 01 11 70; ('infinity', date) → 7f ff ff ff; ('{1,NULL}', int4[]) → array_send's bytes
 */
export function textToBinary(
  text: string,
  oid: number,
  dayFirst?: boolean,
  encoding: ClientEncoding = UTF8,
): Buffer {
  if (TEXT_TYPES.has(oid)) return encoding.encode(text);
  const element = arrayElementOid(oid);
  if (element !== undefined)
    return arrayToBinary(text, oid, element, (e) => textToBinary(e, element, dayFirst, encoding));
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
      return Buffer.concat([Buffer.from([1]), encoding.encode(text)]);
    case Oid.bytea:
      if (!text.startsWith('\\x')) throw unsupported(oid);
      return Buffer.from(text.slice(2), 'hex');
    case Oid.uuid:
      return Buffer.from(text.replace(/-/g, ''), 'hex');
    case Oid.numeric:
      return numericToBinary(text);
    case Oid.date:
      return dateToBinary(text, dayFirst);
    case Oid.timestamp:
    case Oid.timestamptz:
      return timestampToBinary(text, oid, dayFirst);
    case Oid.time:
    case Oid.timetz:
      return timeToBinary(text, oid);
    case Oid.interval:
      return intervalToBinary(text);
    case Oid.inet:
    case Oid.cidr:
      return inetToBinary(text, oid);
    default:
      throw unsupported(oid);
  }
}

/**
 * A parameter sent in binary → its text, for the statement's literal (the `*_recv` functions);
 * dates and times as ISO text, which the host reads the same under every DateStyle.
 *   (00 00 00 3c, date) → '2000-03-01'; (array_send of int4 [1, NULL]) → '{"1",NULL}'
 */
export function binaryToText(bytes: Buffer, oid: number, encoding: ClientEncoding = UTF8): string {
  if (TEXT_TYPES.has(oid)) return encoding.decode(bytes);
  if (arrayElementOid(oid) !== undefined)
    return arrayFromBinary(bytes, (element, elementOid) => binaryToText(element, elementOid, encoding));
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
      return encoding.decode(bytes.subarray(1));
    case Oid.bytea:
      return `\\x${bytes.toString('hex')}`;
    case Oid.uuid:
      return bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    case Oid.numeric:
      return numericFromBinary(bytes);
    case Oid.date:
      return dateFromBinary(bytes);
    case Oid.timestamp:
    case Oid.timestamptz:
      return timestampFromBinary(bytes, oid);
    case Oid.time:
    case Oid.timetz:
      return timeFromBinary(bytes, oid);
    case Oid.interval:
      return intervalFromBinary(bytes);
    case Oid.inet:
    case Oid.cidr:
      return inetFromBinary(bytes);
    default:
      throw unsupported(oid);
  }
}
