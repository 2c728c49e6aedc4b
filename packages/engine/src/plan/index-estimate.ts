import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { attributeValueSql } from './attribute-value';
import { keyedReadRcu, queryRcu, type CostInput } from './estimate';
import { averageShare, sampledShare } from './key-sample';
import type { IndexInfo } from './key-schema';

const KB4 = 4096;
const PAGE_BYTES = 1024 * 1024;
/** Without a sample, a value of an index's partition key is taken to hold this share of the index. */
const GUESSED_SHARE = 0.1;
/** What a sort-key condition keeps of a partition, without histograms (as estimate.ts's matchedItems). */
const SORT_SHARE = { none: 1, range: 1 / 4, prefix: 1 / 10 } as const;

/** What a Query of a global secondary index is expected to read, and the range it can end in. */
export interface IndexQueryEstimate {
  /** Items the Query is expected to return (before any fetch back). */
  readonly items: number;
  readonly rcu: number;
  /** The least a Query reads (nothing: no item holds the values) and the most (every item of the index). */
  readonly range: { readonly min: number; readonly max: number };
  /** For people: where the items per value come from, and what is not known. */
  readonly note: string;
}

/**
 * Prices a Query of a global secondary index by partition value. The items per value come from the
 * values the table's sample saw (fetch/sample-stats.ts: its share of the sampled items times the
 * table's items); without a sample (DescribeTable gave the size) they are guessed as 10% of the index.
 * Either way nothing bounds a value below the whole index, so the range goes from one unit per request
 * nothing (no item holds the values) to reading every item of the index (once per 1 MB page, plus the fetch back of each when the index
 * does not project what the statement reads).
 *   status = 'delivered', 55 of 100 sampled, ~4512 items of ~264 bytes
 *   → ~2482 items, ~80 RCU, range 0–147: "status = 'delivered' in 55 of 100 sampled items: …"
 */
export function indexQueryEstimate(input: {
  readonly index: IndexInfo;
  /** The partition values, or how many there will be when a join reads them from another relation. */
  readonly values: readonly AttributeValue[] | number;
  readonly sort: 'none' | 'eq' | 'range' | 'prefix';
  readonly fetchBack: boolean;
  readonly cost: CostInput;
}): IndexQueryEstimate {
  const { index, sort, fetchBack, cost } = input;
  const known = typeof input.values === 'number' ? null : input.values;
  const requests = known ? known.length : (input.values as number);
  const { stats } = cost;
  const factor = cost.consistent ? 1 : 0.5;
  const indexItems = index.itemCount || stats.itemCount;
  const indexBytes = index.sizeBytes || stats.sizeBytes;
  const itemBytes =
    index.sizeBytes && index.itemCount ? index.sizeBytes / index.itemCount : stats.avgItemBytes;
  const key = index.partitionKey.name;
  const average = known ? null : averageShare(stats.keySample, key);
  const sampled = known
    ? sampledShare(stats.keySample, key, known, attributeValueSql)
    : average && { share: Math.min(1, average.share * requests), why: average.why };
  // An index holds every item with its key: a value's items in the table are its items in the index.
  const inPartitions = Math.max(
    requests,
    Math.min(
      indexItems,
      sampled
        ? Math.round(stats.itemCount * sampled.share)
        : Math.round(indexItems * Math.min(1, GUESSED_SHARE * requests)),
    ),
  );
  const items = sort === 'eq' ? requests : Math.max(requests, Math.ceil(inPartitions * SORT_SHARE[sort]));
  let rcu = queryRcu(requests, items / requests, itemBytes, cost);
  if (fetchBack) rcu += keyedReadRcu(items, cost);

  // DynamoDB charges an empty Query its minimum unit; the emulators charge nothing.
  const min = 0;
  const pages = Math.max(1, Math.ceil(indexBytes / PAGE_BYTES));
  let max = (Math.max(1, Math.ceil(indexBytes / KB4)) + requests - 1 + pages) * factor;
  if (fetchBack) max += keyedReadRcu(indexItems, cost);
  max = Math.max(max, rcu);

  const why = average
    ? `${key}: ~${items} items for ${requests} value(s) (${average.why})`
    : sampled
      ? `${key} = ${sampled.why}: ~${items} of ~${stats.itemCount} items`
      : `${key}: how its values spread is not known (DescribeTable gives the index's size only), ~${items} items guessed (10% of the index per value)`;
  return {
    items,
    rcu,
    range: { min, max },
    note: `index ${index.name}, ${why}; the whole index at most`,
  };
}
