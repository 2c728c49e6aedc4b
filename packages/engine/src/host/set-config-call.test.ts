import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { loadParser, parseOne } from '../parse/parse';
import { setConfigNames } from './set-config-call';
import { refuseUnsafeStatement } from './statement-policy';

beforeAll(loadParser);

const check = (text: string) => refuseUnsafeStatement(parseOne(text), text);

function refusal(text: string): Pick<EngineError, 'sqlstate' | 'message' | 'position'> {
  try {
    check(text);
  } catch (e) {
    if (e instanceof EngineError) return { sqlstate: e.sqlstate, message: e.message, position: e.position };
    throw e;
  }
  throw new Error(`not refused: ${text}`);
}

const NAMED_AT_RUN_TIME = 'permission denied to set a parameter named at run time';

/**
 * set_config follows SET's rule (setting-policy.ts): what SET may change it may, what SET may not it
 * may not — and a setting it names by anything but a string constant as written is refused, since
 * the policy cannot know which one the host would set.
 */
describe('set_config', () => {
  it.each([
    // pgAdmin 4's first batch, and pg_dump's
    "SELECT set_config('bytea_output','hex',false) FROM pg_catalog.pg_show_all_settings() WHERE name = 'bytea_output'",
    "SELECT pg_catalog.set_config('search_path', '', false)",
    "select set_config('search_path', current_setting('x.path'), true)",
    "select set_config('dynascope.consistent_read', 'on', false)",
    "select set_config('standard_conforming_strings', 'on', false)",
    "select set_config('standard_conforming_strings', 'TRUE', true)",
    "select set_config('standard_conforming_strings', null, false)",
    "select set_config('role', 'dynascope_user', false)",
    "create view v as select set_config('timezone', 'UTC', false)",
    "create function f(p text) returns text language sql as $$ select set_config('search_path', p, false) $$",
    "do $$ begin perform set_config('search_path', 'public', false); end $$",
    "select query_to_xml('select set_config(''bytea_output'', ''hex'', false)', true, false, '')",
  ])('%s passes', (text) => {
    expect(() => check(text)).not.toThrow();
  });

  it.each([
    [
      "select set_config('session_authorization', 'postgres', false)",
      'permission denied to set session authorization',
      8,
    ],
    [
      "select pg_catalog.set_config('SESSION_AUTHORIZATION', 'postgres', true)",
      'permission denied to set session authorization',
      8,
    ],
    [
      "select set_config('session_authorization', null, false)",
      'permission denied to set session authorization',
      8,
    ],
    [
      "select set_config('standard_conforming_strings', 'off', false)",
      'permission denied to set parameter "standard_conforming_strings"',
      8,
    ],
    [
      "select set_config('standard_conforming_strings', 'o' || 'ff', false)",
      'permission denied to set parameter "standard_conforming_strings"',
      8,
    ],
    [
      "select set_config('standard_conforming_strings', current_setting('x.v'), false)",
      'permission denied to set parameter "standard_conforming_strings"',
      8,
    ],
    [
      "select set_config('dynascope.caller_identities', '[]', false)",
      'permission denied to set parameter "dynascope.caller_identities"',
      undefined,
    ],
    // The setting named by anything but a string constant as written
    ["select set_config(current_setting('x.name'), 'postgres', false)", NAMED_AT_RUN_TIME, 8],
    ["select set_config(format('%s_authorization', 'session'), 'postgres', false)", NAMED_AT_RUN_TIME, 8],
    ["select set_config('session_' || 'authorization', 'postgres', false)", NAMED_AT_RUN_TIME, 8],
    ["select set_config(lower('SEARCH_PATH'), 'x', false)", NAMED_AT_RUN_TIME, 8],
    ["select set_config('search_path'::text, 'x', false)", NAMED_AT_RUN_TIME, 8],
    [
      "select set_config(name, 'postgres', false) from (values ('session_authorization')) v(name)",
      NAMED_AT_RUN_TIME,
      8,
    ],
    ["select set_config((select 'session_authorization'), 'postgres', false)", NAMED_AT_RUN_TIME, 8],
    [
      "select set_config(setting_name => 'search_path', new_value => 'x', is_local => false)",
      NAMED_AT_RUN_TIME,
      8,
    ],
    ["select set_config(variadic array['search_path', 'x'])", NAMED_AT_RUN_TIME, 8],
    ['prepare p (text) as select set_config($1, $2, false)', NAMED_AT_RUN_TIME, 28],
    // Wherever it stands: a CTE, FROM, a view, a rule, a default, a CHECK, a policy, a trigger's WHEN
    [
      "with n as (select current_setting('x.n') as n) select set_config(n, 'postgres', false) from n",
      NAMED_AT_RUN_TIME,
      55,
    ],
    ["select * from set_config(current_setting('x.n'), 'postgres', false)", NAMED_AT_RUN_TIME, 15],
    ["create view v as select set_config(current_setting('x.n'), 'postgres', false)", NAMED_AT_RUN_TIME, 25],
    ['create rule r as on insert to t do also select set_config(new.a, new.b, false)', NAMED_AT_RUN_TIME, 48],
    ["create table t (a text default set_config(current_user::text, 'x', false))", NAMED_AT_RUN_TIME, 32],
    ["alter table t add check (set_config(a, 'x', false) is not null)", NAMED_AT_RUN_TIME, 26],
    ["create policy p on t using (set_config(a, 'postgres', false) = 'x')", NAMED_AT_RUN_TIME, 29],
    [
      "create trigger g before insert on t for each row when (set_config(new.a, 'x', false) <> '') execute function f()",
      NAMED_AT_RUN_TIME,
      56,
    ],
    ["create domain d as text check (set_config(value, 'x', false) <> '')", NAMED_AT_RUN_TIME, 32],
  ] as const)('%s → 42501 %s', (text, message, position) => {
    expect(refusal(text)).toEqual({ sqlstate: '42501', message, position });
  });

  it.each([
    // In bodies: a SQL function's argument, a PL/pgSQL variable, a trigger's row, a DO block's, BEGIN ATOMIC
    "create function f(n text) returns text language sql as $$ select set_config(n, 'postgres', false) $$",
    "create function f() returns text language plpgsql as $$ declare n text := 'session_authorization'; begin return set_config(n, 'postgres', false); end $$",
    "create function f() returns text language plpgsql as $$ declare r text; begin r := set_config(current_setting('x.n'), 'x', false); return r; end $$",
    'create function f() returns trigger language plpgsql as $$ begin perform set_config(new.name, new.value, false); return new; end $$',
    "do $$ declare n text := 'session_authorization'; begin perform set_config(n, 'postgres', false); end $$",
    "do $$ begin if set_config(current_setting('x.n'), 'x', true) is not null then null; end if; end $$",
    "create function f(n text) returns text begin atomic select set_config(n, 'postgres', false); end",
    "create function f(n text default set_config(current_setting('x.n'), 'x', false)) returns text language sql as $$ select n $$",
    "do $$ begin perform set_config('session_authorization', 'postgres', false); end $$",
    "create function f() returns text language sql as $$ select set_config('standard_conforming_strings', 'off', false) $$",
  ])('in a body: %s → 42501', (text) => {
    expect(refusal(text).sqlstate).toBe('42501');
  });

  it('names the settings a statement sets, in lower case', () => {
    const text =
      "select set_config('DynaScope.Consistent_Read', 'on', false), (select set_config('myapp.x', 'y', true)), set_config('bytea_output', 'hex', false)";
    expect(setConfigNames(parseOne(text))).toEqual(['dynascope.consistent_read', 'myapp.x', 'bytea_output']);
    expect(setConfigNames(parseOne("select current_setting('x.y')"))).toEqual([]);
  });
});
