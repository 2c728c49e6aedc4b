import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { normalizeNumber } from '../util/decimal';
import type { TableInfo } from './key-schema';

/**
 * How often each value of a global secondary index's partition key occurs in the items sampled for
 * a table's size (fetch/sample-stats.ts): what the planner knows of an index Query's selectivity.
 *   100 orders sampled → { items: 100, counts: { status: { 'S:delivered': 55, 'S:returned': 5, … } } }
 * Only GSI partition keys other than the table's: a Scan's first page holds whole partitions of the
 * table, so the share of the table's own partition key values in it says nothing of the table.
 */
export interface KeySample {
  readonly items: number;
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** `{ S: 'a' }` → `S:a`, `{ N: '12.50' }` → `N:12.5`: one text per value DynamoDB takes as equal. */
export function sampleValueKey(value: AttributeValue): string | null {
  if (value.S !== undefined) return `S:${value.S}`;
  if (value.N !== undefined) return `N:${normalizeNumber(value.N) ?? value.N}`;
  if (value.B !== undefined) return `B:${Buffer.from(value.B).toString('base64')}`;
  return null;
}

/** The attributes a key sample counts: each GSI's partition key that is not the table's. */
export function sampledKeyAttributes(info: Pick<TableInfo, 'partitionKey' | 'indexes'>): string[] {
  const names = info.indexes
    .filter((i) => i.kind === 'GSI' && i.partitionKey.name !== info.partitionKey.name)
    .map((i) => i.partitionKey.name);
  return [...new Set(names)];
}

/** Counts the values of `attributes` in the sampled items. */
export function keySampleOf(
  items: readonly Record<string, AttributeValue>[],
  attributes: readonly string[],
): KeySample {
  const counts: Record<string, Record<string, number>> = {};
  for (const name of attributes) {
    const byValue: Record<string, number> = {};
    for (const item of items) {
      const v = item[name];
      const key = v && sampleValueKey(v);
      if (key) byValue[key] = (byValue[key] ?? 0) + 1;
    }
    counts[name] = byValue;
  }
  return { items: items.length, counts };
}

/**
 * The share of the table's items whose `attribute` holds one of `values`, from the sample, with
 * the words that say so; null when the sample did not count the attribute. A value no sampled item
 * had is taken as half an item of the sample (it is rarer than 1 in `items`, not absent).
 *   status = 'delivered' (55 of 100 sampled) → { share: 0.55, why: "'delivered' in 55 of 100 sampled items" }
 */
export function sampledShare(
  sample: KeySample | undefined,
  attribute: string,
  values: readonly AttributeValue[],
  show: (v: AttributeValue) => string,
): { share: number; why: string } | null {
  const counts = sample?.counts[attribute];
  if (!sample || !counts || sample.items === 0) return null;
  let seen = 0;
  let share = 0;
  for (const v of values) {
    const key = sampleValueKey(v);
    const n = key ? (counts[key] ?? 0) : 0;
    seen += n;
    share += Math.max(n, 0.5) / sample.items;
  }
  const shown = values.length > 3 ? `${values.length} values` : values.map(show).join(', ');
  return { share: Math.min(1, share), why: `${shown} in ${seen} of ${sample.items} sampled items` };
}

/**
 * The share of the table's items one value of `attribute` holds on average, for values not known
 * yet (a join reads them from the other relation): one over the distinct values the sample saw.
 *   63 distinct user_id values in 100 sampled logins → { share: 1/63, why: '63 values in 100 sampled items' }
 */
export function averageShare(
  sample: KeySample | undefined,
  attribute: string,
): { share: number; why: string } | null {
  const counts = sample?.counts[attribute];
  const distinct = counts ? Object.keys(counts).length : 0;
  if (!sample || !distinct) return null;
  return { share: 1 / distinct, why: `${distinct} value(s) in ${sample.items} sampled items` };
}
