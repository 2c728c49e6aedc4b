import { describe, expect, it } from 'vitest';
import type { IndexInfo, TableInfo } from '../plan/key-schema';
import { putWcu } from './put-wcu';

const index = (
  name: string,
  pk: string,
  projection: IndexInfo['projection'],
  include: string[] = [],
): IndexInfo => ({
  name,
  kind: 'GSI',
  partitionKey: { name: pk, type: 'S' },
  sortKey: null,
  projection,
  projectedAttributes: include,
  itemCount: null,
  sizeBytes: null,
});

const table = (indexes: IndexInfo[]): TableInfo => ({
  name: 't',
  partitionKey: { name: 'id', type: 'S' },
  sortKey: null,
  indexes,
  itemCount: 0,
  sizeBytes: 0,
  billingMode: null,
});

describe('putWcu', () => {
  const big = 'x'.repeat(1500);
  const item = { id: { S: 'a' }, status: { S: 'open' }, body: { S: big } };

  it('bills the item per KB, rounded up, and at least one unit', () => {
    expect(putWcu({ id: { S: 'a' } }, table([]))).toBe(1);
    // 2 + 10 + 4 + 1500 + 4 = 1520 bytes → 2 units
    expect(putWcu(item, table([]))).toBe(2);
  });

  it('adds each index that holds the item, over what it projects', () => {
    expect(putWcu(item, table([index('all', 'status', 'ALL')]))).toBe(4);
    expect(putWcu(item, table([index('keys', 'status', 'KEYS_ONLY')]))).toBe(3);
    expect(putWcu(item, table([index('inc', 'status', 'INCLUDE', ['body'])]))).toBe(4);
    // An item without the index's key is not in the index.
    expect(putWcu(item, table([index('sparse', 'missing', 'ALL')]))).toBe(2);
  });
});
