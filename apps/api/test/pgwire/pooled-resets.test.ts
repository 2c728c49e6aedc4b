import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgFixture, type PgFixture } from './pg-fixture';

/**
 * Two connections of a pool, each an engine session. A pool sends `DEALLOCATE ALL` or `DISCARD ALL`
 * when it takes a connection back (pgbouncer's server_reset_query, Npgsql): on PGlite every session's
 * prepared statements shared the host's one namespace, so connection 2's reset removed connection 1's
 * named statements (its next Execute failed `26000 prepared statement "__dsw…" does not exist`),
 * `PREPARE foo` failed on the second connection, and DISCARD ALL was refused (42501). Each connection's
 * statements are its own now, and DISCARD ALL resets the connection that sends it, as Postgres does.
 */
let fx: PgFixture;

beforeAll(async () => {
  fx = await startPgFixture(20);
});
afterAll(async () => {
  await fx?.close();
});

async function connection(): Promise<pg.Client> {
  const client = new pg.Client(fx.connection);
  await client.connect();
  return client;
}

/** The error a query fails with: its SQLSTATE and message. */
async function failure(
  client: pg.Client,
  sql: string | pg.QueryConfig,
): Promise<{ code?: string; message: string }> {
  try {
    await client.query(sql);
  } catch (e) {
    const error = e as { code?: string; message: string };
    return { code: error.code, message: error.message };
  }
  throw new Error(`expected ${JSON.stringify(sql)} to fail`);
}

describe('a pool’s resets on one connection leave the other’s statements', () => {
  it('a named statement on connection 1 survives DEALLOCATE ALL and DISCARD ALL on connection 2', async () => {
    const one = await connection();
    const two = await connection();
    try {
      const named = { name: 'plus_one', text: 'select $1::int + 1 as n', values: [1] };
      const overItems = {
        name: 'user_name',
        text: 'select name from users where user_id = $1',
        values: ['u0001'],
      };
      expect((await one.query(named)).rows).toEqual([{ n: 2 }]);
      const user = (await one.query(overItems)).rows;
      expect(user).toHaveLength(1);
      expect((await two.query('deallocate all')).command).toBe('DEALLOCATE');
      // node-postgres sends no Parse again for a name it prepared: Bind and Execute of the statement.
      expect((await one.query({ ...named, values: [41] })).rows).toEqual([{ n: 42 }]);
      expect((await one.query(overItems)).rows).toEqual(user);
      await two.query('discard all');
      expect((await one.query({ ...named, values: [9] })).rows).toEqual([{ n: 10 }]);
      expect((await one.query(overItems)).rows).toEqual(user);
    } finally {
      await one.end();
      await two.end();
    }
  });

  it('PREPARE foo on both connections: each its own', async () => {
    const one = await connection();
    const two = await connection();
    try {
      await one.query('prepare foo (int) as select $1 * 10 as n');
      await two.query("prepare foo (text) as select 'two:' || $1 as s");
      expect((await one.query('execute foo(4)')).rows).toEqual([{ n: 40 }]);
      expect((await two.query("execute foo('x')")).rows).toEqual([{ s: 'two:x' }]);
      expect(await failure(two, 'prepare foo as select 1')).toEqual({
        code: '42P05',
        message: 'prepared statement "foo" already exists',
      });
      expect((await one.query('select name from pg_prepared_statements where from_sql')).rows).toContainEqual(
        {
          name: 'foo',
        },
      );
      await two.query('deallocate foo');
      expect(await failure(two, "execute foo('x')")).toEqual({
        code: '26000',
        message: 'prepared statement "foo" does not exist',
      });
      expect((await one.query('execute foo(5)')).rows).toEqual([{ n: 50 }]);
    } finally {
      await one.end();
      await two.end();
    }
  });
});

describe('a connection’s temp tables are its own to end', () => {
  it('another connection’s DISCARD ALL leaves them; they are dropped when it closes, and the name is free again', async () => {
    const one = await connection();
    const two = await connection();
    try {
      await one.query('create temp table wire_t (a int); insert into wire_t values (1)');
      await two.query('discard all');
      expect((await one.query('select a from wire_t')).rows).toEqual([{ a: 1 }]);
      // On the embedded PGlite every connection shares one temp schema: the name is taken while 1 lives.
      expect((await failure(two, 'create temp table wire_t (b text)')).code).toBe('42P07');
      await one.end();
      // The server ends connection 1's session once it reads the Terminate: it drops wire_t then.
      const deadline = Date.now() + 10_000;
      let left = 1;
      while (left && Date.now() < deadline) {
        const r = await two.query("select count(*)::int as n from pg_class where relname = 'wire_t'");
        left = r.rows[0].n;
        if (left) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(left).toBe(0);
      await two.query('create temp table wire_t (b text)');
    } finally {
      await one.end().catch(() => undefined);
      await two.end();
    }
  });
});

describe('DISCARD ALL resets the connection that sends it', () => {
  it('closes its cursors, deallocates its statements, resets its settings (ParameterStatus told)', async () => {
    const one = await connection();
    const two = await connection();
    const reported: Record<string, string>[] = [];
    (two as unknown as { connection: NodeJS.EventEmitter }).connection.on(
      'parameterStatus',
      (m: { parameterName: string; parameterValue: string }) =>
        reported.push({ [m.parameterName]: m.parameterValue }),
    );
    try {
      await one.query("set datestyle = 'SQL, DMY'; prepare kept as select 1 as k");
      await one.query('declare one_cur cursor with hold for select generate_series(1, 3) as g');
      await two.query(
        `set datestyle = 'German'; prepare mine as select 2 as m;
         declare two_cur cursor with hold for select generate_series(1, 3) as g;
         declare two_items cursor with hold for select user_id from users`,
      );
      const named = { name: 'two_named', text: 'select $1::text as t', values: ['a'] };
      expect((await two.query(named)).rows).toEqual([{ t: 'a' }]);
      reported.length = 0;
      const discarded = await two.query('discard all');
      expect(discarded.command).toBe('DISCARD');
      expect(reported).toContainEqual({ DateStyle: 'ISO, MDY' });
      expect((await two.query('show datestyle')).rows).toEqual([{ DateStyle: 'ISO, MDY' }]);
      expect(await failure(two, 'execute mine')).toEqual({
        code: '26000',
        message: 'prepared statement "mine" does not exist',
      });
      expect((await failure(two, 'fetch 1 from two_cur')).code).toBe('34000');
      expect((await failure(two, 'fetch 1 from two_items')).code).toBe('34000');
      // Its protocol-level statement went too, as in Postgres (node-postgres Binds it without a Parse).
      expect(await failure(two, { ...named, values: ['b'] })).toEqual({
        code: '26000',
        message: 'prepared statement "two_named" does not exist',
      });
      expect((await two.query('select current_user, session_user')).rows).toEqual([
        { current_user: 'dynascope_user', session_user: 'dynascope_user' },
      ]);
      // Connection 1's are its own.
      expect((await one.query('show datestyle')).rows).toEqual([{ DateStyle: 'SQL, DMY' }]);
      expect((await one.query('execute kept')).rows).toEqual([{ k: 1 }]);
      expect((await one.query('fetch 2 from one_cur')).rows).toEqual([{ g: 1 }, { g: 2 }]);
      // Inside a transaction block Postgres refuses it.
      await two.query('begin');
      expect(await failure(two, 'discard all')).toEqual({
        code: '25001',
        message: 'DISCARD ALL cannot run inside a transaction block',
      });
      await two.query('rollback');
    } finally {
      await one.end();
      await two.end();
    }
  });
});

describe('start-up settings are what RESET goes back to, as in Postgres', () => {
  it('RESET ALL, RESET, SET … TO DEFAULT and DISCARD ALL keep the StartupMessage’s and -c options’ values', async () => {
    const client = new pg.Client({
      ...fx.connection,
      options: '-c TimeZone=Europe/Berlin -c search_path=app,public',
    });
    await client.connect();
    const show = async () =>
      (await client.query("select current_setting('TimeZone') tz, current_setting('search_path') path"))
        .rows[0];
    const started = { tz: 'Europe/Berlin', path: 'app, public' };
    try {
      expect(await show()).toEqual(started);
      for (const reset of ['reset all', 'discard all']) {
        await client.query("set timezone = 'UTC'; set search_path = public");
        expect(await show()).toEqual({ tz: 'UTC', path: 'public' });
        await client.query(reset);
        expect(await show(), reset).toEqual(started);
      }
      await client.query("set timezone = 'UTC'; reset timezone");
      expect((await show()).tz).toBe('Europe/Berlin');
      await client.query("set timezone = 'UTC'; set timezone to default");
      expect((await show()).tz).toBe('Europe/Berlin');
      // SET LOCAL … TO DEFAULT holds for the block only.
      await client.query("set timezone = 'UTC'; begin; set local timezone to default");
      expect((await show()).tz).toBe('Europe/Berlin');
      await client.query('commit');
      expect((await show()).tz).toBe('UTC');
    } finally {
      await client.end();
    }
    // A connection without them resets to the server's default.
    const plain = await connection();
    try {
      await plain.query("set timezone = 'Europe/Berlin'; reset all");
      expect((await plain.query('show timezone')).rows).toEqual([{ TimeZone: 'UTC' }]);
    } finally {
      await plain.end();
    }
  });
});
