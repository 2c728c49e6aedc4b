import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createDocServer,
  createTable,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';
import { testPostgresUrl } from '../support/pg-database';

/**
 * A session's temp tables belong to it, as in Postgres: they end with it, and another session's
 * DISCARD TEMP / DISCARD ALL leaves them (session/temp-owners.ts). On PGlite every session shares
 * one connection, so one temp schema: a wire connection's `create temp table t` outlived it, and
 * every later `create temp table t` failed 42P07 until the server restarted; a pool's DISCARD ALL
 * (Npgsql sends it as it takes a connection back) dropped every session's temp tables. On the
 * PostgreSQL host each session has its own connection, and the same holds.
 */
describe('temp tables per session', () => {
  let engine: Engine;
  const table = uniqueName('temp_owners');

  const run = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session, pageSize: 10_000 });
    if (r.error) throw new Error(`${session}: ${r.error.sqlstate} ${r.error.message} (${sql})`);
    return r.statements.at(-1)!;
  };
  const rows = async (sql: string, session: string) => (await run(sql, session)).rows;
  const last = (sql: string, session: string) => run(sql, session);
  /** The relations in the temp schema a session sees, by name (PGlite: every session's). */
  const tempRelations = async (session: string, like = '%') =>
    (
      await rows(
        `select relname::text from pg_class where relnamespace = pg_my_temp_schema() and relname like '${like}'
          and relkind in ('r', 'v', 'S') order by 1`,
        session,
      )
    ).map((r) => r[0]);

  beforeAll(async () => {
    const client = clientOf('dynalite');
    await createTable(client, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: 6 }, (_, i) => ({ pk: { S: i < 3 ? 'a' : 'b' }, sk: { N: String(i) } })),
    );
    // Sessions idle for 1.5 s end (the last test waits for that).
    engine = await openTestEngine({ sessionIdleMs: 1_500 });
    await createDocServer(engine, 'dynalite');
    await run(
      `create foreign table public.items (pk text, sk bigint) server dynamodb_server options (table '${table}', rowid_column 'pk')`,
      'setup',
    );
  });
  afterAll(() => engine?.close());

  it("drops a session's temp tables, views and sequences when it ends: another may make its own of those names", async () => {
    await run(
      `create temp table t1 (a int); insert into t1 values (1);
       create temp view v1 as select a from t1;
       create temp sequence s1;
       create temp table x1 as select 2 as b;
       select 3 as c into temp table y1;
       create table pg_temp.z1 (d int)`,
      'a1',
    );
    expect(await tempRelations('a1', '_1')).toEqual(['s1', 't1', 'v1', 'x1', 'y1', 'z1']);
    await engine.closeSession('a1');
    expect(await tempRelations('b1', '_1')).toEqual([]);
    await run(
      `create temp table t1 (a text); create temp view v1 as select 1 as one; create temp sequence s1;
       create temp table x1 (b int); create temp table y1 (c int); create temp table z1 (d int)`,
      'b1',
    );
    expect(await rows("select nextval('s1'), (select count(*) from t1)", 'b1')).toEqual([['1', '0']]);
  });

  it("drops the engine's own temp tables a session's statements loaded items into", async () => {
    // A join the host evaluates: its items go through the session's pooled temp tables (__ds_…).
    const join = `select x.sk, y.sk from items x join items y on y.pk = x.pk where x.pk = 'a' order by 1, 2`;
    expect(await rows(join, 'a2')).toHaveLength(9);
    const pooled = await tempRelations('a2', '\\_\\_ds\\_%');
    expect(pooled.length).toBeGreaterThan(0);
    await engine.closeSession('a2');
    const left = await tempRelations('b2', '\\_\\_ds\\_%');
    expect(left.filter((n) => pooled.includes(n))).toEqual([]);
  });

  it("leaves another session's temp tables through DISCARD TEMP and DISCARD ALL, and drops its own", async () => {
    await run('create temp table t3 (a int); insert into t3 values (7)', 'a3');
    await run('create temp table u3 (a int)', 'b3');
    await run('discard temp', 'b3');
    expect(await rows('select a from t3', 'a3')).toEqual([[7]]);
    await run('create temp table u3 (a int); discard all', 'b3');
    expect(await rows('select a from t3', 'a3')).toEqual([[7]]);
    expect(await tempRelations('b3', 'u3')).toEqual([]);
    await run('discard temp', 'a3');
    expect(await tempRelations('a3', 't3')).toEqual([]);
  });

  it('a relation of the same name that another session made stays with that session', async () => {
    await run('create temp table t4 (a int); insert into t4 values (4)', 'a4');
    // On PGlite t4 exists already (one temp schema): IF NOT EXISTS makes nothing, and b4 owns none.
    await run('create temp table if not exists t4 (a int)', 'b4');
    await engine.closeSession('b4');
    expect(await rows('select a from t4', 'a4')).toEqual([[4]]);
  });

  it("a temp table created in a block that rolled back is no one's; one that committed is dropped at the end", async () => {
    await run('begin; create temp table t5 (a int); rollback', 'a5');
    await run('begin; create temp table t5 (a int); insert into t5 values (5); commit', 'a5');
    await run('begin; create temp table w5 (a int)', 'a5');
    // Its end rolls back the open block first (w5 never was), then drops t5.
    await engine.closeSession('a5');
    expect(await tempRelations('b5', '_5')).toEqual([]);
    await run('create temp table t5 (a int); create temp table w5 (a int)', 'b5');
  });

  it("a session that ends while another session's block is open leaves that block alone (found by helper-126)", async () => {
    await run('create table public.kept_rows (n int)', 'setup');
    await run('create temp table t8 (a int)', 'a8');
    await run('begin; insert into public.kept_rows values (77)', 'b8');
    // Its temp table cannot be dropped inside b8's block (a ROLLBACK would undo it): it is left.
    await engine.closeSession('a8');
    expect((await last('commit', 'b8')).command).toBe('COMMIT');
    expect(await rows('select n from public.kept_rows', 'c8')).toEqual([[77]]);
    // Left as no one's: any session's DISCARD TEMP drops it.
    await run('discard temp', 'c8');
    await run('create temp table t8 (a int)', 'c8');
  });

  it("another session's DISCARD TEMP leaves a serial's and an identity column's sequences (found by helper-126)", async () => {
    await run(
      'create temp table s9 (id serial, v int); create temp table i9 (id int generated always as identity, v int)',
      'a9',
    );
    await run('discard temp', 'b9');
    await run('insert into s9 (v) values (1); insert into i9 (v) values (2)', 'a9');
    expect(await rows('select id, v from s9 union all select id, v from i9 order by v', 'a9')).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it("a temp table EXPLAIN ANALYZE creates is its session's too", async () => {
    await run('explain analyze create temp table x10 as select 1 as a', 'a10');
    await engine.closeSession('a10');
    await run('create temp table x10 (a int)', 'b10');
  });

  it('a session that idles out ends too', async () => {
    await run('create temp table t6 (a int)', 'a6');
    await new Promise((r) => setTimeout(r, 2_000));
    // Any request ends the sessions idle longer than sessionIdleMs first.
    expect(await tempRelations('b6', 't6')).toEqual([]);
    await run('create temp table t6 (a int)', 'b6');
  });

  /** Every kind of object a session can make in its temp schema besides tables, views and sequences. */
  const tempObjects = (n: string, op: string) => `
    create function pg_temp.f${n}() returns int language sql as 'select ${n}';
    create procedure pg_temp.p${n}() language sql as 'select 1';
    create aggregate pg_temp.agg${n}(int) (sfunc = int4pl, stype = int);
    create type pg_temp.ty${n} as (a int);
    create type pg_temp.en${n} as enum ('x');
    create type pg_temp.rg${n} as range (subtype = int4);
    create domain pg_temp.dm${n} as int check (value > 0);
    create operator pg_temp.${op} (function = int4eq, leftarg = int, rightarg = int);
    create collation pg_temp.co${n} from "C";
    create text search configuration pg_temp.tsc${n} (copy = english);
    create text search dictionary pg_temp.tsd${n} (template = simple);
    create conversion pg_temp.cv${n} for 'LATIN1' to 'UTF8' from iso8859_1_to_utf8`;
  /** What of those a session sees, by kind. */
  const usesTempObjects = (n: string, op: string) =>
    `select pg_temp.f${n}(), (select pg_temp.agg${n}(x) from generate_series(1, 3) x), row(1)::pg_temp.ty${n},
            'x'::pg_temp.en${n}, pg_temp.rg${n}(1, 2), 1::pg_temp.dm${n}, 1 operator(pg_temp.${op}) 1,
            'a' collate pg_temp.co${n}, to_tsvector('pg_temp.tsc${n}', 'cats'), ts_lexize('pg_temp.tsd${n}', 'Cats')`;
  const usedTempObjects = (n: string) => [
    [Number(n), 6, '(1)', 'x', '[1,2)', 1, true, 'a', "'cat':1", '{cats}'],
  ];

  it("drops a session's temp functions, procedures, aggregates, types, domains, operators, collations and text search objects when it ends", async () => {
    await run(tempObjects('11', '==='), 'a11');
    await run('call pg_temp.p11()', 'a11');
    expect(await rows(usesTempObjects('11', '==='), 'a11')).toEqual(usedTempObjects('11'));
    await engine.closeSession('a11');
    // Before, they outlived it: b's `create function pg_temp.f11` failed 42723, its `create type` 42710.
    await run(tempObjects('11', '==='), 'b11');
    expect(await rows(usesTempObjects('11', '==='), 'b11')).toEqual(usedTempObjects('11'));
  });

  it("a view made temporary by the temp table it reads, and what a statement creates with pg_temp first in search_path, are the session's too", async () => {
    await run(
      `create temp table t12 (a int); insert into t12 values (12); create view v12 as select a from t12;
       set search_path = pg_temp, public; create table u12 (a int); create function g12() returns int language sql as 'select 12';
       create sequence s12; reset search_path`,
      'a12',
    );
    // Another session's DISCARD TEMP leaves them (before: it dropped v12, u12, s12 and g12).
    await run('discard temp', 'b12');
    expect(
      await rows("select a, pg_temp.g12(), nextval('s12'), (select count(*) from u12) from v12", 'a12'),
    ).toEqual([[12, 12, '1', '0']]);
    await engine.closeSession('a12');
    await run(
      `create temp table t12 (b text); create temp view v12 as select 1 as one; create temp table u12 (b text);
       create temp sequence s12; create function pg_temp.g12() returns text language sql as $$select 'b'$$`,
      'b12',
    );
    expect(await rows('select pg_temp.g12(), (select one from v12)', 'b12')).toEqual([['b', 1]]);
  });

  it("another session's DISCARD TEMP and DISCARD ALL leave a session's temp functions and types; its own drop them", async () => {
    await run(tempObjects('13', '=#='), 'a13');
    await run('create function pg_temp.f13b() returns int language sql as $$select 0$$', 'b13');
    await run('discard temp', 'b13');
    expect(await rows(usesTempObjects('13', '=#='), 'a13')).toEqual(usedTempObjects('13'));
    await run('discard all', 'b13');
    expect(await rows(usesTempObjects('13', '=#='), 'a13')).toEqual(usedTempObjects('13'));
    expect((await engine.execute('select pg_temp.f13b()', { session: 'b13' })).error?.sqlstate).toBe('42883');
    // Its own DISCARD TEMP drops them all, a range type's constructors with it (before: 2BP01 on them).
    await run('discard temp', 'a13');
    expect((await engine.execute('select pg_temp.f13()', { session: 'a13' })).error?.sqlstate).toBe('42883');
    expect((await engine.execute('select 1::pg_temp.rg13', { session: 'a13' })).error?.sqlstate).toBe(
      '42704',
    );
    await run(tempObjects('13', '=#='), 'c13');
  });

  it("on PGlite a session can call another's temp function and read its temp view (one temp schema); on PostgreSQL it cannot", async () => {
    await run(
      `create function pg_temp.f14() returns int language sql as 'select 14';
       create temp view v14 as select 14 as n`,
      'a14',
    );
    // b14 has a temp schema of its own on PostgreSQL (without one, `pg_temp.` is 3F000 there).
    await run('create temp table own14 (a int)', 'b14');
    const called = await engine.execute('select pg_temp.f14()', { session: 'b14' });
    const read = await engine.execute('select n from v14', { session: 'b14' });
    if (testPostgresUrl()) {
      expect(called.error?.sqlstate).toBe('42883');
      expect(read.error?.sqlstate).toBe('42P01');
    } else {
      expect(called.statements.at(-1)?.rows).toEqual([[14]]);
      expect(read.statements.at(-1)?.rows).toEqual([[14]]);
    }
  });

  it("on PGlite a session sees the others' temp tables (one connection); on PostgreSQL it does not", async () => {
    await run('create temp table t7 (a int); insert into t7 values (7)', 'a7');
    const seen = await engine.execute('select a from t7', { session: 'b7' });
    if (testPostgresUrl()) expect(seen.error?.sqlstate).toBe('42P01');
    else expect(seen.statements.at(-1)?.rows).toEqual([[7]]);
  });
});
