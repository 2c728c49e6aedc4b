import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_SQL } from '../catalog/bootstrap';
import { loadParser } from '../parse/parse';
import { isHostError } from './host';
import { PgHost } from './pg-host';
import { ENTER_USER_ROLE, USER_ROLE, USER_ROLE_SQL } from './user-role';
import { createTestDatabase } from '../../test/support/pg-database';
import { typedColumns } from '../../test/support/typed-columns';

/** A process's start on `url`: the bootstrap, then the user role; answers the role it ends in. */
async function startOn(url: string): Promise<unknown> {
  const h = await PgHost.connect(url);
  try {
    await h.exec(`${BOOTSTRAP_SQL};${USER_ROLE_SQL};${ENTER_USER_ROLE}`);
    return (await h.query('select current_user')).rows[0]![0];
  } finally {
    await h.close();
  }
}

/** The PostgreSQL server host against Debian's PostgreSQL (the test cluster of `npm run test:pg`). */
describe('PgHost (a PostgreSQL server)', () => {
  let host: PgHost;
  let url: string;
  beforeAll(async () => {
    await loadParser();
    url = await createTestDatabase();
    host = await PgHost.connect(url);
    await host.exec(`${BOOTSTRAP_SQL};${USER_ROLE_SQL};${ENTER_USER_ROLE}`);
  }, 60_000);
  afterAll(() => host?.close());

  it('starts every connection with standard_conforming_strings on, whatever the URL asks', async () => {
    const off = new URL(url);
    off.searchParams.set('options', '-c standard_conforming_strings=off -c application_name=kept');
    const other = await PgHost.connect(off.toString());
    try {
      const r = await other.query(
        "select current_setting('standard_conforming_strings'), current_setting('application_name')",
      );
      expect(r.rows).toEqual([['on', 'kept']]);
      // RESET goes back to it too (the connection's default).
      await other.exec('set standard_conforming_strings = off; reset standard_conforming_strings');
      expect((await other.query('show standard_conforming_strings')).rows).toEqual([['on']]);
    } finally {
      await other.close();
    }
  });

  it('returns every value as Postgres text output, with types and counts', async () => {
    const r = await host.query(
      'select 9223372036854775807::int8 as i, 1.50::numeric as n, \'{"b":1, "a":2}\'::jsonb as j, null::text as z, $1::bytea as b, 1e-7::float8 as f, \'2024-01-02 03:04:05+00\'::timestamptz as t',
      [new Uint8Array([1, 255])],
    );
    expect(r.rows).toEqual([
      ['9223372036854775807', '1.50', '{"a": 2, "b": 1}', null, '\\x01ff', '1e-07', '2024-01-02 03:04:05+00'],
    ]);
    expect(r.fields.map((f) => f.name)).toEqual(['i', 'n', 'j', 'z', 'b', 'f', 't']);
    expect(r.fields[0]!.typeId).toBe(20);
    await host.exec('create temp table t (x int)');
    expect((await host.query('insert into t select generate_series(1, 3)')).affectedRows).toBe(3);
    expect((await host.query('select x from t')).affectedRows).toBe(0);
  });

  it('runs one statement through the extended protocol; errors keep SQLSTATE, position and severity', async () => {
    const errors = await Promise.all(
      ['select 1; select 2', 'select 1 from nowhere'].map((sql) => host.query(sql).catch((x: unknown) => x)),
    );
    expect(errors.every(isHostError)).toBe(true);
    expect(errors.map((e) => [(e as { code: string }).code, (e as { position?: string }).position])).toEqual([
      ['42601', undefined], // cannot insert multiple commands into a prepared statement
      ['42P01', '15'],
    ]);
    expect((errors[1] as Error).message).toBe('relation "nowhere" does not exist');
  });

  it('delivers notices to the statement that raised them, describes without running, tracks transactions', async () => {
    const notices: string[] = [];
    await host.query('select pg_catalog.pg_sleep(0), 1 where false', [], (m) => notices.push(m));
    await host.exec('create temp table log (v int)');
    await host.query(
      'create function pg_temp.noisy() returns int language sql as $$ insert into log values (1) returning v $$',
    );
    expect(notices).toEqual([]);
    // A notice the server raises (NOTICE: table "absent" does not exist, skipping).
    await host.query('drop table if exists absent', [], (m) => notices.push(m));
    expect(notices).toEqual(['table "absent" does not exist, skipping']);
    expect(await host.describe('select 1::int2 as a, now() as b, pg_temp.noisy() as c')).toEqual({
      fields: [
        { name: 'a', typeId: 21, typmod: -1, tableId: 0, columnId: 0 },
        { name: 'b', typeId: 1184, typmod: -1, tableId: 0, columnId: 0 },
        { name: 'c', typeId: 23, typmod: -1, tableId: 0, columnId: 0 },
      ],
      paramTypes: [],
    });
    expect((await host.query('select count(*) from log')).rows).toEqual([['0']]);
    // A parameter takes the type of the column it goes into.
    expect(await host.describe('insert into log values ($1)')).toEqual({ fields: [], paramTypes: [23] });
    // A table's column: its table's oid and attnum and its typmod, described and answered alike.
    const typed = await typedColumns(host, 'create temp table typed_cols (id int, p numeric(10,2))');
    expect(typed.described).toEqual(typed.expected);
    expect(typed.answered).toEqual(typed.expected);
    const e = await host.describe('select nosuch from log').catch((x: unknown) => x);
    expect((e as { code: string }).code).toBe('42703');
    expect(Number((e as { position: string }).position)).toBe(8);
    expect(host.inTransaction()).toBe(false);
    await host.transaction(async () => {
      expect(host.inTransaction()).toBe(true);
      await host.query('insert into log values (1)');
      await host
        .transaction(async () => {
          await host.query('insert into log values (2)');
          throw new Error('undo the inner one');
        })
        .catch(() => undefined);
      expect(host.inTransaction()).toBe(true);
    });
    expect(host.inTransaction()).toBe(false);
    expect((await host.query('select v from log')).rows).toEqual([['1']]);
    await expect(host.transaction(async () => Promise.reject(new Error('undo')))).rejects.toThrow('undo');
    expect(host.inTransaction()).toBe(false);
  });

  it('knows a failed transaction block at once, and its end', async () => {
    await host.exec('begin');
    await expect(host.query('select 1/0')).rejects.toMatchObject({ code: '22012' });
    expect(host.inTransaction()).toBe(true);
    await expect(host.query('select 1')).rejects.toMatchObject({ code: '25P02' });
    await host.exec('rollback');
    expect(host.inTransaction()).toBe(false);
    await host.exec('create temp table deferred (v int unique deferrable initially deferred)');
    await host.exec('begin');
    await host.query('insert into deferred values (1), (1)');
    await expect(host.exec('commit')).rejects.toMatchObject({ code: '23505' });
    expect(host.inTransaction()).toBe(false);
  });

  it('runs user SQL as the user role and the engine work as the owner, then back', async () => {
    const who = async () => (await host.query('select current_user, session_user')).rows[0];
    expect(await who()).toEqual([USER_ROLE, USER_ROLE]);
    await host.exec('set search_path = public');
    const inside = await host.asOwner(async () => [
      ...(await who())!,
      (await host.query('select count(*) from dynascope.secret_values')).rows[0]![0],
      (await host.query("select pg_catalog.current_setting('search_path')")).rows[0]![0],
    ]);
    expect(inside).toEqual(['postgres', 'postgres', '0', 'pg_catalog, pg_temp']);
    expect(await who()).toEqual([USER_ROLE, USER_ROLE]);
    expect((await host.query('show search_path')).rows).toEqual([['public']]);
    await expect(host.query('select * from dynascope.secret_values')).rejects.toMatchObject({
      code: '42501',
    });
    await expect(host.query("select pg_read_file('postgresql.conf')")).rejects.toMatchObject({
      code: '42501',
    });
    await expect(host.query("select set_config('role', 'postgres', false)")).rejects.toMatchObject({
      code: '42501',
    });
    await expect(host.exec('set role postgres')).rejects.toMatchObject({ code: '42501' });
    await expect(host.exec('reset role')).resolves.toBeUndefined();
    expect(await who()).toEqual([USER_ROLE, USER_ROLE]);
  });

  it("copies through the connection what PGlite copies through '/dev/blob', as the user role", async () => {
    await host.exec('create temp table staged (id text, n numeric, who text default current_user)');
    const into = await host.copyBlob(
      "copy staged (id, n) from '/dev/blob' (format csv, null '/dev/blob')",
      new TextEncoder().encode('a,1.50\nb,/dev/blob\n"c,d",3\n'),
    );
    expect(into.affectedRows).toBe(3);
    const out = await host.copyBlob(
      "copy (select id, n from staged order by id) to '/dev/blob' (format csv, header)",
    );
    expect(new TextDecoder().decode(out.output)).toBe('id,n\na,1.50\nb,\n"c,d",3\n');
    expect(out.affectedRows).toBe(3);
    const bad = await host
      .copyBlob("copy staged (id, n) from '/dev/blob' (format csv)", new TextEncoder().encode('x,y\n'))
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: '22P02' });
    expect((await host.query('select current_user')).rows).toEqual([[USER_ROLE]]);
    expect((await host.query('select count(*) from staged')).rows).toEqual([['3']]);
    // A default (user code) inside the COPY runs as the user role, not as the owner.
    expect((await host.query('select distinct who from staged')).rows).toEqual([[USER_ROLE]]);
  });

  it('hands out a connection per session: its own temp tables, settings and transaction', async () => {
    const other = await host.openSession();
    try {
      expect((await other.query('select current_user')).rows).toEqual([[USER_ROLE]]);
      await other.exec("create temp table mine (v int); set datestyle = 'SQL, DMY'");
      await expect(host.query('select * from mine')).rejects.toMatchObject({ code: '42P01' });
      expect((await host.query('show datestyle')).rows).toEqual([['ISO, MDY']]);
      await other.exec('begin');
      expect(other.inTransaction()).toBe(true);
      expect(host.inTransaction()).toBe(false);
      // Both connections work at once: the server runs them in parallel.
      const [a, b] = await Promise.all([
        other.query('select pg_catalog.pg_sleep(0.2), 1'),
        host.query('select 2'),
      ]);
      expect([a.rows[0]![1], b.rows[0]![0]]).toEqual(['1', '2']);
      await other.exec('rollback');
    } finally {
      await other.close();
    }
    await expect(other.query('select 1')).rejects.toThrow(/closed/);
  });

  it('bootstraps idempotently, also when two processes start on one database at once', async () => {
    const fresh = await createTestDatabase('template0');
    const starts = await Promise.all([0, 1, 2].map(() => startOn(fresh)));
    expect(starts).toEqual([USER_ROLE, USER_ROLE, USER_ROLE]);
  });

  it('bootstraps on several databases at once while role-wide settings of caller_identities are there to strip', async () => {
    // A role's default for every database (setdatabase 0) is the cluster's: each database's bootstrap
    // strips it, and those running at once must take turns on the shared catalog rather than fail
    // with 'tuple concurrently deleted' (server-identity-call.ts).
    const probe = 'dynascope_strip_probe';
    await host.asOwner(() =>
      host.exec(`do $$ begin
        if not exists (select from pg_roles where rolname = '${probe}') then create role ${probe} nologin; end if;
      end $$`),
    );
    const entries = async () =>
      (
        await host.asOwner(() =>
          host.query(
            `select count(*)::int from pg_db_role_setting s, unnest(s.setconfig) c
              where s.setrole = '${probe}'::regrole and s.setdatabase = 0
                and lower(split_part(c, '=', 1)) = 'dynascope.caller_identities'`,
          ),
        )
      ).rows[0]![0];
    try {
      for (let round = 0; round < 6; round++) {
        const databases = await Promise.all([0, 1, 2].map(() => createTestDatabase('template0')));
        await host.asOwner(() =>
          host.exec(
            `alter role ${probe} set dynascope.caller_identities = '[]';` +
              // A second entry in the same row: one bootstrap updates the row, another deletes it.
              (round % 2 ? `alter role ${probe} set work_mem = '2MB'` : `alter role ${probe} reset work_mem`),
          ),
        );
        expect(await entries()).toBe('1');
        const starts = await Promise.allSettled(databases.map(startOn));
        expect(starts.map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason)))).toEqual([
          USER_ROLE,
          USER_ROLE,
          USER_ROLE,
        ]);
        expect(await entries()).toBe('0');
      }
      // The role's other default stays.
      expect(
        (
          await host.asOwner(() =>
            host.query(
              `select s.setconfig::text from pg_db_role_setting s where s.setrole = '${probe}'::regrole and s.setdatabase = 0`,
            ),
          )
        ).rows,
      ).toEqual([['{work_mem=2MB}']]);
    } finally {
      await host.asOwner(() => host.exec(`alter role ${probe} reset all; drop role ${probe}`));
    }
  }, 120_000);

  it('refuses a URL that is not a superuser, and a database whose collation is not C', async () => {
    await host.asOwner(() =>
      host.exec(
        'drop role if exists dynascope_plain; create role dynascope_plain login; grant connect on database ' +
          `${url.split('/').at(-1)} to dynascope_plain`,
      ),
    );
    const plain = url.replace('//postgres@', '//dynascope_plain@');
    await expect(PgHost.connect(plain)).rejects.toMatchObject({
      sqlstate: '42501',
      message: 'DYNASCOPE_DATABASE_URL must log in as a superuser (dynascope_plain is not)',
    });
    const icu = await createTestDatabase("template0 locale 'C' locale_provider icu icu_locale 'en-US'");
    await expect(PgHost.connect(icu)).rejects.toMatchObject({
      sqlstate: '22023',
      message: 'the database of DYNASCOPE_DATABASE_URL must use the C collation and UTF8 (it has i:C, UTF8)',
    });
  });

  it("tells of catalog changes: a session's own as it commits, any connection's to the engine's watch, again after a lost watch", async () => {
    let watched = 0;
    await host.watchCatalog(() => watched++);
    let own = 0;
    const session = await host.openSession(undefined, () => own++);
    try {
      await session.exec('create temp table not_notified (a int)');
      await session.exec('begin; create table notified (a int)');
      expect(own).toBe(0);
      await session.exec('commit');
      expect(own).toBe(1);
      // The watch hears of it a moment later, once (the temporary table before it told nothing).
      await expect.poll(() => watched, { timeout: 5_000 }).toBe(1);
      await session.exec('begin; alter table notified add column b int; rollback');
      // Its connection ended by the server: told at once (changes may go untold), then it listens again.
      await host.asOwner(() =>
        host.query(
          `select pg_catalog.pg_terminate_backend(pid) from pg_catalog.pg_stat_activity where query like 'listen "dynascope\\_catalog\\_%' and pid <> pg_catalog.pg_backend_pid()`,
        ),
      );
      await expect.poll(() => watched, { timeout: 5_000 }).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await session.exec('drop table notified');
      expect(own).toBe(2);
      await expect.poll(() => watched, { timeout: 5_000 }).toBe(3);
    } finally {
      await session.close();
    }
  });
});
