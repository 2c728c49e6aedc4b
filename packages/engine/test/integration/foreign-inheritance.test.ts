import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  createDocServer,
  createTable,
  clientOf,
  fails,
  ok,
  openTestEngine,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * A foreign table as a partition or inheritance child, or a table inheriting from one
 * (catalog/foreign-inheritance.ts): refused with 0A000 at the relation named, before the DDL runs,
 * nothing made or attached. Postgres would read them through the parent; the engine reads a foreign
 * table only where a statement names it, so every read of the parent would fail (55000).
 */
describe('foreign tables in partitions and inheritance', () => {
  let engine: Engine;
  const table = uniqueName('inherit');
  const opts = `server dynamodb_server options (table '${table}', rowid_column 'id')`;

  beforeAll(async () => {
    await createTable(clientOf('dynalite'), table, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
    await ok(
      engine,
      `create foreign table ft (id text not null, n integer) ${opts};
       create table parent (id text not null, n integer) partition by list (id);
       create table base (id text, n integer);`,
    );
  });
  afterAll(() => engine?.close());

  const descendants = () =>
    rows(
      engine,
      `select inhrelid::regclass::text, inhparent::regclass::text from pg_inherits
        where inhparent in ('parent'::regclass, 'base'::regclass, 'ft'::regclass) order by 1`,
    );

  it.each([
    [
      `create foreign table p1 partition of parent for values in ('a') ${opts}`,
      'foreign table "p1" cannot be a partition of "parent"',
      'parent for',
    ],
    [
      `create foreign table c1 () inherits (base) ${opts}`,
      'foreign table "c1" cannot inherit from "base"',
      'base)',
    ],
    [
      `alter table parent attach partition ft for values in ('b')`,
      'foreign table "ft" cannot be a partition of "parent"',
      'ft for',
    ],
    [`alter foreign table ft inherit base`, 'foreign table "ft" cannot inherit from "base"', 'ft inherit'],
    [`alter table public.ft inherit base`, 'foreign table "ft" cannot inherit from "base"', 'public.ft'],
    [`create table c2 () inherits (ft)`, 'table "c2" cannot inherit from foreign table "ft"', 'ft)'],
    [
      `create table c3 (id text, n integer); alter table c3 inherit ft`,
      'table "c3" cannot inherit from foreign table "ft"',
      'ft',
    ],
  ])('%s → 0A000 at the relation, nothing made', async (sql, message, at) => {
    const e = await fails(engine, sql);
    expect(e).toMatchObject({ sqlstate: '0A000', message });
    expect(e.hint).toMatch(/UNION ALL view/);
    const last = sql.split(';').at(-1)!;
    const offset = sql.length - last.length;
    expect(e.position).toBe(offset + last.lastIndexOf(at) + 1);
    expect(await descendants()).toEqual([]);
    expect(await rows(engine, `select to_regclass('p1'), to_regclass('c1'), to_regclass('c2')`)).toEqual([
      [null, null, null],
    ]);
    await ok(engine, 'drop table if exists c3');
  });

  it('local partitions and inheritance are untouched; the foreign table reads as before', async () => {
    await ok(
      engine,
      `create table p_local partition of parent for values in ('z');
       create table c_local () inherits (base);
       create table p_later (id text not null, n integer);
       alter table parent attach partition p_later for values in ('y');
       insert into parent values ('z', 1), ('y', 2); insert into c_local values ('c', 3);`,
    );
    expect(await descendants()).toEqual([
      ['c_local', 'base'],
      ['p_later', 'parent'],
      ['p_local', 'parent'],
    ]);
    expect(await rows(engine, `select (select count(*) from parent), (select count(*) from base)`)).toEqual([
      ['2', '1'],
    ]);
    expect(await rows(engine, `select count(*) from ft`)).toEqual([['0']]);
  });
});
