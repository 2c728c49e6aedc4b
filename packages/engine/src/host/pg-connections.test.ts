import { describe, expect, it } from 'vitest';
import { PgConnections } from './pg-connections';
import { PgHost } from './pg-host';
import { ENTER_USER_ROLE, USER_ROLE } from './user-role';
import { createTestDatabase } from '../../test/support/pg-database';

/** Sessions on a PostgreSQL server: a connection each, nothing shared, all ended by close(). */
describe('PgConnections', () => {
  it('gives each session its own connection in the user role, and closes them all', async () => {
    const url = await createTestDatabase();
    const main = await PgHost.connect(url);
    await main.exec(ENTER_USER_ROLE);
    const connections = new PgConnections(main);
    expect(connections.exclusiveBlocks).toBe(false);
    expect(connections.main()).toBe(main);
    const [a, b] = await Promise.all([connections.forSession(), connections.forSession()]);
    const pid = async (h: typeof a) => (await h.query('select pg_backend_pid(), current_user')).rows[0];
    const [pa, pb, pm] = await Promise.all([pid(a), pid(b), pid(main)]);
    expect(new Set([pa![0], pb![0], pm![0]]).size).toBe(3);
    expect([pa![1], pb![1], pm![1]]).toEqual([USER_ROLE, USER_ROLE, USER_ROLE]);
    // A session's connection ended by the server (an admin, a restart) fails that session's calls
    // with the server's error; the process and the other connections go on.
    const victim = await connections.forSession();
    const victimPid = (await victim.query('select pg_backend_pid()')).rows[0]![0];
    await main.asOwner(() => main.query('select pg_terminate_backend($1::int)', [victimPid]));
    await expect(victim.query('select 1')).rejects.toThrow();
    await expect(victim.query('select 1')).rejects.toThrow();
    expect((await main.query('select 1')).rows).toEqual([['1']]);
    await a.exec('begin; create temp table held (v int)');
    // The engine's own host connects again, in the user role, once the server ended its connection.
    main.reconnecting();
    const [mainPid] = (await main.query('select pg_backend_pid()')).rows[0]!;
    const admin = await PgHost.connect(url);
    await admin.query('select pg_terminate_backend($1::int)', [mainPid]);
    await admin.close();
    const after = await main
      .query('select pg_backend_pid(), current_user')
      .catch(() => main.query('select pg_backend_pid(), current_user'));
    expect(after.rows[0]![0]).not.toBe(mainPid);
    expect(after.rows[0]![1]).toBe(USER_ROLE);
    expect([a.inTransaction(), b.inTransaction(), main.inTransaction()]).toEqual([true, false, false]);
    await a.close();
    await expect(a.query('select 1')).rejects.toThrow(/closed/);
    // Ending the connection rolled its block back; b still works until the whole set closes.
    expect((await b.query('select 1')).rows).toEqual([['1']]);
    await connections.close();
    await expect(b.query('select 1')).rejects.toThrow(/closed/);
    await expect(main.query('select 1')).rejects.toThrow(/closed/);
  });
});
