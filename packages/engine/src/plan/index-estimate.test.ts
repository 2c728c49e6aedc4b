import { describe, expect, it } from 'vitest';
import { indexQueryEstimate } from './index-estimate';
import type { IndexInfo } from './key-schema';
import type { TableStats } from './table-stats';

const index: IndexInfo = {
  name: 'by_status',
  kind: 'GSI',
  partitionKey: { name: 'status', type: 'S' },
  sortKey: { name: 'order_date', type: 'S' },
  projection: 'ALL',
  projectedAttributes: [],
  itemCount: null,
  sizeBytes: null,
};
// The demo's orders as dynalite's sample sees them: ~4512 items of ~264 bytes, 55 of 100 sampled delivered.
const sampled: TableStats = {
  itemCount: 4512,
  sizeBytes: 4512 * 264,
  avgItemBytes: 264,
  basis: 'sampled',
  note: '',
  keySample: { items: 100, counts: { status: { 'S:delivered': 55, 'S:returned': 5 } } },
};
const cost = (stats: TableStats) => ({ stats, consistent: false });

describe('indexQueryEstimate', () => {
  it("prices a value by its share of the sample: the demo's 'delivered' (was ~15 RCU, used 85.5)", () => {
    const e = indexQueryEstimate({
      index,
      values: [{ S: 'delivered' }],
      sort: 'none',
      fetchBack: false,
      cost: cost(sampled),
    });
    expect(e.items).toBe(Math.round(4512 * 0.55));
    expect(e.rcu).toBe(Math.ceil((2482 * 264) / 4096) / 2);
    expect(e.range).toEqual({ min: 0, max: (Math.ceil((4512 * 264) / 4096) + 1) / 2 + 0.5 });
    expect(e.note).toMatch(
      /^index by_status, status = 'delivered' in 55 of 100 sampled items: ~2482 of ~4512 items; the whole index at most$/,
    );
  });

  it('a sort-key range keeps a quarter of the partition', () => {
    const e = indexQueryEstimate({
      index,
      values: [{ S: 'returned' }],
      sort: 'range',
      fetchBack: false,
      cost: cost(sampled),
    });
    expect(e.items).toBe(Math.ceil(Math.round(4512 * 0.05) / 4));
  });

  it('without a sample the share is a guess, and says so', () => {
    const described: TableStats = { ...sampled, basis: 'describe-table', keySample: undefined };
    const e = indexQueryEstimate({
      index,
      values: [{ S: 'delivered' }],
      sort: 'none',
      fetchBack: false,
      cost: cost(described),
    });
    expect(e.items).toBe(451);
    expect(e.note).toMatch(/how its values spread is not known .*10% of the index per value/);
    expect(e.range.max).toBeGreaterThan(e.rcu);
  });

  it("an index that does not project the statement's columns adds the fetch back, at most of every item", () => {
    const e = indexQueryEstimate({
      index,
      values: [{ S: 'returned' }],
      sort: 'none',
      fetchBack: true,
      cost: cost(sampled),
    });
    const plain = indexQueryEstimate({
      index,
      values: [{ S: 'returned' }],
      sort: 'none',
      fetchBack: false,
      cost: cost(sampled),
    });
    expect(e.rcu).toBe(plain.rcu + e.items * 0.5);
    expect(e.range.max).toBe(plain.range.max + 4512 * 0.5);
  });

  it("uses the index's own size when DescribeTable gives it", () => {
    const small: IndexInfo = { ...index, itemCount: 100, sizeBytes: 100 * 100 };
    const e = indexQueryEstimate({
      index: small,
      values: [{ S: 'x' }],
      sort: 'none',
      fetchBack: false,
      cost: cost({ ...sampled, keySample: undefined }),
    });
    expect(e.range.max).toBe((Math.ceil(10_000 / 4096) + 1) / 2);
  });

  it("a join's values not read yet: each the sample's average value, or the guess without a sample", () => {
    const logins: TableStats = {
      itemCount: 800,
      sizeBytes: 800 * 170,
      avgItemBytes: 170,
      basis: 'sampled',
      note: '',
      keySample: {
        items: 100,
        counts: { status: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`S:u${i}`, 2])) },
      },
    };
    const e = indexQueryEstimate({ index, values: 3, sort: 'none', fetchBack: false, cost: cost(logins) });
    expect(e.items).toBe(Math.round((800 * 3) / 50));
    expect(e.note).toMatch(
      /^index by_status, status: ~48 items for 3 value\(s\) \(50 value\(s\) in 100 sampled items\)/,
    );
    const guessed = indexQueryEstimate({
      index,
      values: 3,
      sort: 'none',
      fetchBack: false,
      cost: cost({ ...logins, keySample: undefined }),
    });
    expect(guessed.items).toBe(240);
  });
});
