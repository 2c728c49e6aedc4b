import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../src/engine';
import { fails, freshHost, ok, rows } from '../support/harness';
import { onHostUnchecked } from '../support/unchecked-host';

/**
 * Functions already in a data directory are checked when an engine opens (host/quarantine-bodies.ts):
 * one an older version let the user make, or made on the host directly, whose body today's checks
 * refuse, is quarantined — kept, but no one may run it, not even as a trigger — and the server's log
 * says which and why. Good functions keep working. PGlite data directory and PostgreSQL 15 host.
 */

/** What an older engine let dynascope_user create, made here as that role on the host, past today's checks. */
const OLDER_OBJECTS = `
  create function public.good_sql(v int) returns int language sql as $$ select v * 2 $$;
  create function public.good_plpgsql(n int) returns int language plpgsql as $$
    declare s int := 0;
    begin
      for i in 1..n loop s := s + i; end loop;
      return s;
    end $$;
  create function public.bad_copy() returns int language sql as $$
    copy (select 1) to '/tmp/dynascope-quarantine-test'; select 1 $$;
  create function public.bad_execute() returns text language plpgsql as $$
    begin
      execute 'set session authorization postgres';
      return current_user;
    end $$;
  grant execute on function public.bad_execute() to pg_monitor;
  create procedure public.bad_procedure() language plpgsql as $$
    begin
      perform 1;
      execute 'select 1';
    end $$;
  create function public.bad_trigger() returns trigger language plpgsql as $$
    begin
      execute 'select 1';
      return new;
    end $$;
  create function public."bad
line"() returns int language plpgsql as $$ begin execute 'select 1'; return 1; end $$;
  create table public.guarded (v text);
  create trigger guarded_insert before insert on public.guarded for each row execute function public.bad_trigger();
`;

/** What a version from before dynascope_user made as the host's superuser: the bootstrap hands it to the role. */
const LEGACY_OBJECTS = `
  create function public.bad_legacy() returns int language sql as $$ copy (select 1) to program 'id'; select 1 $$;
`;

const EXPECTED_WARNINGS = [
  [
    'public.bad_legacy()',
    'must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program',
  ],
  [
    'public.bad_copy()',
    'must be superuser or have privileges of the pg_write_server_files role to COPY to a file',
  ],
  ['public.bad_execute()', "PL/pgSQL's EXECUTE is not allowed in Dynascope"],
  ['public.bad_procedure()', "PL/pgSQL's EXECUTE is not allowed in Dynascope"],
  ['public.bad_trigger()', "PL/pgSQL's EXECUTE is not allowed in Dynascope"],
  // A name cannot forge a line of the log: its newline is written \x0a.
  ['public."bad\\x0aline"()', "PL/pgSQL's EXECUTE is not allowed in Dynascope"],
];

describe('function bodies already in the host are checked at open', () => {
  let dir: string | undefined;
  let hostOptions: Pick<EngineOptions, 'dataDir' | 'databaseUrl'>;
  let engine: Engine | undefined;
  const warnings: string[] = [];
  const open = async () =>
    (engine = await Engine.open({
      vaultKey: 'test-vault-key',
      ...hostOptions,
      onWarning: (line) => warnings.push(line),
    }));

  /** Runs `sql` on the host itself, unchecked: as dynascope_user (an older version), or as the superuser (one from before the role). */
  async function asOlderVersion(sql: string, asUserRole = true): Promise<void> {
    const unchecked = asUserRole ? `set role dynascope_user; ${sql}; reset role` : sql;
    await onHostUnchecked(hostOptions, unchecked);
  }

  beforeAll(async () => {
    const fresh = await freshHost();
    if (fresh.databaseUrl) hostOptions = { databaseUrl: fresh.databaseUrl };
    else hostOptions = { dataDir: (dir = await mkdtemp(join(tmpdir(), 'existing-bodies-'))) };
    // A first open makes the data directory (the roles, the engine's schemas); then the older objects.
    await (await open()).close();
    expect(warnings).toEqual([]);
    await asOlderVersion(OLDER_OBJECTS);
    await asOlderVersion(LEGACY_OBJECTS, false);
  });
  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('quarantines each refused function, says why in the log, and keeps the good ones', async () => {
    const e = await open();
    expect(warnings).toHaveLength(EXPECTED_WARNINGS.length);
    for (const w of warnings) expect(w).not.toMatch(/[\n\r]/);
    for (const [name, reason] of EXPECTED_WARNINGS)
      expect(
        warnings.find((w) => w.includes(`function ${name}:`)),
        name,
      ).toContain(reason);

    // None of them runs: a call, a CALL, a trigger (which Postgres fires without checking EXECUTE).
    expect(await fails(e, 'select public.bad_execute()')).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied for function bad_execute',
    });
    expect(await fails(e, 'select public.bad_copy()')).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied for function bad_copy',
    });
    expect(await fails(e, 'call public.bad_procedure()')).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied for procedure bad_procedure',
    });
    expect(await fails(e, "insert into public.guarded values ('x')")).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied to set role "dynascope_quarantine"',
    });
    expect(await rows(e, 'select count(*) from public.guarded')).toEqual([['0']]);
    // The user can neither give it back to themselves nor replace it; the role stays the user's.
    for (const sql of [
      'grant execute on function public.bad_execute() to dynascope_user',
      'alter function public.bad_execute() reset all',
      'alter function public.bad_execute() owner to dynascope_user',
      "create or replace function public.bad_execute() returns text language sql as $$ select 'x' $$",
    ])
      expect((await fails(e, sql)).sqlstate, sql).toBe('42501');
    expect(await rows(e, 'select session_user, current_user')).toEqual([
      ['dynascope_user', 'dynascope_user'],
    ]);
    // No role keeps a grant the user made (here to pg_monitor).
    expect(
      await rows(
        e,
        `select has_function_privilege('pg_monitor', 'public.bad_execute()', 'execute'),
                has_function_privilege('dynascope_user', 'public.bad_execute()', 'execute')`,
      ),
    ).toEqual([[false, false]]);
    // Their owner: no login, no attribute, no member and member of nothing.
    expect(
      await rows(
        e,
        `select r.rolsuper, r.rolcanlogin, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
                (select count(*) from pg_auth_members m where m.roleid = r.oid or m.member = r.oid)
           from pg_roles r where r.rolname = 'dynascope_quarantine'`,
      ),
    ).toEqual([[false, false, false, false, false, false, '0']]);
    expect(
      await rows(
        e,
        `select p.proname, p.proowner::regrole::text from pg_proc p
          where p.pronamespace = 'public'::regnamespace and p.proname ~ '^(good|bad)_' order by 1`,
      ),
    ).toEqual([
      ['bad_copy', 'dynascope_quarantine'],
      ['bad_execute', 'dynascope_quarantine'],
      ['bad_legacy', 'dynascope_quarantine'],
      ['bad_procedure', 'dynascope_quarantine'],
      ['bad_trigger', 'dynascope_quarantine'],
      ['good_plpgsql', 'dynascope_user'],
      ['good_sql', 'dynascope_user'],
    ]);

    // The good ones run, and the user's table does once the trigger is dropped (the table is theirs).
    expect(await rows(e, 'select public.good_sql(21), public.good_plpgsql(4)')).toEqual([[42, 10]]);
    await ok(e, "drop trigger guarded_insert on public.guarded; insert into public.guarded values ('x')");
    expect(await rows(e, 'select v from public.guarded')).toEqual([['x']]);
  });

  it('does not warn again at the next open, and the functions stay quarantined', async () => {
    await engine?.close();
    warnings.length = 0;
    const e = await open();
    expect(warnings).toEqual([]);
    expect((await fails(e, 'select public.bad_execute()')).sqlstate).toBe('42501');
    expect(await rows(e, 'select public.good_sql(1)')).toEqual([[2]]);
  });
});
