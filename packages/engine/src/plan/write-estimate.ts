import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { itemSize } from './item-size';
import type { TableInfo } from './key-schema';
import { writeWcu } from './write-wcu';

type Item = Record<string, AttributeValue>;

/** What a write statement's capacity can be estimated from before it runs. */
export type WriteEstimateSource =
  /** INSERT ... VALUES: the items its rows become, each a new item. */
  | { readonly kind: 'insert'; readonly items: readonly Item[] }
  /**
   * UPDATE or DELETE: the items its read of the target is expected to return, at the table's average
   * item size; an UPDATE's SET attributes (`'any'`: a catch-all column, which may set any of them).
   */
  | {
      readonly kind: 'update' | 'delete';
      readonly items: number;
      readonly avgItemBytes: number;
      readonly setAttributes?: readonly string[] | 'any';
    }
  /** INSERT ... SELECT, a read without an estimate: the items are known only when it runs. */
  | { readonly kind: 'unknown' };

/**
 * The WCU a write statement is expected to consume (plan/write-wcu.ts's rules: the table's write and
 * each secondary index entry the write adds, removes or changes; twice that when `atomic`, as
 * TransactWriteItems bills), or null when it cannot be known before it runs.
 *   insert, 10 items of ~60 B, table without index          → 10
 *   insert, the same, a GSI ALL on an attribute they hold    → 20
 *   update set n = ..., 30 items of ~2 KB, GSI ALL keyed by s → 30 × (2 + 2) = 120
 *   delete, 5 items of ~100 B, a GSI KEYS_ONLY               → 5 × (1 + 1) = 10
 * Assumed: an INSERT's items are new (replacing an item also removes its old index entries); an
 * UPDATE or DELETE changes every item its read returns (a Scan's: every item of the table, the filter
 * unknown — an upper bound), each item of the average size and in every index (a sparse index costs
 * less), an UPDATE leaving the size as it was.
 */
export function estimatedWriteWcu(
  source: WriteEstimateSource,
  info: TableInfo,
  atomic: boolean,
): number | null {
  const wcu = unbilledWcu(source, info);
  return wcu === null ? null : wcu * (atomic ? 2 : 1);
}

function unbilledWcu(source: WriteEstimateSource, info: TableInfo): number | null {
  switch (source.kind) {
    case 'insert':
      return source.items.reduce((n, item) => n + writeWcu(undefined, item, info), 0);
    case 'update':
    case 'delete': {
      if (!source.items) return 0;
      const before = averageItem(source.avgItemBytes, info);
      const after = source.kind === 'delete' ? undefined : changed(before, source.setAttributes ?? [], info);
      return Math.ceil(source.items) * writeWcu(before, after, info);
    }
    default:
      return null;
  }
}

/**
 * An item standing for the table's average one: every key attribute of the table and its indexes
 * (so it is in each index), every attribute an index projects by name, and the rest of its bytes in
 * one attribute nothing projects by name.
 */
function averageItem(avgItemBytes: number, info: TableInfo): Item {
  const names = new Set([
    info.partitionKey.name,
    ...(info.sortKey ? [info.sortKey.name] : []),
    ...info.indexes.flatMap((i) => [
      i.partitionKey.name,
      ...(i.sortKey ? [i.sortKey.name] : []),
      ...(i.projection === 'INCLUDE' ? i.projectedAttributes : []),
    ]),
  ]);
  const item: Item = Object.fromEntries([...names].map((n) => [n, { S: 'a' }]));
  const rest = avgItemBytes - itemSize(item) - REST.length;
  if (rest > 0) item[REST] = { S: 'a'.repeat(Math.round(rest)) };
  return item;
}

/** The name of the attribute holding the average item's other bytes. */
const REST = '\u0000rest';

/** The item after an UPDATE: each attribute it sets (any but the table's keys) holds another value of the same size. */
function changed(before: Item, set: readonly string[] | 'any', info: TableInfo): Item {
  const keys = [info.partitionKey.name, info.sortKey?.name];
  const after: Item = { ...before };
  for (const name of set === 'any' ? Object.keys(before).filter((n) => !keys.includes(n)) : set) {
    const value = before[name]?.S;
    after[name] = { S: value === undefined ? 'b' : `b${value.slice(1)}` };
  }
  return after;
}
