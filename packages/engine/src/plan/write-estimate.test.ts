import { describe, expect, it } from 'vitest';
import type { IndexInfo, TableInfo } from './key-schema';
import { estimatedWriteWcu } from './write-estimate';

const gsi = (
  projection: IndexInfo['projection'],
  key = 's',
  projectedAttributes: string[] = [],
): IndexInfo => ({
  name: `by_${key}`,
  kind: 'GSI',
  partitionKey: { name: key, type: 'S' },
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
const rows = (n: number, bytes = 50, withS = true) =>
  Array.from({ length: n }, (_, i) => ({
    id: { S: `k${i}` },
    ...(withS && { s: { S: 'x' } }),
    body: { S: 'b'.repeat(bytes) },
  }));

describe('estimatedWriteWcu', () => {
  it('prices an INSERT by its items, as new items: a KB or part of one each', () => {
    expect(estimatedWriteWcu({ kind: 'insert', items: rows(10) }, table(), false)).toBe(10);
    expect(estimatedWriteWcu({ kind: 'insert', items: rows(3, 1500) }, table(), false)).toBe(6);
    expect(estimatedWriteWcu({ kind: 'insert', items: [] }, table(), false)).toBe(0);
  });

  it('adds each index an inserted item enters: not one whose key it lacks', () => {
    expect(estimatedWriteWcu({ kind: 'insert', items: rows(10) }, table(gsi('ALL')), false)).toBe(20);
    expect(estimatedWriteWcu({ kind: 'insert', items: rows(10, 50, false) }, table(gsi('ALL')), false)).toBe(
      10,
    );
    // A KEYS_ONLY entry of a 1.5 KB item is small: one unit.
    expect(estimatedWriteWcu({ kind: 'insert', items: rows(2, 1500) }, table(gsi('KEYS_ONLY')), false)).toBe(
      2 * (2 + 1),
    );
  });

  it('doubles in a transaction block, as TransactWriteItems bills', () => {
    expect(estimatedWriteWcu({ kind: 'insert', items: rows(10) }, table(gsi('ALL')), true)).toBe(40);
    expect(estimatedWriteWcu({ kind: 'delete', items: 4, avgItemBytes: 100 }, table(), true)).toBe(8);
  });

  it('prices a DELETE per item read, at the average size, out of the table and every index', () => {
    expect(estimatedWriteWcu({ kind: 'delete', items: 5, avgItemBytes: 100 }, table(), false)).toBe(5);
    expect(
      estimatedWriteWcu({ kind: 'delete', items: 5, avgItemBytes: 100 }, table(gsi('KEYS_ONLY')), false),
    ).toBe(10);
    expect(
      estimatedWriteWcu({ kind: 'delete', items: 3, avgItemBytes: 2500 }, table(gsi('ALL')), false),
    ).toBe(3 * (3 + 3));
    expect(estimatedWriteWcu({ kind: 'delete', items: 0, avgItemBytes: 100 }, table(gsi('ALL')), false)).toBe(
      0,
    );
  });

  it('prices an UPDATE by the index entries its SET changes: rewritten, moved to another key, or untouched', () => {
    const u = (set: readonly string[] | 'any', info: TableInfo, avgItemBytes = 2000) =>
      estimatedWriteWcu({ kind: 'update', items: 30, avgItemBytes, setAttributes: set }, info, false);
    expect(u(['n'], table())).toBe(30 * 2);
    // ALL projects n: the entry is rewritten (2 KB).
    expect(u(['n'], table(gsi('ALL')))).toBe(30 * (2 + 2));
    // KEYS_ONLY does not hold n: untouched; INCLUDE n: rewritten (a small entry).
    expect(u(['n'], table(gsi('KEYS_ONLY')))).toBe(30 * 2);
    expect(u(['n'], table(gsi('INCLUDE', 's', ['n'])))).toBe(30 * (2 + 1));
    expect(u(['m'], table(gsi('INCLUDE', 's', ['n'])))).toBe(30 * 2);
    // The index's key changes: the entry is removed and added again.
    expect(u(['s'], table(gsi('KEYS_ONLY')))).toBe(30 * (2 + 1 + 1));
    expect(u(['s'], table(gsi('ALL')), 100)).toBe(30 * (1 + 2));
    // A catch-all may set anything but the table's keys.
    expect(u('any', table(gsi('KEYS_ONLY'), gsi('ALL', 't')), 100)).toBe(30 * (1 + 2 + 2));
  });

  it('is unknown where the items are known only when the statement runs', () => {
    expect(estimatedWriteWcu({ kind: 'unknown' }, table(gsi('ALL')), false)).toBeNull();
  });
});
