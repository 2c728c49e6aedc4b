import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteHost } from './pglite-host';
import { SharedConnection } from './shared-connection';
import { ENTER_USER_ROLE, USER_ROLE_SQL } from './user-role';
import { BOOTSTRAP_SQL } from '../catalog/bootstrap';

/** Sessions taking turns on one real PGlite connection (in memory). */
describe('SharedConnection (PGlite)', () => {
  let connection: SharedConnection;
  /** What the connection ran, while `recording`. */
  const ran: string[] = [];
  let recording = false;
  beforeAll(async () => {
    const host = await PGliteHost.open({});
    await host.exec(`${BOOTSTRAP_SQL};${USER_ROLE_SQL};${ENTER_USER_ROLE}`);
    const record = (sql: string) => {
      if (recording) ran.push(sql.replace(/\s+/g, ' '));
    };
    const recorded = Object.assign(Object.create(host) as PGliteHost, {
      query: (sql: string, params?: readonly unknown[]) => (record(sql), host.query(sql, params)),
      exec: (sql: string) => (record(sql), host.exec(sql)),
    });
    connection = new SharedConnection(recorded, 300);
  }, 60_000);
  afterAll(() => connection?.close());

  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const show = async (host: { query(sql: string): Promise<{ rows: (string | null)[][] }> }) =>
    (await host.query('show datestyle')).rows[0]![0];

  it('each session’s settings are in place for its calls, however they interleave', async () => {
    const a = await connection.forSession(new Set());
    const b = await connection.forSession(new Set(['myapp.x']));
    await a.exec("set datestyle = 'German'");
    await b.exec("set datestyle = 'SQL, DMY'; set myapp.x = 'b'");
    const seen = await Promise.all([show(a), show(b), show(a), show(b)]);
    expect(seen).toEqual(['German, DMY', 'SQL, DMY', 'German, DMY', 'SQL, DMY']);
    expect((await a.query("select coalesce(current_setting('myapp.x', true), '')")).rows).toEqual([['']]);
    expect((await b.query("select current_setting('myapp.x')")).rows).toEqual([['b']]);
    // The engine's own host runs with whatever is in place; it changes no session's settings.
    await connection.main().query('select 1');
    expect(await show(a)).toBe('German, DMY');
    await a.close();
    await b.close();
  });

  it('sessions with the same settings take turns without saving and putting them back', async () => {
    const a = await connection.forSession(new Set(['myapp.x']));
    const b = await connection.forSession(new Set(['myapp.x']));
    for (const host of [a, b]) await host.exec("set application_name = 'pool'; set datestyle = 'German'");
    // The first turns save each session's settings once.
    for (const host of [a, b, a, b]) await host.query('select 1');
    recording = true;
    ran.length = 0;
    const seen = await Promise.all([show(a), show(b), show(a), show(b)]);
    recording = false;
    expect(seen).toEqual(['German, DMY', 'German, DMY', 'German, DMY', 'German, DMY']);
    // Each turn of the other session prints the settings (one query), and that is all.
    expect(ran.filter((sql) => !sql.startsWith('show '))).toHaveLength(4);
    expect(ran.some((sql) => /pg_settings|reset all|set_config/.test(sql))).toBe(false);
    // A change is seen at the next turn of the other session: each keeps its own again.
    await a.exec("set datestyle = 'SQL, DMY'; set myapp.x = 'a'");
    expect(await Promise.all([show(a), show(b), show(a), show(b)])).toEqual([
      'SQL, DMY',
      'German, DMY',
      'SQL, DMY',
      'German, DMY',
    ]);
    expect((await b.query("select coalesce(current_setting('myapp.x', true), '')")).rows).toEqual([['']]);
    expect((await a.query("select current_setting('myapp.x')")).rows).toEqual([['a']]);
    // And a change back to the same settings as b's (a RESET, a SET of a custom setting to empty).
    await a.exec("reset datestyle; set datestyle = 'German'; set myapp.x = ''");
    expect(await Promise.all([show(a), show(b), show(a)])).toEqual([
      'German, DMY',
      'German, DMY',
      'German, DMY',
    ]);
    await a.close();
    await b.close();
  });

  it("a session's own functions cannot make its settings pass for another's", async () => {
    const a = await connection.forSession(new Set());
    const b = await connection.forSession(new Set());
    for (const host of [a, b, a, b]) await host.query('select 1');
    const bPath = (await b.query('show search_path')).rows;
    // a's current_setting answers what b's settings are; a's search_path finds it before pg_catalog's.
    const bSettings = (
      await b.query(
        "select name, current_setting(name) from pg_settings where context in ('user', 'superuser')",
      )
    ).rows;
    await a.exec(
      `create function public.current_setting(n text, missing_ok boolean) returns text language sql as $$
         select setting from (values ${bSettings.map(([n, v]) => `(${literal(n!)}, ${literal(v ?? '')})`).join(', ')}) s(name, setting)
         where name = n $$`,
    );
    await a.exec("set datestyle = 'Postgres'; set search_path = public, pg_catalog");
    try {
      expect(await Promise.all([show(a), show(b), show(a), show(b)])).toEqual([
        'Postgres, MDY',
        'ISO, MDY',
        'Postgres, MDY',
        'ISO, MDY',
      ]);
      expect((await b.query('show search_path')).rows).toEqual(bPath);
    } finally {
      await a.exec('reset search_path; drop function public.current_setting(text, boolean)');
      await a.close();
      await b.close();
    }
  });

  it('a transaction span is one turn; inTransaction() is its own session’s only', async () => {
    const a = await connection.forSession(new Set());
    const b = await connection.forSession(new Set());
    const order: string[] = [];
    let inside = false;
    const span = a.transaction(async () => {
      inside = a.inTransaction();
      order.push('a begins');
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(b.inTransaction()).toBe(false);
      order.push('a ends');
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await b.query('select 1').then(() => order.push('b'));
    await span;
    expect(inside).toBe(true);
    expect(order).toEqual(['a begins', 'a ends', 'b']);
    await a.close();
    await b.close();
  });

  it('a span waiting for work that needs the connection is not stuck: that work fails with 55P03', async () => {
    const a = await connection.forSession(new Set());
    const b = await connection.forSession(new Set());
    // b's call starts outside a's span (a timer set before it) and a's span waits for it.
    const fromB = new Promise<unknown>((resolve) =>
      setTimeout(() => resolve(b.query('select 1').catch((e: { sqlstate?: string }) => e.sqlstate)), 5),
    );
    const span = await a.transaction(async () => {
      await a.query('select 1');
      return fromB;
    });
    expect(span).toBe('55P03');
    // Then the connection serves both again.
    expect((await b.query('select 2')).rows).toEqual([['2']]);
    await a.close();
    await b.close();
  });

  it('a session that ends with its block open has it rolled back', async () => {
    const a = await connection.forSession(new Set());
    await a.exec('create temp table ended (x int)');
    await a.exec('begin; insert into ended values (1)');
    expect(a.inTransaction()).toBe(true);
    await a.close();
    const b = await connection.forSession(new Set());
    expect((await b.query('select count(*) from ended')).rows).toEqual([['0']]);
    await b.close();
  });
});
