import type { TableStats } from './table-stats';

const KB4 = 4096;

/** Read capacity of a request pattern (spec §6); eventually consistent reads cost half. */
export interface CostInput {
  readonly stats: TableStats;
  readonly consistent: boolean;
}

function factor(consistent: boolean): number {
  return consistent ? 1 : 0.5;
}

/** GetItem/BatchGetItem: `ceil(size / 4 KB)` per item.  3 keys of ~1 KB, eventual → 1.5 */
export function keyedReadRcu(keys: number, c: CostInput): number {
  return keys * Math.max(1, Math.ceil(c.stats.avgItemBytes / KB4)) * factor(c.consistent);
}

/** Query: `ceil(Σ matched bytes / 4 KB)` per request, at least one unit per request. */
export function queryRcu(requests: number, itemsPerRequest: number, itemBytes: number, c: CostInput): number {
  return requests * Math.max(1, Math.ceil((itemsPerRequest * itemBytes) / KB4)) * factor(c.consistent);
}

/** Scan: the whole table, `ceil(bytes / 4 KB)`, whatever the filter. */
export function scanRcu(c: CostInput): number {
  return Math.max(1, Math.ceil(c.stats.sizeBytes / KB4)) * factor(c.consistent);
}

/**
 * How many items a key condition matches, without histograms: a partition holds ~1% of the table
 * (all of it for a tiny table), a sort-key range a quarter of that, a prefix a tenth, an equality one.
 */
export function matchedItems(
  stats: TableStats,
  sort: 'none' | 'eq' | 'range' | 'prefix',
  partitionShare = 0.01,
): number {
  const partition = Math.max(1, Math.min(stats.itemCount, Math.ceil(stats.itemCount * partitionShare)));
  switch (sort) {
    case 'eq':
      return 1;
    case 'range':
      return Math.max(1, Math.ceil(partition / 4));
    case 'prefix':
      return Math.max(1, Math.ceil(partition / 10));
    default:
      return partition;
  }
}
