import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  fails,
  ok,
  openTestEngine,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * An error in a write's RETURNING points at the offending token of the user's statement, as
 * Postgres's does, in a data-modifying WITH query too. Every position in the table below is
 * PostgreSQL 15's for the same statement over `create table strict (id text not null primary key,
 * n int not null)` holding ('a', 1). Before, RETURNING's errors pointed into the engine's own SQL
 * (`returning nosuchcol` at 8: 'select nosuchcol from pg_temp...').
 */
describe.each(BACKENDS)('RETURNING error positions on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('returning_pos');

  beforeAll(async () => {
    await createTable(clientOf(backend), table, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table strict (id text not null, n int not null)
         server dynamodb_server options (table '${table}', rowid_column 'id');
       insert into strict values ('a', 1)`,
    );
  });
  afterAll(() => engine?.close());

  it.each([
    [`insert into strict (id, n) values ('x', 1) returning nosuchcol`, '42703', 54],
    [`insert into strict as s (id, n) values ('x', 1) returning s.nosuch`, '42703', 59],
    [`insert into strict (id, n) values ('x', 1) returning n + 'a'`, '22P02', 58],
    [`insert into strict (id, n) values ('x', 1) returning 'abc'::int`, '22P02', 54],
    [`insert into strict (id, n) values ('x', 1) returning nosuch_fn(n)`, '42883', 54],
    [`insert into strict (id, n) values ('x', 1) on conflict do nothing returning nosuchcol`, '42703', 77],
    [`insert into strict (id, n) values ('x', 1) on conflict do nothing returning id, n + 'a'`, '22P02', 85],
    [`insert into strict (id, n) values ('x', 1)\n  returning\n    id,\n    nosuchcol`, '42703', 68],
    [`/* 😀 */ insert into strict (id, n) values ('x', 1) returning nosuchcol`, '42703', 62],
    [`update strict set n = 2 returning nosuchcol`, '42703', 35],
    [`update strict set n = 2 where id = 'a' returning id, n + 'a'`, '22P02', 58],
    [`delete from strict where id = 'zz' returning nosuchcol`, '42703', 46],
    [`with w as (update strict set n = 2 returning nosuchcol) select * from w`, '42703', 46],
    [`with w as (update strict set n = nosuch returning *) select * from w`, '42703', 34],
    [`with w as (delete from strict where nosuch = 1 returning *) select * from w`, '42703', 37],
    [`with w as (insert into strict values ('q', 1) returning n + 'a') select * from w`, '22P02', 61],
    [`with w as (delete from strict where id = 'a' returning nosuch) select * from w`, '42703', 56],
    [`with w as (update nosuchtable set n = 1 returning *) select * from w`, '42P01', 19],
  ])('%s → %s at %d, nothing written', async (sql, sqlstate, position) => {
    const e = await fails(engine, sql);
    expect(e).toMatchObject({ sqlstate, position });
    expect(await rows(engine, 'select id, n from strict order by id')).toEqual([['a', 1]]);
  });

  it("the engine's own refusal inside a WITH query points into the statement too", async () => {
    // As `update strict set id = 'k'` alone is refused at "id" (19).
    const e = await fails(engine, `with w as (update strict set id = 'k' returning *) select * from w`);
    expect(e).toMatchObject({ sqlstate: '0A000', position: 30 });
  });
});
