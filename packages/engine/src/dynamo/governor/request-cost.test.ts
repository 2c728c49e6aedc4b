import { describe, expect, it } from 'vitest';
import {
  FIRST_GUESS,
  batchWriteUnits,
  consumedUnits,
  estimateCost,
  learn,
  pageLimit,
  plannedItemBytes,
  requestTable,
} from './request-cost';

describe('pageLimit', () => {
  it('keeps a page within the cap, one 4 KB block kept for rounding', () => {
    expect(pageLimit(5, 400, false)).toBe(92);
    // Consistent reads cost twice as much.
    expect(pageLimit(5, 400, true)).toBe(40);
    // What a page of that Limit costs stays within the cap.
    for (const [cap, size, consistent] of [
      [5, 400, false],
      [5, 400, true],
      [12.5, 180, false],
      [2, 1000, false],
    ] as const) {
      const limit = pageLimit(cap, size, consistent);
      const cost = Math.ceil((limit * size) / 4096) * (consistent ? 1 : 0.5);
      expect(cost).toBeLessThanOrEqual(cap);
    }
  });

  it('never asks for fewer than one item', () => {
    expect(pageLimit(0.5, 100_000, false)).toBe(1);
  });
});

describe('estimateCost', () => {
  const sizes = { readBytes: 400, writeUnits: 2, readLearned: true };

  it('a Scan page by its Limit and the learned item size, at most a 1 MB page', () => {
    expect(estimateCost('Scan', { Limit: 100 }, sizes)).toBe(5);
    expect(estimateCost('Query', { Limit: 100, ConsistentRead: true }, sizes)).toBe(10);
    expect(estimateCost('Scan', {}, sizes)).toBe(128);
  });

  it('keyed reads per item, rounded up to 4 KB each', () => {
    expect(estimateCost('GetItem', {}, sizes)).toBe(0.5);
    expect(
      estimateCost(
        'BatchGetItem',
        { RequestItems: { t: { Keys: [{}, {}, {}], ConsistentRead: true } } },
        sizes,
      ),
    ).toBe(3);
  });

  it('a put by the size of its item (1 KB units), an update or delete as the table taught', () => {
    const item = { id: { S: 'a' }, body: { S: 'x'.repeat(1500) } };
    expect(estimateCost('PutItem', { Item: item }, sizes)).toBe(2);
    expect(estimateCost('UpdateItem', {}, sizes)).toBe(2);
    expect(
      estimateCost(
        'BatchWriteItem',
        {
          RequestItems: {
            t: [{ PutRequest: { Item: item } }, { DeleteRequest: { Key: { id: { S: 'b' } } } }],
          },
        },
        sizes,
      ),
    ).toBe(4);
    expect(batchWriteUnits({ PutRequest: { Item: { id: { S: 'a' } } } }, FIRST_GUESS)).toBe(1);
    expect(
      estimateCost('TransactWriteItems', { TransactItems: [{ Put: { Item: item } }, { Update: {} }] }, sizes),
    ).toBe(8);
  });

  it('nothing for what is not paced', () => {
    expect(estimateCost('DescribeTable', {}, sizes)).toBe(0);
  });
});

describe('consumedUnits, requestTable, learn', () => {
  it('reads TOTAL and per-table answers', () => {
    expect(consumedUnits({ ConsumedCapacity: { CapacityUnits: 2.5 } })).toBe(2.5);
    expect(consumedUnits({ ConsumedCapacity: [{ CapacityUnits: 1 }, { CapacityUnits: 3 }] })).toBe(4);
    expect(consumedUnits({})).toBe(0);
  });

  it('names the table of single, batch and transaction requests', () => {
    expect(requestTable({ TableName: 'a' })).toBe('a');
    expect(requestTable({ RequestItems: { b: [] } })).toBe('b');
    expect(requestTable({ TransactItems: [{ Put: { TableName: 'c' } }] })).toBe('c');
    expect(requestTable({})).toBeUndefined();
  });

  it('learns the bytes a read item is charged for from a page, and what a single write cost', () => {
    const sizes = { ...FIRST_GUESS };
    learn('Scan', {}, { ConsumedCapacity: { CapacityUnits: 5 }, ScannedCount: 100 }, sizes);
    expect(sizes.readBytes).toBeCloseTo(409.6);
    learn('Scan', {}, { ConsumedCapacity: { CapacityUnits: 0 }, ScannedCount: 0 }, sizes);
    expect(sizes.readBytes).toBeCloseTo(409.6);
    learn('UpdateItem', {}, { ConsumedCapacity: { CapacityUnits: 3 } }, sizes);
    expect(sizes.writeUnits).toBe(3);
  });

  it("the planner's average item size stands in until an answer teaches it", () => {
    const sizes = { ...FIRST_GUESS };
    plannedItemBytes(sizes, 40_000);
    expect(sizes.readBytes).toBe(40_000);
    expect(pageLimit(5, sizes.readBytes, false)).toBe(1);
    learn('Scan', {}, { ConsumedCapacity: { CapacityUnits: 5 }, ScannedCount: 1 }, sizes);
    plannedItemBytes(sizes, 100);
    expect(sizes.readBytes).toBe(40_960);
  });

  it('knowing nothing, a first page under a limit reads one item', () => {
    expect(pageLimit(5, FIRST_GUESS.readBytes, false)).toBe(1);
  });

  it('keyed reads teach an upper bound (rounded per item) until a page says more', () => {
    const sizes = { ...FIRST_GUESS };
    learn(
      'BatchGetItem',
      {},
      { ConsumedCapacity: [{ CapacityUnits: 3 }], Responses: { t: [{}, {}, {}] } },
      sizes,
    );
    expect(sizes.readBytes).toBe(8192);
    learn('Scan', {}, { ConsumedCapacity: { CapacityUnits: 1 }, ScannedCount: 20 }, sizes);
    learn('GetItem', {}, { ConsumedCapacity: { CapacityUnits: 0.5 }, Item: {} }, sizes);
    expect(sizes.readBytes).toBeCloseTo(409.6);
  });
});
