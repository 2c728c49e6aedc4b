import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { TableInfo } from '../plan/key-schema';
import { itemSize } from '../plan/item-size';

type Item = Record<string, AttributeValue>;

/** DynamoDB bills a write per KB (rounded up) of the item, and again per index it is written to. */
const WRITE_UNIT_BYTES = 1024;

/**
 * The write capacity a PutItem of a new item uses: its size in KB, rounded up, plus the same for each
 * secondary index that holds it (one with the index's key attributes), over the attributes the
 * index projects (ALL: the item; KEYS_ONLY: the table's and the index's keys; INCLUDE: those and its
 * attributes). Replacing an item costs its index entries' removal too, which this does not count.
 *   putWcu({ id: { S: 'a' }, s: { S: 'x' } }, table keyed by id with a GSI on s projecting ALL) → 1 + 1 = 2
 */
export function putWcu(item: Item, info: TableInfo): number {
  let wcu = units(itemSize(item));
  for (const index of info.indexes) {
    const keys = [index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])];
    if (!keys.every((k) => item[k] !== undefined)) continue;
    if (index.projection === 'ALL') {
      wcu += units(itemSize(item));
      continue;
    }
    const names = new Set([
      info.partitionKey.name,
      ...(info.sortKey ? [info.sortKey.name] : []),
      ...keys,
      ...(index.projection === 'INCLUDE' ? index.projectedAttributes : []),
    ]);
    const projected: Item = {};
    for (const n of names) if (item[n] !== undefined) projected[n] = item[n];
    wcu += units(itemSize(projected));
  }
  return wcu;
}

function units(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
}
