import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { fails, ok, openTestEngine, rows } from '../support/harness';
import { ReopenedHost } from '../support/reopened-host';

/**
 * set_config follows SET's rule (host/setting-policy.ts, host/set-config-call.ts): GUI clients and
 * dump tools call it — pgAdmin 4's first batch, pg_dump's `set_config('search_path', '', false)` —
 * and were refused (42501), after which pgAdmin dropped the connection. What SET may not change
 * (session_authorization, standard_conforming_strings off, the engine's own settings) set_config may
 * not either, and a setting named by anything but a string constant is refused: the policy could
 * not know which one the host would set. PGlite and PostgreSQL 15 hosts.
 */
describe('set_config', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openTestEngine();
  });
  afterAll(() => engine?.close());

  /** Who user SQL runs as, and the setting the engine reads SQL with: unchanged after every refusal. */
  const unchanged = async (session?: string) =>
    expect(
      (
        await engine.execute(
          "select current_user::text, session_user::text, current_setting('standard_conforming_strings')",
          { ...(session && { session }) },
        )
      ).statements[0]!.rows,
    ).toEqual([['dynascope_user', 'dynascope_user', 'on']]);

  it("runs pgAdmin 4's first batch and pg_dump's search_path, which take effect as SET's do", async () => {
    const session = 'pgadmin';
    const batch = await engine.execute(
      "SET DateStyle=ISO; SET client_min_messages=notice; SELECT set_config('bytea_output','hex',false) FROM pg_catalog.pg_show_all_settings() WHERE name = 'bytea_output'; SET client_encoding='UTF8';",
      { session },
    );
    expect(batch.error).toBeUndefined();
    expect(batch.statements.map((s) => [s.command, s.rows])).toEqual([
      ['SET', []],
      ['SET', []],
      ['SELECT', [['hex']]],
      ['SET', []],
    ]);
    const dump = await engine.execute(
      "SELECT pg_catalog.set_config('search_path', '', false); show search_path; select pg_catalog.set_config('bytea_output', 'escape', false); select '\\x41'::bytea::text",
      { session },
    );
    expect(dump.error).toBeUndefined();
    expect(dump.statements.map((s) => s.rows)).toEqual([[['']], [['']], [['escape']], [['A']]]);
    // is_local: for the transaction block only.
    const local = await engine.execute(
      "begin; select set_config('bytea_output', 'hex', true); select '\\x41'::bytea::text; commit; select '\\x41'::bytea::text",
      { session },
    );
    expect(local.error).toBeUndefined();
    expect(local.statements.map((s) => s.rows)).toEqual([[], [['hex']], [['\\x41']], [], [['A']]]);
    await unchanged(session);
  });

  it('refuses what SET refuses, and any setting named at run time, wherever the call stands (42501)', async () => {
    await ok(
      engine,
      `create table public.kv (name text, value text);
       insert into public.kv values ('session_authorization', 'postgres');
       create function public.setting_name() returns text language sql as $$ select 'session_authorization' $$;
       set sc.name = 'session_authorization'`,
    );
    for (const [sql, message] of [
      [
        "select set_config('session_authorization', 'postgres', false)",
        'permission denied to set session authorization',
      ],
      [
        "select pg_catalog.set_config('Session_Authorization', 'postgres', true)",
        'permission denied to set session authorization',
      ],
      [
        "select set_config('standard_conforming_strings', 'off', false)",
        'permission denied to set parameter "standard_conforming_strings"',
      ],
      [
        "select set_config('dynascope.caller_identities', '[]', false)",
        'permission denied to set parameter "dynascope.caller_identities"',
      ],
      // a variable, format(), a function returning the name, current_setting, a table's row, a CTE, a subquery
      [
        "select set_config(current_setting('sc.name'), 'postgres', false)",
        'permission denied to set a parameter named at run time',
      ],
      [
        "select set_config(format('%s_authorization', 'session'), 'postgres', false)",
        'permission denied to set a parameter named at run time',
      ],
      [
        "select set_config(public.setting_name(), 'postgres', false)",
        'permission denied to set a parameter named at run time',
      ],
      [
        'select set_config(name, value, false) from public.kv',
        'permission denied to set a parameter named at run time',
      ],
      [
        'with k as (select * from public.kv) select set_config(k.name, k.value, false) from k',
        'permission denied to set a parameter named at run time',
      ],
      [
        "select set_config((select name from public.kv), 'postgres', false)",
        'permission denied to set a parameter named at run time',
      ],
      [
        "select set_config('session_authorization'::text, 'postgres', false)",
        'permission denied to set a parameter named at run time',
      ],
      [
        "select set_config('standard_conforming_strings', (select 'off'), false)",
        'permission denied to set parameter "standard_conforming_strings"',
      ],
      // stored: a view, a default, a trigger function, a rule; bodies: SQL, PL/pgSQL, DO
      [
        'create view public.sneaky as select set_config(name, value, false) from public.kv',
        'permission denied to set a parameter named at run time',
      ],
      [
        "create table public.t_default (v text default set_config(current_setting('sc.name'), 'postgres', false))",
        'permission denied to set a parameter named at run time',
      ],
      [
        'create function public.trg() returns trigger language plpgsql as $$ begin perform set_config(new.name, new.value, false); return new; end $$',
        'permission denied to set a parameter named at run time',
      ],
      [
        'create rule sneaky as on insert to public.kv do also select set_config(new.name, new.value, false)',
        'permission denied to set a parameter named at run time',
      ],
      [
        "create function public.f(n text) returns text language sql as $$ select set_config(n, 'postgres', false) $$",
        'permission denied to set a parameter named at run time',
      ],
      [
        "do $$ declare n text := 'session_authorization'; begin perform set_config(n, 'postgres', false); end $$",
        'permission denied to set a parameter named at run time',
      ],
      [
        "do $$ begin perform set_config('session_authorization', 'postgres', false); end $$",
        'permission denied to set session authorization',
      ],
      // PL/pgSQL's dynamic SQL, and the built-ins that run SQL text
      [
        "do $$ begin execute format('select set_config(%L, %L, false)', 'session_authorization', 'postgres'); end $$",
        "PL/pgSQL's EXECUTE is not allowed in Dynascope: its SQL is only known when it runs",
      ],
      [
        "select query_to_xml('select set_config(''session_authorization'', ''postgres'', false)', true, false, '')",
        'permission denied to set session authorization',
      ],
      [
        "select query_to_xml(format('select set_config(%L, %L, false)', 'a', 'b'), true, false, '')",
        'permission denied to run SQL text known only when it runs',
      ],
      [
        "select * from ts_stat(current_setting('sc.name'))",
        'permission denied to run SQL text known only when it runs',
      ],
      // set_config as an aggregate's function: called with values known only when it runs
      [
        "create aggregate public.agg(text, boolean) (sfunc = pg_catalog.set_config, stype = text, initcond = 'session_authorization')",
        'permission denied to name function set_config here',
      ],
      // pg_settings' rule calls set_config with the row's values: UPDATE is refused, through a view too
      [
        "update pg_settings set setting = 'off' where name = 'standard_conforming_strings'",
        'permission denied for view pg_settings',
      ],
      [
        "prepare sneaky (text) as select set_config($1, 'postgres', false)",
        'permission denied to set a parameter named at run time',
      ],
    ] as const) {
      const e = await fails(engine, sql);
      expect({ sql, sqlstate: e.sqlstate, message: e.message }).toEqual({ sql, sqlstate: '42501', message });
      await unchanged();
    }
    await ok(engine, 'create view public.all_settings as select * from pg_settings');
    expect(
      await fails(
        engine,
        "update public.all_settings set setting = 'off' where name = 'standard_conforming_strings'",
      ),
    ).toMatchObject({ sqlstate: '42501', message: 'permission denied for view pg_settings' });
    await unchanged();
  });

  it('sets what SET may set from a view, a function or a DO block', async () => {
    await ok(
      engine,
      `create view public.hex as select set_config('bytea_output', 'hex', false) as v;
       create function public.escape_bytes() returns text language plpgsql as $$ begin return set_config('bytea_output', 'escape', false); end $$`,
    );
    const session = 'bodies';
    const r = await engine.execute(
      "select public.escape_bytes(); select '\\x41'::bytea::text; select * from public.hex; select '\\x41'::bytea::text; do $$ begin perform set_config('bytea_output', 'escape', false); end $$; show bytea_output",
      { session },
    );
    expect(r.error).toBeUndefined();
    expect(r.statements.map((s) => s.rows)).toEqual([
      [['escape']],
      [['A']],
      [['hex']],
      [['\\x41']],
      [],
      [['escape']],
    ]);
    await unchanged(session);
  });

  it("a custom setting set_config gives a session is that session's alone", async () => {
    expect(
      (await engine.execute("select set_config('myapp.tenant', 'a', false)", { session: 'ta' })).error,
    ).toBeUndefined();
    expect(
      (await engine.execute("select coalesce(current_setting('myapp.tenant', true), '')", { session: 'tb' }))
        .statements[0]!.rows,
    ).toEqual([['']]);
    expect(
      (await engine.execute("select current_setting('myapp.tenant', true)", { session: 'ta' })).statements[0]!
        .rows,
    ).toEqual([['a']]);
  });
});

/**
 * Until set_config was checked, user SQL could not run it, and Postgres checks EXECUTE when a view or
 * a default calls it, not when one is made: an older version let such objects be made with values
 * known only when they run. The engine grants set_config to the user role only once none is left
 * (host/set-config-grant.ts), and says which keep it refused.
 */
describe('set_config and objects made before its calls were checked', () => {
  let host: ReopenedHost;
  const warnings = () => host.warnings;

  beforeAll(async () => {
    host = await ReopenedHost.make('set-config-grant-');
    await (await host.open()).close();
    expect(warnings()).toEqual([]);
    // A host as an older version left it: set_config not granted, and what the role made then.
    await host.unchecked(
      `revoke execute on function pg_catalog.set_config(text, text, boolean) from dynascope_user;
       set role dynascope_user;
       create table public.kv (name text, value text);
       create view public.older as select set_config(name, value, false) from public.kv;
       create table public.older_default (v text default pg_catalog.set_config(current_setting('x.n'), 'y', false));
       create view public.older_text as select query_to_xml(current_setting('x.q'), true, false, '') as x;
       reset role`,
    );
  });
  afterAll(() => host?.dispose());

  it('keeps set_config refused while such objects exist, and names them', async () => {
    const e = await host.open();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/^Dynascope: set_config stays refused to user SQL \(42501\)/);
    for (const object of [
      'rule _RETURN on view public.older;',
      'rule _RETURN on view public.older_text.',
      'default value for column v of table public.older_default;',
    ])
      expect(warnings()[0]).toContain(object);
    expect(await fails(e, "select set_config('search_path', 'public', false)")).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied for function set_config',
    });
    await ok(e, "insert into public.kv values ('session_authorization', 'postgres')");
    expect((await fails(e, 'select * from public.older')).sqlstate).toBe('42501');
    expect(await rows(e, 'select current_user::text, session_user::text')).toEqual([
      ['dynascope_user', 'dynascope_user'],
    ]);
  });

  it('grants it once they are gone', async () => {
    await ok(host.engine!, 'drop view public.older, public.older_text; drop table public.older_default');
    await host.engine!.close();
    host.warnings.length = 0;
    const e = await host.open();
    expect(warnings()).toEqual([]);
    expect(await rows(e, "select set_config('search_path', 'public', false)")).toEqual([['public']]);
    expect((await fails(e, "select set_config('session_authorization', 'postgres', false)")).sqlstate).toBe(
      '42501',
    );
  });
});
