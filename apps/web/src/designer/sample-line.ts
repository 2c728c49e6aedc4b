import type { TableDescription } from '../api/wire';
import { formatCount, formatRcu } from '../format/format-cell';

/**
 * What a DynamoDB sample read, as the designer and the jsonb editor show it (issue 17, defect 8:
 * every read is shown with its cost): `{ sampleSize: 100, consumedRcu: 2.5 }` → "sampled 100 items ·
 * 2.5 RCU"; a server that does not report the RCU leaves it out.
 */
export function sampleLine(desc: Pick<TableDescription, 'sampleSize' | 'consumedRcu'>): string {
  const items = `sampled ${formatCount(desc.sampleSize)} ${desc.sampleSize === 1 ? 'item' : 'items'}`;
  return desc.consumedRcu === undefined ? items : `${items} · ${formatRcu(desc.consumedRcu)} RCU`;
}

/** A table's DynamoDB sample: its attributes, how many items it read and their RCU. */
export type TableSample = Pick<TableDescription, 'attributes' | 'sampleSize' | 'consumedRcu'>;
