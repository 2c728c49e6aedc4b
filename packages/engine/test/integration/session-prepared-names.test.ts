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
 * Prepared statements the host keeps, and DISCARD ALL, per session. On PGlite every session's host
 * calls share one connection, whose prepared statements are one namespace: `PREPARE foo` in two
 * sessions, and a pool's `DEALLOCATE ALL` / `DISCARD ALL` in one, reached the other's. Each session's
 * statements now have host names of their own (run/named-statements.ts), errors name the user's, and
 * DISCARD ALL runs for the session (run/discard-all.ts). Both hosts behave the same.
 */
describe('prepared statements and DISCARD ALL per session', () => {
  let engine: Engine;
  const table = uniqueName('session_names');

  const run = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session, pageSize: 10_000 });
    if (r.error) throw new Error(`${session}: ${r.error.sqlstate} ${r.error.message} (${sql})`);
    return r.statements;
  };
  const last = async (sql: string, session: string) => (await run(sql, session)).at(-1)!;
  const fails = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session });
    if (!r.error) throw new Error(`${session}: expected an error from ${sql}`);
    return r.error;
  };

  beforeAll(async () => {
    const client = clientOf('dynalite');
    await createTable(client, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: 6 }, (_, i) => ({ pk: { S: i < 3 ? 'a' : 'b' }, sk: { N: String(i) } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
    await run(
      `create foreign table public.items (pk text, sk bigint) server dynamodb_server options (table '${table}', rowid_column 'pk');
       create table public.host_rows (n int);
       insert into public.host_rows values (1), (2), (3);
       -- What the host itself lists: a function body is not rewritten (prepared-statements-view.ts).
       create function public.host_prepared() returns setof text language sql
         as $$ select name from pg_catalog.pg_prepared_statements order by name $$`,
      'setup',
    );
  });
  afterAll(() => engine?.close());

  /** A join the host evaluates: its items are loaded into the session's pooled temp tables (__ds_…). */
  const hostJoin = (pk: string) =>
    `select x.sk, y.sk from items x join items y on y.pk = x.pk where x.pk = '${pk}' order by 1, 2`;
  /** How many of the engine's pooled temp tables session a's host sees. */
  const pooled = async () =>
    (
      await last(
        "select count(*) from pg_class where relnamespace = pg_my_temp_schema() and relname like '\\_\\_ds\\_%'",
        'a',
      )
    ).rows[0]![0];

  it('PREPARE foo in two sessions: each its own, under its own name in pg_prepared_statements', async () => {
    await run('prepare foo (int) as select $1 + 1 as n', 'a');
    await run("prepare foo (text) as select 'b:' || $1 as s", 'b');
    expect((await last('execute foo(41)', 'a')).rows).toEqual([[42]]);
    expect((await last("execute foo('x')", 'b')).rows).toEqual([['b:x']]);
    // The session's own statements under its names and texts, as Postgres lists them.
    const listed = await last(
      'select name, statement, parameter_types::text[], from_sql from pg_prepared_statements',
      'a',
    );
    expect(listed.rows).toEqual([['foo', 'prepare foo (int) as select $1 + 1 as n', '{integer}', true]]);
    // What the wire protocol reads to learn a parameter's type (pg-connection.ts inferParamOids).
    expect(
      (
        await last(
          "select unnest(parameter_types)::oid::int from pg_catalog.pg_prepared_statements where name = 'foo'",
          'b',
        )
      ).rows,
    ).toEqual([[25]]);
    expect((await last('select count(*) from pg_catalog.pg_prepared_statements p', 'b')).rows).toEqual([
      ['1'],
    ]);
    // EXPLAIN EXECUTE and CREATE TABLE AS EXECUTE run the session's statement.
    const explained = await last('explain execute foo(1)', 'a');
    expect(explained.rows.map((r) => r[0]).join('\n')).toContain('Result');
    await run("create temp table from_b as execute foo('y'); select * from from_b", 'b');
    expect((await last('select * from from_b', 'b')).rows).toEqual([['b:y']]);
    await run('drop table from_b', 'b');
  });

  it('a comment before the name of a PREPARE or EXECUTE is a comment (both kept by the host and by the engine)', async () => {
    await run('prepare /* c */ commented as select 7 as n', 'c');
    expect((await last('execute /* c */ commented', 'c')).rows).toEqual([[7]]);
    await run(
      "prepare -- c\n commented_items as select sk from items where pk = 'a' order by sk limit 1",
      'c',
    );
    expect((await last('execute /* c */ commented_items', 'c')).rows).toEqual([['0']]);
    expect((await last('explain execute /* c */ commented', 'c')).rows.length).toBeGreaterThan(0);
  });

  it('lists statements over foreign tables in pg_prepared_statements, each parameter typed as Postgres infers it', async () => {
    const session = 'typed';
    await run(
      `prepare r as select sk from items where pk = $1 and sk > $2 order by sk limit $3;
       prepare w as insert into items (pk, sk) values ($1, $2);
       prepare d (int) as select count(*) from items where sk = $1;
       prepare e as select $1 as v from items where pk = 'a' limit 1`,
      session,
    );
    const listed = await last(
      `select name, statement, parameter_types::text[], from_sql, generic_plans, custom_plans,
              prepare_time <= now() from pg_prepared_statements order by name`,
      session,
    );
    expect(listed.rows).toEqual([
      ['d', 'prepare d (int) as select count(*) from items where sk = $1', '{integer}', true, '0', '0', true],
      ['e', "prepare e as select $1 as v from items where pk = 'a' limit 1", '{text}', true, '0', '0', true],
      [
        'r',
        'prepare r as select sk from items where pk = $1 and sk > $2 order by sk limit $3',
        '{text,bigint,bigint}',
        true,
        '0',
        '0',
        true,
      ],
      ['w', 'prepare w as insert into items (pk, sk) values ($1, $2)', '{text,bigint}', true, '0', '0', true],
    ]);
    // Each argument is bound as its parameter's type, as Postgres binds it: `select $1` is text.
    expect((await last("execute r('a', 0, 1)", session)).rows).toEqual([['1']]);
    const e = await last('execute e(12)', session);
    expect([e.columns.map((c) => c.type), e.rows]).toEqual([['text'], [['12']]]);
    expect(
      (await last("select custom_plans from pg_prepared_statements where name = 'r'", session)).rows,
    ).toEqual([['1']]);
    // What the wire protocol reads for a ParameterDescription.
    expect(
      (
        await last(
          "select unnest(parameter_types)::oid::int from pg_catalog.pg_prepared_statements where name = 'w'",
          session,
        )
      ).rows,
    ).toEqual([[25], [20]]);
    await run('deallocate all', session);
    expect((await last('select count(*) from pg_prepared_statements', session)).rows).toEqual([['0']]);
  });

  it('binds each EXECUTE argument as its parameter’s type and still pushes it down (LIMIT, key conditions)', async () => {
    const session = 'bound';
    const plan = async (sql: string) =>
      (await last(`explain ${sql}`, session)).rows.map((r) => r[0]).join('\n');
    await run(
      `prepare l as select sk from items where pk = $1 order by sk limit $2;
       prepare g as select sk from items where pk = 'a' and sk > $1;
       prepare e as select sk from items where pk = 'a' and sk = $1`,
      session,
    );
    // A number as SQL writes it, and a string as the wire protocol binds it: both the Query's Limit.
    for (const execute of ["execute l('a', 2)", "execute l('a', '2')"]) {
      expect(await plan(execute), execute).toMatch(/Key Condition: pk = 'a'\n(.*\n)*\s*Limit: 2\n/);
      expect((await last(execute, session)).rows, execute).toEqual([['0'], ['1']]);
    }
    // An integer parameter rounds its argument, as Postgres binds it: sk > 2, sk = 2.
    expect((await last('execute g(1.5)', session)).rows).toEqual([]);
    expect((await last('execute e(1.5)', session)).rows).toEqual([['2']]);
    expect((await last('execute e(1)', session)).rows).toEqual([['1']]);
    // What Postgres refuses stays refused: a LIMIT cast to another type, or a no-break space in it.
    for (const [limit, sqlstate] of [
      ['0::text', '42804'],
      ['null::text', '42804'],
      ["E'\\u00a02'", '22P02'],
    ])
      expect(
        (await fails(`select sk from items where pk = 'a' order by sk limit ${limit}`, session)).sqlstate,
        limit,
      ).toBe(sqlstate);
    // A no-break space in an array element is part of the value (String.trim would drop it).
    expect((await last("select sk from items where pk = any(E'{a\\u00a0}')", session)).rows).toEqual([]);
    // An array argument, written as a constructor or as a literal: the partition's Query either way.
    await run('prepare pa as select sk from items where pk = any($1) order by sk', session);
    for (const execute of ["execute pa(array['a', 'nope'])", "execute pa('{a,nope}')"]) {
      expect(await plan(execute), execute).toMatch(/Query/);
      expect((await last(execute, session)).rows, execute).toEqual([['0'], ['1'], ['2']]);
    }
  });

  it('names each parameter’s type as the host resolved it at PREPARE; `unknown` declared is inferred', async () => {
    const session = 'declared';
    await run(
      `create schema if not exists prep_s2;
       create type prep_s2.mood as enum ('calm', 'glad');
       set search_path = prep_s2, public;
       prepare pm (mood) as select sk from items where pk = 'a' and $1::text <> 'sad' order by sk limit 1;
       prepare pu (unknown, int) as select sk from items where pk = $1 and sk > $2;
       reset search_path`,
      session,
    );
    expect(
      (
        await last(
          "select name, parameter_types::text[] from pg_prepared_statements where name in ('pm', 'pu') order by name",
          session,
        )
      ).rows,
    ).toEqual([
      ['pm', '{prep_s2.mood}'],
      ['pu', '{text,integer}'],
    ]);
    expect((await last("execute pm('glad')", session)).rows).toEqual([['0']]);
    expect((await fails('prepare bad (no_such_type) as select sk from items', session)).sqlstate).toBe(
      '42704',
    );
  });

  it('errors name the session’s statement, with Postgres’s SQLSTATEs and words', async () => {
    await run("prepare twice as select 1; prepare kept as select sk from items where pk = 'a'", 'a');
    // Over a foreign table the engine keeps the statement: one namespace with the host's.
    for (const [sql, name] of [
      ['prepare twice as select 2', 'twice'],
      ["prepare twice as select * from items where pk = 'a'", 'twice'],
      ['prepare kept as select 1', 'kept'],
    ])
      expect(await fails(sql!, 'a'), sql).toMatchObject({
        sqlstate: '42P05',
        message: `prepared statement "${name}" already exists`,
      });
    expect(await fails('execute foo(1, 2)', 'a')).toMatchObject({
      sqlstate: '42601',
      message: 'wrong number of parameters for prepared statement "foo"',
      detail: 'Expected 1 parameters but got 2.',
    });
    expect(await fails('execute twice', 'b')).toMatchObject({
      sqlstate: '26000',
      message: 'prepared statement "twice" does not exist',
    });
    expect(await fails('explain execute twice', 'b')).toMatchObject({ sqlstate: '26000' });
    expect(await fails('deallocate twice', 'b')).toMatchObject({
      sqlstate: '26000',
      message: 'prepared statement "twice" does not exist',
    });
    // A position in the prepared query is one in the PREPARE the user wrote.
    const bad = 'prepare a_long_statement_name (int) as select nosuch from host_rows where n = $1';
    expect(await fails(bad, 'a')).toMatchObject({ sqlstate: '42703', position: bad.indexOf('nosuch') + 1 });
    await run('deallocate twice; deallocate kept', 'a');
  });

  it('DEALLOCATE ALL deallocates only the session’s statements', async () => {
    await run('prepare keep_a as select 10; prepare other_a as select 11', 'a');
    await run('prepare keep_b as select 20', 'b');
    const all = await last('deallocate all', 'b');
    expect(all.command).toBe('DEALLOCATE ALL');
    expect((await fails('execute keep_b', 'b')).sqlstate).toBe('26000');
    expect((await fails('execute foo(1)', 'b')).sqlstate).toBe('26000');
    expect((await last('execute keep_a', 'a')).rows).toEqual([[10]]);
    expect((await last('execute foo(1)', 'a')).rows).toEqual([[2]]);
    await run('deallocate other_a', 'a');
    expect((await fails('execute other_a', 'a')).sqlstate).toBe('26000');
    expect((await last('execute keep_a', 'a')).rows).toEqual([[10]]);
  });

  it('an EXECUTE of a statement the host keeps is tagged as that statement', async () => {
    await run('prepare add_rows (int) as insert into host_rows select generate_series(100, 99 + $1)', 'a');
    const inserted = await last('execute add_rows(3)', 'a');
    expect(inserted.command).toBe('INSERT');
    expect(inserted.rowCount).toBe(3);
    await run('deallocate add_rows; delete from host_rows where n >= 100', 'a');
  });

  it('a session that ends deallocates the statements the host kept for it', async () => {
    // What the host keeps, as session a's connection lists it: every session's on PGlite, a's own on a server.
    const listed = async () => (await last('select * from host_prepared()', 'a')).rows.map((r) => r[0]);
    const before = await listed();
    await run('prepare gone_1 as select 1; prepare gone_2 as select 2', 'ending');
    const during = await listed();
    expect(during.length - before.length).toBe(testPostgresUrl() ? 0 : 2);
    await engine.closeSession('ending');
    expect(await listed()).toEqual(before);
    // A session of that name again is a new session: nothing of the old one's.
    expect((await fails('execute gone_1', 'ending')).sqlstate).toBe('26000');
    await engine.closeSession('ending');
  });

  it('DISCARD ALL resets the session: cursors, settings, prepared statements, temp tables; the user role stays', async () => {
    const searchPath = (await last('show search_path', 'b')).rows;
    await run(
      `set datestyle = 'German'; set search_path = pg_catalog, public;
       prepare b_host as select 1; prepare b_foreign as select sk from items where pk = 'b';
       declare b_cur cursor with hold for select n from host_rows order by n;
       declare b_items cursor with hold for select sk from items where pk = 'b';
       create temp table b_temp (x int)`,
      'b',
    );
    const discarded = await last('discard all', 'b');
    expect(discarded.command).toBe('DISCARD ALL');
    expect((await last('show datestyle', 'b')).rows).toEqual([['ISO, MDY']]);
    expect((await last('show search_path', 'b')).rows).toEqual(searchPath);
    for (const gone of ['execute b_host', 'execute b_foreign'])
      expect((await fails(gone, 'b')).sqlstate, gone).toBe('26000');
    for (const gone of ['fetch 1 from b_cur', 'fetch 1 from b_items'])
      expect((await fails(gone, 'b')).sqlstate, gone).toBe('34000');
    expect((await fails('select * from b_temp', 'b')).sqlstate).toBe('42P01');
    expect((await last('select current_user, session_user', 'b')).rows).toEqual([
      ['dynascope_user', 'dynascope_user'],
    ]);
    // Names are free again: a pool's next borrower prepares and declares the same ones.
    await run('prepare b_host as select 2; create temp table b_temp (x int); drop table b_temp', 'b');
    expect((await last('execute b_host', 'b')).rows).toEqual([[2]]);
  });

  it('DISCARD ALL in one session leaves another’s statements, cursors, settings and the engine’s temp tables', async () => {
    await run(
      `set datestyle = 'SQL, DMY'; prepare a_kept as select 7;
       declare a_cur cursor with hold for select n from host_rows order by n`,
      'a',
    );
    const join = hostJoin('a');
    const joined = (await last(join, 'a')).rows;
    expect(joined).toHaveLength(9);
    const before = await pooled();
    expect(Number(before)).toBeGreaterThan(0);
    await run('prepare b_kept as select 8; discard all; deallocate all; discard all', 'b');
    // Counted first: a's next EXECUTE or FETCH gives its free pooled tables back itself (session.ts beforeStatement).
    expect(await pooled()).toBe(before);
    expect((await last(join, 'a')).rows).toEqual(joined);
    expect((await last('execute a_kept', 'a')).rows).toEqual([[7]]);
    expect((await last('execute foo(2)', 'a')).rows).toEqual([[3]]);
    expect((await last('fetch 2 from a_cur', 'a')).rows).toEqual([[1], [2]]);
    expect((await last('show datestyle', 'a')).rows).toEqual([['SQL, DMY']]);
    await run('close a_cur', 'a');
  });

  it('DISCARD TEMP drops the user’s temp relations and leaves the engine’s, in a block too', async () => {
    const join = hostJoin('b');
    const joined = (await last(join, 'a')).rows;
    expect(joined).toHaveLength(9);
    const before = await pooled();
    expect(Number(before)).toBeGreaterThan(0);
    await run(
      `create temp table b_t1 (x int); create temp view b_v as select 1 as one; create temp sequence b_s;
       create function pg_temp.b_f() returns int language sql as 'select 1';
       create type pg_temp.b_row as (x int); create type pg_temp.b_enum as enum ('a');
       create domain pg_temp.b_dom as int check (value > 0)`,
      'b',
    );
    expect(
      (await last('select pg_temp.b_f(), null::pg_temp.b_row, null::pg_temp.b_enum, 1::pg_temp.b_dom', 'b'))
        .rows,
    ).toHaveLength(1);
    const discarded = await last('discard temp', 'b');
    expect(discarded.command).toBe('DISCARD TEMP');
    for (const gone of ['select * from b_t1', 'select * from b_v', "select nextval('b_s')"])
      expect((await fails(gone, 'b')).sqlstate, gone).toBe('42P01');
    // Its temporary types and functions too, as in PostgreSQL 15.
    expect((await fails('select pg_temp.b_f()', 'b')).sqlstate).toBe('42883');
    for (const gone of [
      'select null::pg_temp.b_row',
      'select null::pg_temp.b_enum',
      'select 1::pg_temp.b_dom',
    ])
      expect((await fails(gone, 'b')).sqlstate, gone).toBe('42704');
    expect(await pooled()).toBe(before);
    expect((await last(join, 'a')).rows).toEqual(joined);
    // Inside a block, as in Postgres, it is undone by ROLLBACK.
    await run('create temp table b_t2 (x int); begin; discard temporary', 'b');
    expect((await fails('select * from b_t2', 'b')).sqlstate).toBe('42P01');
    await run('rollback', 'b');
    expect((await last('select count(*) from b_t2', 'b')).rows).toEqual([['0']]);
    await run('drop table b_t2', 'b');
    expect((await last(join, 'a')).rows).toEqual(joined);
  });

  it('DISCARD ALL cannot run inside a transaction block, and in a body it stays refused', async () => {
    await run('begin', 'b');
    expect(await fails('discard all', 'b')).toMatchObject({
      sqlstate: '25001',
      message: 'DISCARD ALL cannot run inside a transaction block',
    });
    await run('rollback', 'b');
    expect(
      (await fails('create function reset_all() returns void language sql as $$ discard all $$', 'b'))
        .sqlstate,
    ).toBe('42501');
    expect(
      (
        await fails(
          'create function reset_all() returns void language plpgsql as $$ begin discard all; end $$',
          'b',
        )
      ).sqlstate,
    ).toBe('42501');
  });
});
