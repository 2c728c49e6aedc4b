import { describe, expect, it } from 'vitest';
import { restrictedReadPrice } from './join-restriction';
import type { PlannedScan } from '../plan/statement/statement-plan';

/** A scan of a table of 1000 items of 200 bytes; `sortKey` makes it partition + sort key. */
const scan = (sortKey: boolean, consistentRead = false) =>
  ({
    info: {
      name: 't',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: sortKey ? { name: 'sk', type: 'S' } : null,
      indexes: [],
    },
    avgItemBytes: 200,
    stats: { itemCount: 1000, sizeBytes: 200_000 },
    plan: { estimateBasis: 'describe-table', consistentRead },
  }) as unknown as PlannedScan;

describe('restrictedReadPrice', () => {
  it('prices a key read per value on a table without a sort key', () => {
    expect(restrictedReadPrice(scan(false), 3)).toEqual({ rcu: 1.5, reads: 'key read(s)' });
    expect(restrictedReadPrice(scan(false, true), 3).rcu).toBe(3);
  });

  it('prices a Query of one partition (1% of the table) per value with a sort key', () => {
    // 10 items of 200 bytes: 2000 bytes, one 4 KB unit, eventually consistent: 0.5 per Query.
    expect(restrictedReadPrice(scan(true), 2)).toEqual({
      rcu: 1,
      reads: 'Query(s) of a partition (~10 item(s) each)',
    });
  });

  it('a table whose size is unknown still costs a unit per Query', () => {
    const unknown = { ...scan(true), stats: undefined } as unknown as PlannedScan;
    expect(restrictedReadPrice(unknown, 4).rcu).toBe(2);
  });
});
