import { describe, expect, it } from 'vitest';
import { chooseAccess, keyedRead, type AccessInput } from './access-path';
import type { TableInfo } from './key-schema';
import type { Predicate } from './predicate';
import type { TableStats } from './table-stats';

const table: TableInfo = {
  name: 'orders',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [
    {
      name: 'by_status',
      kind: 'GSI',
      partitionKey: { name: 'status', type: 'S' },
      sortKey: null,
      projection: 'ALL',
      projectedAttributes: [],
      itemCount: null,
      sizeBytes: null,
    },
    {
      name: 'by_region_rank',
      kind: 'GSI',
      partitionKey: { name: 'region', type: 'S' },
      sortKey: { name: 'rank', type: 'N' },
      projection: 'ALL',
      projectedAttributes: [],
      itemCount: null,
      sizeBytes: null,
    },
  ],
  itemCount: 100_000,
  sizeBytes: 20_000_000,
  billingMode: 'PAY_PER_REQUEST',
};
const stats: TableStats = {
  itemCount: 100_000,
  sizeBytes: 20_000_000,
  avgItemBytes: 200,
  basis: 'describe-table',
  note: '',
};
const eq = (column: string, value: string): Predicate => ({
  kind: 'compare',
  column,
  op: '=',
  value: { S: value },
  sql: `${column} = '${value}'`,
});
const input = (predicates: Predicate[], extra: Partial<AccessInput> = {}): AccessInput => ({
  predicates,
  table,
  stats,
  projection: null,
  consistent: false,
  hint: null,
  ...extra,
});

describe('chooseAccess', () => {
  it('full key equality → GetItem at ceil(200 B / 4 KB) / 2 = 0.5 RCU', () => {
    const a = chooseAccess(input([eq('pk', 'a'), eq('sk', 'b')]));
    expect(a).toMatchObject({
      operation: 'GetItem',
      keys: [{ pk: { S: 'a' }, sk: { S: 'b' } }],
      estimatedRcu: 0.5,
    });
  });

  it('partition key IN on a composite key → one Query per value', () => {
    const a = chooseAccess(
      input([{ kind: 'in', column: 'pk', values: [{ S: 'a' }, { S: 'b' }, { S: 'a' }], sql: 'pk in' }]),
    );
    expect(a.operation).toBe('Query');
    expect(a.partitionValues).toEqual([{ S: 'a' }, { S: 'b' }]);
    expect(a.pushdown.keyConditionText).toBe("pk IN ('a', 'b')");
  });

  it('a GSI whose keys are constrained → index Query; a sparse one without its sort key → not used', () => {
    expect(chooseAccess(input([eq('status', 'open')])).index?.name).toBe('by_status');
    const sparse = chooseAccess(input([eq('region', 'eu')]));
    expect(sparse.index).toBeNull();
    expect(sparse.operation).toBe('Scan');
    const safe = chooseAccess(
      input([
        eq('region', 'eu'),
        { kind: 'compare', column: 'rank', op: '>', value: { N: '1' }, sql: 'rank > 1' },
      ]),
    );
    expect(safe.index?.name).toBe('by_region_rank');
  });

  it('a forced unsafe index is used with a notice', () => {
    const a = chooseAccess(input([eq('region', 'eu')], { hint: 'by_region_rank' }));
    expect(a.index?.name).toBe('by_region_rank');
    expect(a.notices.join()).toMatch(/may miss items/);
  });

  it('strong consistency rules out GSIs and doubles the price', () => {
    const a = chooseAccess(input([eq('status', 'open')], { consistent: true }));
    expect(a.operation).toBe('Scan');
    expect(a.estimatedRcu).toBe(Math.ceil(20_000_000 / 4096));
  });

  it('an empty string names no key: no GetItem with it', () => {
    expect(chooseAccess(input([eq('pk', ''), eq('sk', 'b')])).operation).toBe('Scan');
  });

  it('a key-only table: the keyed read, with no Query per value that reads the same as an alternative', () => {
    const keyOnly: TableInfo = { ...table, sortKey: null, indexes: [] };
    const a = chooseAccess(
      input([{ kind: 'in', column: 'pk', values: [{ S: 'a' }, { S: 'b' }], sql: "pk in ('a', 'b')" }], {
        table: keyOnly,
      }),
    );
    expect(a.operation).toBe('BatchGetItem');
    expect(a.alternatives).toEqual([
      { operation: 'Scan', index: null, estimatedRcu: Math.ceil(20_000_000 / 4096) / 2 },
    ]);
  });

  it('a large table scans in parallel segments', () => {
    expect(chooseAccess(input([])).segments).toBe(3);
  });
});

describe('keyedRead', () => {
  const keysIn = (column: string, values: string[]): Predicate => ({
    kind: 'in',
    column,
    values: values.map((S) => ({ S })),
    sql: `${column} in`,
  });

  it('names the read by key the whole key gives, priced by the item size alone; a partition alone names none', () => {
    const empty = { ...stats, itemCount: 0, sizeBytes: 0 };
    expect(keyedRead(input([eq('pk', 'a'), eq('sk', 'b')], { stats: empty }))).toMatchObject({
      operation: 'GetItem',
      keys: [{ pk: { S: 'a' }, sk: { S: 'b' } }],
      estimatedRcu: 0.5,
    });
    expect(keyedRead(input([keysIn('pk', ['a', 'b']), eq('sk', 'c')]))).toMatchObject({
      operation: 'BatchGetItem',
      estimatedRcu: 1,
    });
    expect(keyedRead(input([eq('pk', 'a')]))).toBeNull();
    const many = Array.from({ length: 1001 }, (_, i) => `k${i}`);
    expect(keyedRead(input([keysIn('pk', many), eq('sk', 'c')]))).toBeNull();
  });
});
