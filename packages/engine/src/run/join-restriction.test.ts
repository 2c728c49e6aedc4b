import { describe, expect, it } from 'vitest';
import { itemsPerJoinKey, restrictedReadPrice } from './join-restriction';
import type { PlannedScan } from '../plan/statement/statement-plan';

/** A scan of `relation`: `itemCount` items of 200 bytes; `sortKey` makes it partition + sort key. */
const scan = (sortKey: boolean, itemCount = 1000, consistentRead = false) =>
  ({
    info: {
      name: 't',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: sortKey ? { name: 'sk', type: 'S' } : null,
      indexes: [],
    },
    occurrence: { table: { columns: [{ name: 'id', options: {} }] } },
    avgItemBytes: 200,
    stats: { itemCount, sizeBytes: itemCount * 200 },
    plan: { relation: 's.users', estimateBasis: 'describe-table', consistentRead },
  }) as unknown as PlannedScan;

/** The joined relation, keyed by `id` alone (its attribute `pk`). */
const users = (() => {
  const s = scan(false, 200);
  return { ...s, occurrence: { table: { columns: [{ name: 'id', attribute: 'pk' }] } } };
})() as unknown as PlannedScan;

describe('restrictedReadPrice', () => {
  it('prices a key read per value on a table without a sort key', () => {
    expect(restrictedReadPrice(scan(false), 3, 1)).toEqual({ rcu: 1.5, reads: 'key read(s)' });
    expect(restrictedReadPrice(scan(false, 1000, true), 3, 1).rcu).toBe(3);
  });

  it('prices a Query of a partition per value with a sort key, a 4 KB unit per started 4 KB', () => {
    // 10 items of 200 bytes: 2000 bytes, one unit, eventually consistent: 0.5 per Query.
    expect(restrictedReadPrice(scan(true), 2, 10)).toEqual({
      rcu: 1,
      reads: 'Query(s) of a partition (~10 item(s) each)',
    });
    // 30 items: 6000 bytes, two units.
    expect(restrictedReadPrice(scan(true), 1, 30).rcu).toBe(1);
  });
});

describe('itemsPerJoinKey', () => {
  it('is one item without a sort key', () => {
    expect(itemsPerJoinKey(scan(false), users, 'id')).toEqual({ items: 1, why: '' });
  });

  it("spreads the table over the joined relation's items when the join column is its whole key", () => {
    expect(itemsPerJoinKey(scan(true, 1000), users, 'id')).toEqual({
      items: 5,
      why: ': ~1000 items over ~200 of s.users',
    });
  });

  it('takes a partition as 1% of the table otherwise', () => {
    const keyed = { ...users, info: { ...users.info, sortKey: { name: 'sk', type: 'S' } } } as PlannedScan;
    expect(itemsPerJoinKey(scan(true, 1000), keyed, 'id').items).toBe(10);
    expect(itemsPerJoinKey(scan(true, 1000), users, 'name').items).toBe(10);
    const unknown = { ...scan(true), stats: undefined } as unknown as PlannedScan;
    expect(itemsPerJoinKey(unknown, users, 'id').items).toBe(1);
  });
});
