import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { testPostgresUrl } from '../support/pg-database';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  fails,
  ok,
  openTestEngine,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * Issues 10/12/16: the engine's COPY never runs the user's code as the host's superuser. COPY FROM
 * STDIN is staged through the host's own COPY; a default, a domain's CHECK or a trigger the user
 * wrote runs inside it, with the user's rights (on PGlite as dynascope_copy: the user role plus the
 * server-file COPY its '/dev/blob' needs; on a server as dynascope_user itself). A COPY naming a file
 * or a program is refused wherever user SQL can write one.
 */
const onPostgres = testPostgresUrl() !== undefined;
/** Each host's own words for dynascope_user's ALTER ROLE ... SUPERUSER (PostgreSQL 15, PGlite 18). */
const ALTER_ROLE_DENIED = onPostgres
  ? 'must be superuser to alter superuser roles or change superuser attribute'
  : 'permission denied to alter role';
/** Who user code runs as inside the engine's COPY. */
const COPY_USER = onPostgres ? 'dynascope_user' : 'dynascope_copy';

const SETUP = `
  create function public.esc() returns text language sql as $$ alter role dynascope_user superuser; select 'x' $$;
  create table public.seen (session_name text, current_name text, superuser boolean);
  create function public.who() returns text language plpgsql as $$
    begin
      insert into public.seen
        select session_user, current_user, r.rolsuper from pg_catalog.pg_roles r where r.rolname = current_user;
      return current_user;
    end $$;
  create function public.back() returns text language plpgsql as $$
    begin
      reset role;
      return public.who();
    end $$;
  create function public.take() returns text language plpgsql as $$
    begin
      set role pg_read_server_files;
      return current_user;
    end $$;
  create domain public.take_d as text check (public.take() is not null);
  create table public.local_s (v public.take_d);
  create function public.trg() returns trigger language plpgsql as $$
    begin
      alter role dynascope_user superuser;
      return new;
    end $$;
  create domain public.evil_d as text check (public.esc() = 'x');
  create table public.local_u (v text, who text default public.esc());
  create table public.local_w (v text, who text default public.who());
  create domain public.who_d as text check (public.who() is not null);
  create table public.local_v (v public.who_d);
  create domain public.back_d as text check (public.back() is not null);
  create table public.local_r (v public.back_d);
  create table public.local_n (id serial, v text);
  create table public.local_d (v public.evil_d);
  create table public.local_t (v text);
  create trigger local_t_esc before insert on public.local_t for each row execute function public.trg();
`;

describe('COPY runs no user code as the superuser', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openTestEngine();
    await ok(engine, SETUP);
  });
  afterAll(() => engine?.close());

  const copyIn = (sql: string, data: string) => engine.copyFrom(sql, Buffer.from(data));
  const superuser = async () =>
    rows(engine, "select rolsuper from pg_roles where rolname = 'dynascope_user'");
  const stillUser = async () => {
    expect(await superuser()).toEqual([[false]]);
    expect(await rows(engine, 'select session_user, current_user')).toEqual([
      ['dynascope_user', 'dynascope_user'],
    ]);
  };

  it('a default that alters the role fails the COPY with 42501 and writes nothing', async () => {
    await expect(copyIn('copy public.local_u (v) from stdin', 'a\n')).rejects.toMatchObject({
      sqlstate: '42501',
      message: ALTER_ROLE_DENIED,
    });
    await stillUser();
    expect(await rows(engine, 'select count(*) from public.local_u')).toEqual([['0']]);
    expect((await fails(engine, "select pg_read_file('PG_VERSION')")).sqlstate).toBe('42501');
  });

  it("a default runs once, as the user; a domain's CHECK in the staging COPY sees no superuser", async () => {
    // A default of a column the COPY does not list is evaluated by the write into the table only.
    const done = await copyIn('copy public.local_w (v) from stdin', 'a\nb\n');
    expect(done.rowCount).toBe(2);
    expect(await rows(engine, 'select v, who from public.local_w order by v')).toEqual([
      ['a', 'dynascope_user'],
      ['b', 'dynascope_user'],
    ]);
    expect(await rows(engine, 'select count(*) from public.seen')).toEqual([['2']]);
    // A listed column's domain CHECK runs in the staging COPY: as COPY_USER; RESET ROLE keeps it.
    await copyIn('copy public.local_v from stdin', 'c\n');
    await copyIn('copy public.local_r from stdin', 'd\n');
    const seen = [...new Set([COPY_USER, 'dynascope_user'])].sort().map((r) => [r, r, false]);
    expect(
      await rows(engine, 'select distinct session_name, current_name, superuser from public.seen order by 1'),
    ).toEqual(seen);
    await stillUser();
  });

  it("a serial column the COPY does not list takes its sequence's values once, as Postgres's COPY", async () => {
    await copyIn('copy public.local_n (v) from stdin', 'a\nb\n');
    expect(await rows(engine, 'select id, v from public.local_n order by id')).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('a role a CHECK SETs inside the COPY does not outlive it', async () => {
    // On PGlite the copy role may SET ROLE to its file roles (the COPY succeeds); the role is reset
    // when the COPY ends. On a server the CHECK runs as dynascope_user, who may not.
    const copied = copyIn('copy public.local_s from stdin', 'a\n');
    if (onPostgres)
      await expect(copied).rejects.toMatchObject({
        sqlstate: '42501',
        message: 'permission denied to set role "pg_read_server_files"',
      });
    else expect((await copied).rowCount).toBe(1);
    await stillUser();
    expect(await rows(engine, "select current_setting('role')")).toEqual([['none']]);
  });

  it('a default cannot reach a file COPY through SQL text a built-in runs', async () => {
    // The engine checks the SQL text query_to_xml runs as a body's (host/sql-text-calls.ts): the COPY
    // naming a file is refused when the function is made. (In the host, query_to_xml runs its query
    // read-only, where Postgres refuses every COPY.)
    const e = await fails(
      engine,
      `create function public.sneak() returns text language sql as $$
         select query_to_xml('copy (select 1) to ''/tmp/dynascope-copysec''', true, false, '')::text
       $$`,
    );
    expect(e).toMatchObject({
      sqlstate: '42501',
      message: 'must be superuser or have privileges of the pg_write_server_files role to COPY to a file',
    });
    await stillUser();
  });

  it('a COPY that fails inside a transaction block leaves the user role once the block ends', async () => {
    const session = 'copysec-block';
    const inSession = async (sql: string) => engine.execute(sql, { session });
    expect((await inSession('begin')).error).toBeUndefined();
    await expect(
      engine.copyFrom('copy public.local_d from stdin', Buffer.from('x\n'), { session }),
    ).rejects.toMatchObject({ sqlstate: '42501' });
    // The block is aborted: nothing runs in it (as whichever role) until it ends.
    expect((await inSession('select current_user')).error?.sqlstate).toBe('25P02');
    expect((await inSession('rollback')).error).toBeUndefined();
    const who = await inSession('select session_user, current_user');
    expect(who.error).toBeUndefined();
    expect(JSON.parse(JSON.stringify(who.statements.at(-1)!.rows))).toEqual([
      ['dynascope_user', 'dynascope_user'],
    ]);
    await stillUser();
  });

  it("a domain's CHECK calling a user function runs without the superuser's rights", async () => {
    await expect(copyIn('copy public.local_d from stdin', 'x\n')).rejects.toMatchObject({
      sqlstate: '42501',
    });
    await stillUser();
    expect(await rows(engine, 'select count(*) from public.local_d')).toEqual([['0']]);
  });

  it('a trigger on the table COPY FROM writes runs as the user', async () => {
    await expect(copyIn('copy public.local_t from stdin', 'x\n')).rejects.toMatchObject({
      sqlstate: '42501',
    });
    await stillUser();
    expect(await rows(engine, 'select count(*) from public.local_t')).toEqual([['0']]);
  });

  it('COPY TO runs the query as the user', async () => {
    await expect(
      engine.copyTo('copy (select public.esc()) to stdout', { onChunk: () => undefined }),
    ).rejects.toMatchObject({ sqlstate: '42501' });
    await stillUser();
    const chunks: Uint8Array[] = [];
    await engine.copyTo('copy (select public.who() as w) to stdout (format csv, header)', {
      onChunk: (b) => void chunks.push(b),
    });
    expect(Buffer.concat(chunks).toString()).toBe('w\ndynascope_user\n');
    await stillUser();
  });

  it("COPY FROM STDIN / TO STDOUT reach none of the engine's tables or the host's catalog secrets", async () => {
    await ok(engine, "select vault.create_secret('copy-sec-s3cr3t', 'copy_sec', '')");
    for (const sql of [
      'copy vault.secrets (name) from stdin',
      'copy dynascope.saved_queries from stdin',
      'copy dynascope.materialized_views from stdin',
      'copy pg_catalog.pg_authid from stdin',
    ]) {
      await expect(copyIn(sql, 'x\n'), sql).rejects.toMatchObject({ sqlstate: '42501' });
      await stillUser();
    }
    expect(await rows(engine, "select count(*) from vault.secrets where name = 'x'")).toEqual([['0']]);
    const out: string[] = [];
    for (const sql of [
      'copy dynascope.secret_values to stdout',
      'copy (select * from dynascope.server_credentials) to stdout',
      "copy (select pg_read_file('PG_VERSION')) to stdout",
      'copy pg_catalog.pg_authid to stdout',
    ]) {
      await expect(
        engine.copyTo(sql, { onChunk: (b) => void out.push(Buffer.from(b).toString()) }),
        sql,
      ).rejects.toMatchObject({ sqlstate: '42501' });
      await stillUser();
    }
    // The vault's view lists names, never values.
    await engine.copyTo('copy vault.secrets to stdout', {
      onChunk: (b) => void out.push(Buffer.from(b).toString()),
    });
    expect(out.join('')).toContain('copy_sec');
    expect(out.join('')).not.toContain('copy-sec-s3cr3t');
  });

  it('COPY to or from a file or a program is refused in user SQL and in function bodies', async () => {
    const read = 'must be superuser or have privileges of the pg_read_server_files role to COPY from a file';
    const write = 'must be superuser or have privileges of the pg_write_server_files role to COPY to a file';
    const program =
      'must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program';
    const refused: [string, string][] = [
      ["copy public.local_t from '/etc/hostname'", read],
      ["copy (select 1) to '/tmp/dynascope-copysec'", write],
      ["copy public.local_t to program 'id'", program],
      [
        "create function public.f1() returns void language sql as $$ copy public.local_t from '/etc/hostname' $$",
        read,
      ],
      [
        "create function public.f2() returns void language plpgsql as $$ begin copy public.local_t to '/tmp/dynascope-copysec'; end $$",
        write,
      ],
      ["do $$ begin copy public.local_t from program 'id'; end $$", program],
      [
        "create function public.f4() returns void language plpgsql as $$ begin perform 1; copy public.local_t from '/etc/hostname'; end $$",
        read,
      ],
    ];
    for (const [sql, message] of refused) {
      const e = await engine.execute(sql);
      expect(e.error, sql).toMatchObject({ sqlstate: '42501', message });
      await stillUser();
    }
    expect(await rows(engine, "select count(*) from pg_proc where proname in ('f1', 'f2', 'f4')")).toEqual([
      ['0'],
    ]);
  });

  it("PGlite's COPY role is a non-superuser with the user's rights and server-file COPY, nothing else", async () => {
    if (onPostgres) {
      // A server's COPY FROM STDIN runs as dynascope_user: no role with file privileges is made.
      expect(await rows(engine, "select count(*) from pg_roles where rolname = 'dynascope_copy'")).toEqual([
        ['0'],
      ]);
      return;
    }
    expect(
      await rows(
        engine,
        `select r.rolsuper, r.rolcanlogin, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
                  array(select m.roleid::regrole::text from pg_auth_members m where m.member = r.oid order by 1)::text,
                  pg_has_role('dynascope_user', r.oid, 'member')
             from pg_roles r where r.rolname = 'dynascope_copy'`,
      ),
    ).toEqual([
      [
        false,
        false,
        false,
        false,
        false,
        '{dynascope_user,pg_read_server_files,pg_write_server_files}',
        false,
      ],
    ]);
    // Server-side file functions stay the superuser's: the role's file privileges are COPY's alone.
    const fileFunctions = [
      'pg_read_file(text)',
      'pg_read_file(text,bigint,bigint,boolean)',
      'pg_read_binary_file(text)',
      'pg_ls_dir(text)',
      'pg_stat_file(text)',
      'lo_import(text)',
      'lo_export(oid,text)',
    ];
    for (const f of fileFunctions)
      expect(
        await rows(engine, `select has_function_privilege('dynascope_copy', '${f}', 'execute')`),
        f,
      ).toEqual([[false]]);
    expect(
      await rows(
        engine,
        `select count(*) from pg_proc p, aclexplode(p.proacl) a
            where a.grantee in ('dynascope_copy'::regrole, 'pg_read_server_files'::regrole, 'pg_write_server_files'::regrole)`,
      ),
    ).toEqual([['0']]);
  });
});

describe.each(BACKENDS)('COPY FROM into a foreign table runs its defaults as the user (%s)', (backend) => {
  let engine: Engine;
  const table = uniqueName('copysec');
  beforeAll(async () => {
    await createTable(clientOf(backend), table, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create function public.esc() returns text language sql as $$ alter role dynascope_user superuser; select 'x' $$;
       create foreign table public.remote_u (id text not null, who text default public.esc())
         server dynamodb_server options (table '${table}', rowid_column 'id');`,
    );
  });
  afterAll(() => engine?.close());

  it('a default that alters the role fails the COPY with 42501 and writes no item', async () => {
    await expect(
      engine.copyFrom('copy public.remote_u (id) from stdin', Buffer.from('a\nb\n')),
    ).rejects.toMatchObject({ sqlstate: '42501', message: ALTER_ROLE_DENIED });
    expect(await rows(engine, "select rolsuper from pg_roles where rolname = 'dynascope_user'")).toEqual([
      [false],
    ]);
    expect(await rows(engine, 'select session_user, current_user')).toEqual([
      ['dynascope_user', 'dynascope_user'],
    ]);
    const scan = await clientOf(backend).send(new ScanCommand({ TableName: table }));
    expect(scan.Items).toEqual([]);
  });
});
