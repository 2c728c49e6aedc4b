import { describe, expect, it } from 'vitest';
import type { ColumnDef } from '../catalog/foreign-table';
import type { TopNShape } from '../plan/statement/local-shape';
import { itemKeeper } from './top-n';

/**
 * The top-N keeper's WITH TIES memory: what it holds beyond N are the items tied with the worst kept,
 * and only those (results are the differential tests' to check: the host drops extra items itself,
 * so keeping stale ties would never show in an answer — only in memory).
 */
const ts: ColumnDef = {
  name: 'ts',
  type: 'int4',
  typname: 'int4',
  elementTypname: null,
  typmod: -1,
  notNull: false,
  collation: null,
};
const shape = (withTies: boolean): TopNShape => ({
  kind: 'top-n',
  keys: [{ column: ts, kind: 'integer', descending: false, nullsFirst: false }],
  keep: 2,
  withTies,
  checked: [ts],
  threshold: { attribute: 'ts', type: 'N', typed: false, descending: false },
});
const context = { relation: 't', keyNames: [] };
const kept = (withTies: boolean, values: number[]) => {
  const keeper = itemKeeper(shape(withTies), [ts], context);
  for (const v of values) keeper.add({ ts: { N: String(v) } });
  return keeper
    .items()
    .map((i) => Number(i.ts!.N))
    .sort((a, b) => a - b);
};

describe('top-N keeper, WITH TIES', () => {
  it('keeps every item tied with the last of the best N', () => {
    expect(kept(true, [5, 3, 5, 9, 5, 5])).toEqual([3, 5, 5, 5, 5]);
    expect(kept(false, [5, 3, 5, 9, 5, 5])).toHaveLength(2);
  });

  it('drops the ties a better item leaves behind', () => {
    // 5s tie at the boundary until 1 and 2 come: then 2 is the last kept and no 5 ties with it.
    expect(kept(true, [5, 5, 5, 5, 1, 2])).toEqual([1, 2]);
    expect(kept(true, [5, 5, 5, 1, 5, 0])).toEqual([0, 1]);
  });

  it('keeps the ties of a new boundary equal to the old one', () => {
    expect(kept(true, [7, 4, 7, 7, 4])).toEqual([4, 4]);
    expect(kept(true, [7, 7, 4, 7])).toEqual([4, 7, 7, 7]);
  });
});

describe("top-N keeper, the worst kept (a threshold's comparand)", () => {
  const worstAfter = (values: (number | null)[], keep = 2) => {
    const keeper = itemKeeper({ ...shape(false), keep }, [ts], context);
    for (const v of values) keeper.add(v === null ? {} : { ts: { N: String(v) } });
    return keeper.worst!();
  };

  it('is null until N items are kept, then the first key of the worst of them', () => {
    expect(worstAfter([])).toBeNull();
    expect(worstAfter([5])).toBeNull();
    expect(worstAfter([5, 3])).toBe(5);
    expect(worstAfter([5, 3, 9, 4])).toBe(4);
  });

  it('is null while the worst kept is NULL (ascending, NULLs last: every NULL ranks after)', () => {
    expect(worstAfter([null, 3])).toBeNull();
    expect(worstAfter([null, 3, 1])).toBe(3);
  });
});
