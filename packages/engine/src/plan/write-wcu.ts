import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { attributesText } from '../write/item-keys';
import { itemSize } from './item-size';
import type { IndexInfo, TableInfo } from './key-schema';

type Item = Record<string, AttributeValue>;

/** DynamoDB bills a write per KB of the item, rounded up. */
const WRITE_UNIT_BYTES = 1024;

/**
 * The write capacity of changing an item from `before` to `after` (undefined: absent — an INSERT of a
 * new item, a DELETE): the table's write, on the larger of the two, plus one write per secondary
 * index whose entry changes — the entry added, removed, rewritten when a projected attribute
 * changes, or removed and added when its key changes (two writes). An index's entry holds the
 * table's and the index's keys and what it projects (ALL: the item; INCLUDE: the attributes listed).
 *   writeWcu({id: 'a', s: 'x'}, {id: 'a', s: 'y'}, table keyed by id with a GSI on s) → 1 + 2 = 3
 *   writeWcu({id: 'a', s: 'x', n: 1}, {id: 'a', s: 'x', n: 2}, same, GSI KEYS_ONLY)  → 1 + 0 = 1
 */
export function writeWcu(before: Item | undefined, after: Item | undefined, info: TableInfo): number {
  let wcu = units(Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0));
  for (const index of info.indexes) {
    const old = before && indexEntry(before, index, info);
    const next = after && indexEntry(after, index, info);
    if (!old && !next) continue;
    if (!old || !next) wcu += units(itemSize((old ?? next)!));
    else if (attributesText(indexKey(old, index)) !== attributesText(indexKey(next, index)))
      wcu += units(itemSize(old)) + units(itemSize(next));
    else if (attributesText(sorted(old)) !== attributesText(sorted(next)))
      wcu += units(Math.max(itemSize(old), itemSize(next)));
  }
  return wcu;
}

/** The item's entry in a secondary index (what the index projects), or undefined when it lacks the index's key. */
function indexEntry(item: Item, index: IndexInfo, info: TableInfo): Item | undefined {
  const keys = [index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])];
  if (!keys.every((k) => item[k] !== undefined)) return undefined;
  if (index.projection === 'ALL') return item;
  const names = [
    info.partitionKey.name,
    ...(info.sortKey ? [info.sortKey.name] : []),
    ...keys,
    ...(index.projection === 'INCLUDE' ? index.projectedAttributes : []),
  ];
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]!]));
}

function indexKey(entry: Item, index: IndexInfo): Item {
  const keys = [index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])];
  return Object.fromEntries(keys.map((k) => [k, entry[k]!]));
}

function sorted(item: Item): Item {
  return Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function units(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
}
