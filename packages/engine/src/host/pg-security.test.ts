import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { ok, rows } from '../../test/support/harness';
import { createTestDatabase } from '../../test/support/pg-database';

/**
 * User SQL on a PostgreSQL server host: besides what PGlite refuses (apps/api/test/security.test.ts),
 * a server has other databases, other connections and server-wide settings; user SQL, as
 * dynascope_user, reaches none of them.
 */
describe('user SQL on a PostgreSQL server host', () => {
  let engine: Engine;
  let database: string;
  beforeAll(async () => {
    const url = await createTestDatabase();
    database = url.split('/').at(-1)!;
    engine = await Engine.open({ databaseUrl: url, vaultKey: 'security' });
    await ok(engine, "select vault.create_secret('top-secret', 'k', '')");
  });
  afterAll(() => engine?.close());

  it('is refused what the server has beyond its database, and stays the user role', async () => {
    const otherPid = (await rows(engine, 'select pg_backend_pid()'))[0]![0];
    // Another session's connection: its own backend, authenticated as the host's superuser.
    await engine.execute('select 1', { session: 'other' });
    const pids = await rows(
      engine,
      'select pid from pg_stat_activity where pid <> pg_backend_pid() and datname = current_database()',
    );
    expect(pids.length).toBeGreaterThan(0);
    const hostile = [
      `select pg_terminate_backend(${String(pids[0]![0])})`,
      `select pg_cancel_backend(${String(otherPid)})`,
      'create database evil',
      `drop database ${database}`,
      `alter database ${database} set search_path = evil`,
      'grant pg_read_server_files to dynascope_user',
      'grant postgres to dynascope_user',
      'alter role postgres password null',
      'select pg_reload_conf()',
      "select pg_read_file('postgresql.conf')",
      "copy (select 1) to program 'id'",
      "select lo_import('/etc/passwd')",
      'set role postgres',
      'set session authorization postgres',
      // In a body the host would run DISCARD ALL: SET SESSION AUTHORIZATION DEFAULT among its parts, back to the login.
      'create function evil() returns void language sql as $$ discard all $$',
      'create table dynascope.evil (v int)',
    ];
    for (const statement of hostile) {
      const r = await engine.execute(statement);
      expect(r.error?.sqlstate, `${statement}: ${r.error?.message}`).toBe('42501');
      expect(await rows(engine, 'select current_user, session_user'), statement).toEqual([
        ['dynascope_user', 'dynascope_user'],
      ]);
    }
    // DISCARD ALL sent on its own is the engine's (run/discard-all.ts): it runs, and the user role stays.
    const discarded = await engine.execute('discard all');
    expect(discarded.error).toBeUndefined();
    expect(discarded.statements[0]!.command).toBe('DISCARD ALL');
    expect(await rows(engine, 'select current_user, session_user')).toEqual([
      ['dynascope_user', 'dynascope_user'],
    ]);
    // The other backends' statements are hidden, the vault's values too.
    const seen = await rows(
      engine,
      "select distinct query from pg_stat_activity where usename = 'postgres' and pid <> pg_backend_pid()",
    );
    expect(seen).toEqual([['<insufficient privilege>']]);
    expect((await engine.execute('select * from dynascope.secret_values')).error?.sqlstate).toBe('42501');
  });
});
