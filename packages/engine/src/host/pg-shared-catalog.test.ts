import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import {
  clientOf,
  createDocServer,
  createTable,
  ok,
  putItems,
  rows,
  uniqueName,
} from '../../test/support/harness';
import { createTestDatabase } from '../../test/support/pg-database';

/**
 * Two engines on one PostgreSQL database, as two API processes with DYNASCOPE_DATABASE_URL: they
 * start at once on a database nobody bootstrapped, share one catalog and vault (with one vault
 * key), and their sessions hold transaction blocks at the same time.
 */
describe('engines sharing a PostgreSQL host', () => {
  const engines: Engine[] = [];
  afterAll(() => Promise.all(engines.map((e) => e.close())));

  it('start together, share the catalog and the vault, and never wait for each other', async () => {
    const url = await createTestDatabase('template0');
    engines.push(
      ...(await Promise.all([0, 1].map(() => Engine.open({ databaseUrl: url, vaultKey: 'shared-key' })))),
    );
    const [a, b] = engines as [Engine, Engine];
    const table = uniqueName('shared');
    const client = clientOf('dynalite');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [{ id: { S: 'k1' }, v: { S: 'one' } }]);

    // What one process creates (server, secrets, foreign table) the other reads with it.
    await createDocServer(a, 'dynalite');
    await ok(
      a,
      `create foreign table public.shared (id text not null, v text) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
    expect(await rows(b, 'select id, v from public.shared')).toEqual([['k1', 'one']]);
    expect(await rows(b, 'select name from vault.secrets order by name')).toEqual([
      ['dynamodb_server_key'],
      ['dynamodb_server_secret'],
    ]);

    // Sessions have connections of their own: an open block in one keeps no other session waiting.
    await ok(a, 'create table public.local_notes (n int)');
    expect(
      (await a.execute('begin; insert into local_notes values (1)', { session: 's1' })).error,
    ).toBeUndefined();
    expect(a.inTransaction('s1')).toBe(true);
    expect(await rows(a, 'select count(*) from local_notes')).toEqual([['0']]);
    const other = await a.execute('begin; insert into local_notes values (2); commit', { session: 's2' });
    expect(other.error).toBeUndefined();
    expect(await rows(b, 'select n from local_notes')).toEqual([[2]]);
    await ok(a, 'select 1'); // the default session too
    expect((await a.execute('commit', { session: 's1' })).error).toBeUndefined();
    expect(await rows(b, 'select n from local_notes order by n')).toEqual([[1], [2]]);

    // A change one process commits, the other's cached lookups follow (host/catalog-notify.ts): it
    // read `shared` from the first table; once told, from the second.
    const second = uniqueName('shared_second');
    await createTable(client, second, { name: 'id', type: 'S' });
    await putItems(client, second, [{ id: { S: 'k1' }, v: { S: 'two' } }]);
    expect(await rows(b, "select v from public.shared where id = 'k1'")).toEqual([['one']]);
    await ok(a, `alter foreign table public.shared options (set table '${second}')`);
    await expect
      .poll(() => rows(b, "select v from public.shared where id = 'k1'"), { timeout: 5_000 })
      .toEqual([['two']]);

    // Temp tables are a session's own, as in Postgres.
    await a.execute('create temp table mine (v int)', { session: 's1' });
    expect((await a.execute('select * from mine', { session: 's2' })).error?.sqlstate).toBe('42P01');
  });

  it("hears another process's catalog changes, never a notification user SQL sends on a name it can guess", async () => {
    const url = await createTestDatabase();
    const [a, b] = await Promise.all(
      [0, 1].map(() => Engine.open({ databaseUrl: url, vaultKey: 'shared-key' })),
    );
    engines.push(a!, b!);
    const client = clientOf('dynalite');
    const [zero, first, silent, real] = ['zero', 'first', 'silent', 'real'].map((n) =>
      uniqueName(`heard_${n}`),
    );
    for (const [table, v] of [
      [zero!, 'none'],
      [first!, 'one'],
      [silent!, 'two'],
      [real!, 'three'],
    ] as const) {
      await createTable(client, table, { name: 'id', type: 'S' });
      await putItems(client, table, [{ id: { S: 'k1' }, v: { S: v } }]);
    }
    await createDocServer(b!, 'dynalite');
    await ok(
      b!,
      `create foreign table public.heard (id text not null, v text) server dynamodb_server options (table '${zero}', rowid_column 'id')`,
    );
    const read = () => rows(a!, "select v from public.heard where id = 'k1'");
    await expect.poll(read, { timeout: 5_000 }).toEqual([['none']]);
    // `a` has heard b's last change (notifications come in commit order), and nothing is left to come.
    await ok(b!, `alter foreign table public.heard options (set table '${first}')`);
    await expect.poll(read, { timeout: 5_000 }).toEqual([['one']]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await read()).toEqual([['one']]);

    // The host's superuser changes the table untold (event triggers do not fire for a replica's
    // session): what `a` reads shows whether it looked its catalog up again.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(
        `set session_replication_role = replica; alter foreign table public.heard options (set table '${silent}')`,
      );
      expect(await read()).toEqual([['one']]);
      await admin.query('listen dynascope_catalog');
      let heard = 0;
      admin.on('notification', () => heard++);
      // The old channel and guessable names, named at run time (a literal one is refused).
      await ok(
        b!,
        `select pg_notify('dynascope_' || 'catalog', pg_current_xact_id()::text);
         select pg_notify('dynascope_' || 'catalog_changed', 'x'), pg_notify('dynascope_' || 'catalog_' || current_database(), 'x')`,
      );
      await expect.poll(() => heard, { timeout: 5_000 }).toBe(1);
      for (let i = 0; i < 10; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await read()).toEqual([['one']]);
      }
      // A real change in `b` reaches `a` (the untold one with it).
      await ok(b!, `alter foreign table public.heard options (set table '${real}')`);
      await expect.poll(read, { timeout: 5_000 }).toEqual([['three']]);
      await expect.poll(() => heard, { timeout: 5_000 }).toBe(2);
    } finally {
      await admin.end();
    }
  });
});
