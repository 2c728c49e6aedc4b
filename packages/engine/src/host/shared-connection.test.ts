import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteHost } from './pglite-host';
import { SharedConnection } from './shared-connection';
import { ENTER_USER_ROLE, USER_ROLE_SQL } from './user-role';
import { BOOTSTRAP_SQL } from '../catalog/bootstrap';

/** Sessions taking turns on one real PGlite connection (in memory). */
describe('SharedConnection (PGlite)', () => {
  let connection: SharedConnection;
  beforeAll(async () => {
    const host = await PGliteHost.open({});
    await host.exec(`${BOOTSTRAP_SQL};${USER_ROLE_SQL};${ENTER_USER_ROLE}`);
    connection = new SharedConnection(host, 300);
  }, 60_000);
  afterAll(() => connection?.close());

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
