import { describe, expect, it } from 'vitest';
import type { IndexInfo, TableInfo } from './key-schema';
import { writeWcu } from './write-wcu';

const gsi = (projection: IndexInfo['projection'], projectedAttributes: string[] = []): IndexInfo => ({
  name: 'by_s',
  kind: 'GSI',
  partitionKey: { name: 's', type: 'S' },
  sortKey: null,
  projection,
  projectedAttributes,
  itemCount: null,
  sizeBytes: null,
});
const table = (...indexes: IndexInfo[]): TableInfo => ({
  name: 'T',
  partitionKey: { name: 'id', type: 'S' },
  sortKey: null,
  indexes,
  itemCount: 0,
  sizeBytes: 0,
  billingMode: null,
});
const item = (s: string | null, n: number, big = 0) => ({
  id: { S: 'a' },
  ...(s !== null && { s: { S: s } }),
  n: { N: String(n) },
  ...(big && { blob: { S: 'x'.repeat(big) } }),
});

describe('writeWcu', () => {
  it('counts the table write on the larger item, by KB rounded up', () => {
    expect(writeWcu(undefined, item(null, 1), table())).toBe(1);
    expect(writeWcu(item(null, 1, 3000), item(null, 2), table())).toBe(3);
    expect(writeWcu(item(null, 1, 1500), undefined, table())).toBe(2);
  });

  it('adds each index entry added, removed, rewritten or moved to another key', () => {
    const all = table(gsi('ALL'));
    expect(writeWcu(undefined, item('x', 1), all)).toBe(2);
    expect(writeWcu(undefined, item(null, 1), all)).toBe(1);
    expect(writeWcu(item('x', 1), undefined, all)).toBe(2);
    // A projected attribute changes: the entry is rewritten; the key changes: removed and added.
    expect(writeWcu(item('x', 1), item('x', 2), all)).toBe(2);
    expect(writeWcu(item('x', 1), item('y', 1), all)).toBe(3);
    expect(writeWcu(item('x', 1), item(null, 1), all)).toBe(2);
  });

  it('leaves out indexes whose entry does not change (KEYS_ONLY, INCLUDE of other attributes)', () => {
    expect(writeWcu(item('x', 1), item('x', 2), table(gsi('KEYS_ONLY')))).toBe(1);
    expect(writeWcu(item('x', 1), item('x', 2), table(gsi('INCLUDE', ['other'])))).toBe(1);
    expect(writeWcu(item('x', 1), item('x', 2), table(gsi('INCLUDE', ['n'])))).toBe(2);
  });
});
