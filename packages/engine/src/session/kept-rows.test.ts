import { describe, expect, it } from 'vitest';
import { loadWarmParser, parseScript } from '../parse/parse';
import type { RowSource } from '../run/row-source';
import type { Cell } from '../types';
import { keepRest, mayWrite } from './kept-rows';

await loadWarmParser();

/** `n` rows, each page costing 1 RCU; counts what it was asked for. */
function counted(n: number): RowSource & { reads: number; closed: boolean } {
  let offset = 0;
  const source = {
    reads: 0,
    closed: false,
    async next(pageSize: number) {
      source.reads++;
      const rows: Cell[][] = Array.from({ length: Math.min(pageSize, n - offset) }, (_, i) => [offset + i]);
      offset += rows.length;
      return { rows, done: offset >= n, consumedRcu: 1 };
    },
    async close() {
      source.closed = true;
    },
  };
  return source;
}

async function drain(source: RowSource, pageSize: number): Promise<{ rows: Cell[][]; rcu: number }> {
  const rows: Cell[][] = [];
  let rcu = 0;
  for (;;) {
    const page = await source.next(pageSize);
    rows.push(...page.rows);
    rcu += page.consumedRcu;
    if (page.done) return { rows, rcu };
  }
}

describe('keepRest', () => {
  it('reads every row first, then answers them by page with the capacity reading took', async () => {
    const source = counted(2500);
    const kept = await keepRest(source, { rows: 10_000, bytes: 1e9 });
    expect(kept.kept).toBe(true);
    const reads = source.reads;
    expect(reads).toBe(3);
    const { rows, rcu } = await drain(kept.source, 7);
    expect(source.reads).toBe(reads);
    expect(rows).toEqual(Array.from({ length: 2500 }, (_, i) => [i]));
    expect(rcu).toBe(3);
    await kept.source.close();
    expect(source.closed).toBe(true);
  });

  it('past its limits stops, answers the rows read and then reads on', async () => {
    const source = counted(100);
    const kept = await keepRest(source, { rows: 10, bytes: 1e9 });
    expect(kept.kept).toBe(false);
    expect((await drain(kept.source, 4)).rows).toEqual(Array.from({ length: 100 }, (_, i) => [i]));
    // Bytes are judged by page: past them after one, the rest is not read.
    const wide = counted(5000);
    const big = await keepRest(wide, { rows: 10_000, bytes: 100 });
    expect([big.kept, wide.reads]).toEqual([false, 1]);
    expect((await drain(big.source, 900)).rows).toHaveLength(5000);
  });
});

describe('mayWrite', () => {
  it.each([
    ['select * from t', false],
    ['show search_path', false],
    ['explain select * from t', false],
    ['explain analyze select * from t', false],
    ['fetch 10 from c', false],
    ['begin', false],
    ['savepoint a', false],
    ['prepare p as select 1', false],
    ['lock table t', false],
    ['create view v as select 1', false],
    ['create temp table x (a int)', false],
    ['analyze t', false],
    ['discard plans', false],
    ['set search_path = x', false],
    ['rollback', false],
    ['rollback to a', false],
    ['explain analyze execute p', true],
    ['commit', true],
    ['discard all', true],
    ['delete from t', true],
    ['insert into t values (1)', true],
    ['with d as (delete from t returning *) select * from d', true],
    ['explain analyze delete from t', true],
    ['copy t from stdin', true],
    ['call p()', true],
    ['execute p', true],
    ['create table x as select 1', true],
  ])('%s → %s', (sql, expected) => {
    expect(mayWrite(parseScript(sql)[0]!.node)).toBe(expected);
  });
});
