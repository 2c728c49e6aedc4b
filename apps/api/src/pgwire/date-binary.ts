import { civilFromDays } from '@dynascope/engine';
import { dateTimeParts } from './datetime-text';
import { Oid } from './type-oids';

/** date_send's ±infinity: int32 max and min. */
const DATE_INFINITY = 0x7fffffff;
const DATE_MINUS_INFINITY = -0x80000000;

/**
 * A date in any DateStyle → date_send's int32 days from 2000-01-01.
 *   '2000-01-02' → 00 00 00 01; 'infinity' → 7f ff ff ff; '15.03.0044 BC' → days to astronomical -43-03-15
 */
export function dateToBinary(text: string, dayFirst?: boolean): Buffer {
  const parts = dateTimeParts(text, Oid.date, dayFirst);
  const out = Buffer.alloc(4);
  if (parts.kind === 'finite') out.writeInt32BE(parts.days);
  else out.writeInt32BE(parts.kind === 'infinity' ? DATE_INFINITY : DATE_MINUS_INFINITY);
  return out;
}

/** date_recv's int32 → an ISO date the host reads under every DateStyle: 00 00 00 3c → '2000-03-01'. */
export function dateFromBinary(bytes: Buffer): string {
  const days = bytes.readInt32BE(0);
  if (days === DATE_INFINITY) return 'infinity';
  if (days === DATE_MINUS_INFINITY) return '-infinity';
  return isoDate(days);
}

/** Days from 2000-01-01 as `YYYY-MM-DD`, ` BC` for years before 1: -1 → '1999-12-31'. */
export function isoDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(year > 0 ? year : 1 - year, 4)}-${pad(month)}-${pad(day)}${year > 0 ? '' : ' BC'}`;
}
