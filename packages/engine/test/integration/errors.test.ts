import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  fails,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';
import { freePort } from '../support/ports';

/** Bad input gets a clear error with SQLSTATE and position, and the engine keeps serving. */
describe.each(BACKENDS)('errors on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('things');

  beforeAll(async () => {
    await createTable(clientOf(backend), table, { name: 'id', type: 'S' });
    await putItems(
      clientOf(backend),
      table,
      Array.from({ length: 30 }, (_, i) => ({ id: { S: `t${i}` } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema dynamodb; create foreign table dynamodb.things (id text) server dynamodb_server options (table '${table}')`,
    );
  });
  afterAll(() => engine?.close());

  afterEach(async () => {
    // Whatever failed, the engine still serves.
    expect(await rows(engine, 'select 1')).toEqual([[1]]);
  });

  it('invalid SQL: 42601 with a 1-based position in the script and the statement index; statements before it run', async () => {
    const r = await engine.execute('select 1; selec 2; select 3');
    expect(r.statements.map((s) => s.rows)).toEqual([[[1]]]);
    expect(r.error).toMatchObject({ sqlstate: '42601', position: 11, statementIndex: 1 });
  });

  it('EXPLAIN type-checks statements that touch no foreign table', async () => {
    const r = await engine.explain('select 1;\nselect * from no_such_table');
    expect(r.error).toMatchObject({ sqlstate: '42P01', position: 25, statementIndex: 1 });
  });

  it('unknown table and unknown column: positions point at the name, before anything is read', async () => {
    const t = await fails(engine, 'select 1;\nselect * from dynamodb.nope');
    expect(t).toMatchObject({ sqlstate: '42P01', position: 25, statementIndex: 1 });
    const c = await engine.execute('select missing_col from dynamodb.things');
    expect(c.error).toMatchObject({ sqlstate: '42703', position: 8 });
  });

  it('a wrong type in a comparison is a host type error with its position', async () => {
    const e = await fails(engine, 'select * from dynamodb.things where id = 5');
    expect(e.sqlstate).toBe('42883');
    expect(e.position).toBe(40); // the operator, as Postgres reports it
  });

  // Each position is what PostgreSQL 15 reported for the same script over a plain table
  // dynamodb.things (id text) (checked against the server): an é is one character though two UTF-8
  // bytes, an emoji one though two UTF-16 code units, in the statement or in one before it.
  it.each([
    ["select 'ééééé' selec 1 2", '42601', 22],
    ["select '😀' selec 1 2", '42601', 18],
    ["select '😀😀';\n selec 1", '42601', 15],
    ['/* 😀 */ select 1; select * from dynamodb.things where id = 1', '42883', 58],
    ["select '😀😀';\nselect * from dynamodb.things where id = 5", '42883', 53],
    ["select '😀😀';\nselect * from dynamodb.nope", '42P01', 28],
    ["select '😀😀', * from dynamodb.things where id = 5", '42883', 46],
    // The host's position in the statement with its foreign table's name rewritten.
    ["select '😀😀' from dynamodb.things,nosuch_fn()", '42883', 34],
    ['prepare "p😀" as select nosuch', '42703', 24],
    // The engine's own error, where Postgres puts one at the same place (a `,` before the name: 42601).
    ['truncate /* 😀 */ dynamodb.things', '0A000', 18],
    ["select '😀';\ntruncate /* 😀 */ dynamodb.things", '0A000', 30],
    // Empty statements between semicolons are none.
    ['select 1;;; selec', '42601', 13],
    ['select 1; ; /* 😀 */ ;selec', '42601', 22],
    // A statement run without arguments has no $n, as in Postgres's simple query.
    ['select $1', '42P02', 8],
    ["select '😀'; select $1", '42P02', 20],
    ["select '😀' where $1 = 1", '42P02', 18],
  ])(
    "positions count characters of the whole script, as Postgres's do: %j → %s at %i",
    async (sql, sqlstate, position) => {
      expect(await fails(engine, sql)).toMatchObject({ sqlstate, position });
    },
  );

  it("the engine's own error from the statement's tree counts characters too", async () => {
    await ok(
      engine,
      `create foreign table dynamodb.keyed (id text) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
    // PostgreSQL 15 reports 42703 at 35 for `set nosuch = 'x'` over a plain table dynamodb.keyed (id text).
    expect(await fails(engine, "update /* 😀 */ dynamodb.keyed set id = 'x'")).toMatchObject({
      sqlstate: '0A000',
      message: 'cannot update key column "id": DynamoDB does not support key updates',
      position: 35,
    });
  });

  it('a $n stays a parameter in PREPARE and in a SQL function body', async () => {
    expect(await rows(engine, "prepare p_param as select $1::text; execute p_param('😀')")).toEqual([['😀']]);
    await ok(engine, 'create function pg_temp.twice(n int) returns int return $1 * 2');
    await ok(engine, "create function pg_temp.thrice(int) returns int language sql as 'select $1 * 3'");
    expect(await rows(engine, 'select pg_temp.twice(2), pg_temp.thrice(2)')).toEqual([[4, 6]]);
  });

  it('a missing DynamoDB table keeps the AWS error name', async () => {
    await ok(
      engine,
      "create foreign table dynamodb.ghost (id text) server dynamodb_server options (table 'no_such_table_here')",
    );
    const e = await fails(engine, 'select * from dynamodb.ghost');
    expect(e.sqlstate).toBe('HV00R');
    expect(e.message).toMatch(/^ResourceNotFoundException: /);
  });

  it('an unreachable endpoint is a connection error, not a hang', async () => {
    const port = await freePort();
    await ok(
      engine,
      `create server dead foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIDTESTTESTTEST', aws_secret_access_key 'x', endpoint_url 'http://127.0.0.1:${port}');
       create foreign table dynamodb.dead (id text) server dead options (table 'x')`,
    );
    const e = await fails(engine, 'select * from dynamodb.dead');
    expect(e.sqlstate).toBe('HV00N');
  });

  it('a cancelled statement stops with 57014', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await engine.execute('select count(*) from dynamodb.things', { signal: controller.signal });
    expect(r.error).toMatchObject({ sqlstate: '57014' });
  });

  it('a failed statement stops the script; earlier statements keep their results', async () => {
    const r = await engine.execute(
      "select 1 as a; select * from dynamodb.things where id = 't1'; select * from dynamodb.nope; select 2",
    );
    expect(r.statements.map((s) => s.command)).toEqual(['SELECT', 'SELECT']);
    expect(r.error).toMatchObject({ sqlstate: '42P01', statementIndex: 2 });
  });

  it("a write's errors name the foreign table, not the temp table the host wrote its rows into", async () => {
    await ok(
      engine,
      `create foreign table dynamodb.strict (id text not null, n int not null) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
    const unknown = await fails(engine, `insert into dynamodb.strict (id, nosuch) values ('x', 1)`);
    expect(unknown).toMatchObject({
      sqlstate: '42703',
      message: 'column "nosuch" of relation "strict" does not exist',
      position: 34,
    });
    const missing = await fails(engine, `insert into dynamodb.strict (id) values ('x')`);
    expect(missing).toMatchObject({
      sqlstate: '23502',
      message: 'null value in column "n" of relation "strict" violates not-null constraint',
    });
  });

  it("a read's errors name the foreign table, not the temp table its items went into", async () => {
    // A whole-row reference's type is the relation's row type: Postgres says things = integer.
    const e = await fails(engine, 'select 1 from dynamodb.things where things = 1');
    expect(e).toMatchObject({ sqlstate: '42883', message: 'operator does not exist: things = integer' });
    const joined = await fails(
      engine,
      "select 1 from dynamodb.things t join dynamodb.things u on t = u where t.id = 'x' and t = 1",
    );
    expect(joined.message).not.toMatch(/__ds_/);
  });

  it('an INSERT whose RETURNING fails writes nothing', async () => {
    for (const returning of ['s.nosuch', 'n / 0', "n + 'a'"]) {
      const e = await fails(
        engine,
        `insert into dynamodb.strict as s (id, n) values ('ret1', 1), ('ret2', 2) returning ${returning}`,
      );
      expect(e.sqlstate, returning).toMatch(/^(42703|22012|22P02)$/);
      expect(
        await rows(engine, `select count(*) from dynamodb.strict where id like 'ret%'`),
        returning,
      ).toEqual([['0']]);
    }
    // ON CONFLICT DO NOTHING returns the rows written: a RETURNING that does not type-check is refused first.
    const conflict = await fails(
      engine,
      `insert into dynamodb.strict as s (id, n) values ('ret3', 3) on conflict do nothing returning s.nosuch`,
    );
    expect(conflict.sqlstate).toBe('42703');
    expect(await rows(engine, `select count(*) from dynamodb.strict where id like 'ret%'`)).toEqual([['0']]);
  });

  it('CREATE TABLE AS reports the rows it wrote; explain() does not create the table', async () => {
    const planned = await engine.explain(
      'create table public.never_copied as select id from dynamodb.things',
    );
    expect(planned.statements[0]!.plan!.scans[0]!.operation).toBe('Scan');
    expect(await rows(engine, "select to_regclass('public.never_copied') is null")).toEqual([[true]]);
    const [s] = await ok(engine, 'create table public.copied as select id from dynamodb.things');
    expect(s).toMatchObject({ command: 'SELECT', rowCount: 30 });
  });

  it('SELECT INTO and CREATE MATERIALIZED VIEW report their rows as Postgres does; WITH NO DATA, what was created', async () => {
    const tags = async (sql: string) => (await ok(engine, sql)).map((s) => [s.command, s.rowCount] as const);
    expect(await tags('select id into public.selected_into from dynamodb.things')).toEqual([['SELECT', 30]]);
    expect(
      await tags(
        'select 1 as n into temp host_into; create materialized view public.things_mv as select id from dynamodb.things',
      ),
    ).toEqual([
      ['SELECT', 1],
      ['SELECT', 30],
    ]);
    expect(
      await tags(
        `create table public.not_copied as select id from dynamodb.things with no data;
         create materialized view public.unfilled_mv as select id from dynamodb.things with no data`,
      ),
    ).toEqual([
      ['CREATE TABLE AS', 0],
      ['CREATE MATERIALIZED VIEW', 0],
    ]);
    expect(await rows(engine, 'select count(*) from public.not_copied')).toEqual([['0']]);
    // IF NOT EXISTS over a relation that exists: skipped, as Postgres tags it, its query not run.
    const again = 'create table if not exists public.copied_once as select id from dynamodb.things';
    expect(await tags(again)).toEqual([['SELECT', 30]]);
    const [skipped] = await ok(engine, again);
    expect([skipped!.command, skipped!.rowCount, skipped!.consumedRcu]).toEqual(['CREATE TABLE AS', 0, 0]);
    expect(skipped!.notices).toContain('relation "copied_once" already exists, skipping');
    expect(
      await tags(
        'create table if not exists host_once as select 1 as n; create table if not exists host_once as select 1 as n',
      ),
    ).toEqual([
      ['SELECT', 1],
      ['CREATE TABLE AS', 0],
    ]);
    // Counted where it was made: a temp table of the same name does not hide it.
    expect(
      await tags(
        'create temp table shadowed (n int); create table shadowed as select id from dynamodb.things',
      ),
    ).toEqual([
      ['CREATE TABLE', 0],
      ['SELECT', 30],
    ]);
  });

  it('unknown cursor', async () => {
    await expect(engine.next('no-such-cursor')).rejects.toMatchObject({ sqlstate: '34000' });
  });
});
