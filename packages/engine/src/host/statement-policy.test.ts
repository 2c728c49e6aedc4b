import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { loadParser, parseOne } from '../parse/parse';
import { refuseUnsafeStatement } from './statement-policy';

beforeAll(loadParser);

const check = (text: string) => refuseUnsafeStatement(parseOne(text), text);

function refusal(text: string): EngineError {
  try {
    check(text);
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error(`not refused: ${text}`);
}

/**
 * standard_conforming_strings stays on: the engine reads every statement and body with
 * libpg-query, whose lexer takes it as on. Turned off, the host read `'a\', '; set session
 * authorization postgres; --'` as three statements where the policy had checked one string —
 * user SQL became the host's superuser, every session's on PGlite's one connection.
 */
describe('standard_conforming_strings', () => {
  it.each([
    'set standard_conforming_strings = off',
    'set standard_conforming_strings to false',
    "set session standard_conforming_strings = 'of'",
    'set local standard_conforming_strings = 0',
    'set standard_conforming_strings = no',
    'set standard_conforming_strings = on, off',
    'SET Standard_Conforming_Strings = OFF',
    'create function f() returns int language sql set standard_conforming_strings = off as $$ select 1 $$',
    'alter function f() set standard_conforming_strings = off',
    'alter role dynascope_user set standard_conforming_strings = off',
    'alter database dynascope set standard_conforming_strings = off',
    'do $$ begin set standard_conforming_strings = off; end $$',
    "create function f() returns int language sql as 'set standard_conforming_strings = off; select 1'",
  ])('%s → 42501', (text) => {
    const e = refusal(text);
    expect(e.sqlstate).toBe('42501');
    expect(e.message).toBe('permission denied to set parameter "standard_conforming_strings"');
  });

  it.each([
    'set standard_conforming_strings = on',
    "set standard_conforming_strings = 'true'",
    'set standard_conforming_strings = 1',
    'set standard_conforming_strings to default',
    'reset standard_conforming_strings',
    'reset all',
    'create function f() returns int language sql set standard_conforming_strings from current as $$ select 1 $$',
    'show standard_conforming_strings',
    "select current_setting('standard_conforming_strings')",
  ])('%s passes', (text) => {
    expect(() => check(text)).not.toThrow();
  });
});

describe('SQL function bodies', () => {
  it('a body the engine cannot read is refused with its syntax error, not run unchecked', () => {
    const e = refusal("create function f() returns int language sql as 'selec 1'");
    expect(e.sqlstate).toBe('42601');
    expect(e.position).toBeUndefined();
  });
});

/**
 * CREATE/ALTER SERVER run by the engine only: in a body the host ran it, and kept its plain keys in
 * the catalog where the engine moves them into the vault (found by helper-122).
 */
describe('server DDL in bodies', () => {
  it.each([
    "do $$ begin alter server s6 options (set aws_secret_access_key 'S6PLAIN'); end $$",
    "do $$ begin create server s7 foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'a', aws_secret_access_key 'b'); end $$",
    "create function f() returns void language sql as $$ alter server s6 options (set aws_secret_access_key 'x') $$",
    "create procedure p() language sql begin atomic alter server s6 options (set region 'eu-west-1'); end",
  ])('%s → 42501', (text) => {
    const e = refusal(text);
    expect(e.sqlstate).toBe('42501');
    expect(e.message).toMatch(/^(CREATE|ALTER) SERVER is not allowed in a function body or DO block$/);
  });

  it('passes as a statement of its own', () => {
    expect(() => check("alter server s6 options (set aws_secret_access_key 'x')")).not.toThrow();
    expect(() =>
      check("create server s7 foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'a')"),
    ).not.toThrow();
  });
});

/**
 * The catalog channel is the engine's: a notification there makes every API process on the host
 * drop its plans and rebuild its clients (host/catalog-notify.ts). User SQL may not notify it, in
 * any spelling, and may name pg_notify's channel only by a string constant.
 */
describe("notifying the engine's channel", () => {
  it.each([
    'notify dynascope_catalog',
    "NOTIFY Dynascope_Catalog, 'x'",
    'notify "dynascope_catalog"',
    "select pg_notify('dynascope_catalog', 'x')",
    "select pg_catalog.pg_notify('dynascope_catalog', null)",
    "select \"pg_notify\"('dynascope_catalog', '')",
    "select * from pg_notify('dynascope_catalog', 'x')",
    "with n as (select pg_notify('dynascope_catalog', 'x')) select * from n",
    "prepare p as select pg_notify('dynascope_catalog', 'x')",
    "explain analyze select pg_notify('dynascope_catalog', 'x')",
    "create view v as select pg_notify('dynascope_catalog', 'x')",
    "create function f() returns void language sql as $$ select pg_notify('dynascope_catalog', 'x') $$",
    "create function f() returns void language sql as 'notify dynascope_catalog'",
    'create procedure p() language sql begin atomic notify dynascope_catalog; end',
    "do $$ begin perform pg_notify('dynascope_catalog', 'x'); end $$",
    'do $$ begin notify dynascope_catalog; end $$',
    "create function f() returns void language plpgsql as $$ begin perform pg_notify('dynascope_catalog', 'x'); end $$",
    "select query_to_xml('select pg_notify(''dynascope_catalog'', ''x'')', true, false, '')",
  ])('%s → 42501', (text) => {
    expect(refusal(text)).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied to notify channel "dynascope_catalog"',
    });
  });

  it.each([
    "select pg_notify($1, 'x')",
    "prepare p(text) as select pg_notify($1, 'x')",
    "select pg_notify('dynascope_' || 'catalog', 'x')",
    "select pg_notify(current_setting('x.channel'), 'x')",
    "create function f(c text) returns void language sql as $$ select pg_notify(c, 'x') $$",
    "create function t() returns trigger language plpgsql as $$ begin perform pg_notify(tg_table_name, 'x'); return new; end $$",
  ])('%s passes: a channel named at run time is not checked', (text) => {
    expect(() => check(text)).not.toThrow();
  });

  it("names the call's position", () => {
    const text = "select 1, pg_notify('dynascope_catalog', 'x')";
    expect(refusal(text).position).toBe(text.indexOf('pg_notify') + 1);
  });

  it("pg_notify named as an aggregate's function is refused", () => {
    expect(refusal('create aggregate a(text) (sfunc = pg_notify, stype = text)')).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied to name function pg_notify here',
    });
  });

  it.each([
    'notify jobs',
    "notify jobs, 'payload'",
    'notify "DYNASCOPE_CATALOG"',
    "select pg_notify('jobs', 'x')",
    "select pg_notify('jobs', $1)",
    "select pg_notify('DYNASCOPE_CATALOG', 'x')",
    'listen dynascope_catalog',
    "create function f(p text) returns void language sql as $$ select pg_notify('jobs', p) $$",
  ])('%s passes', (text) => {
    expect(() => check(text)).not.toThrow();
  });
});

/**
 * An FDW option whose name looks like a credential's but is none of the server's options — a
 * misspelled key — is refused wherever it stands (the host would keep it in plain text), with the
 * option it most likely meant; other statements' options of such names are not FDW options.
 */
describe('misspelled key options', () => {
  it.each([
    ["create server s foreign data wrapper w options (aws_session_token 'x')", 'session_token'],
    ["alter server s options (add secret_access_key 'x')", 'aws_secret_access_key'],
    ["alter server s options (set aws_secret_key 'x')", 'aws_secret_access_key'],
    ["create user mapping for public server s options (access_key 'x')", 'aws_access_key_id'],
    ["alter user mapping for public server s options (add aws_key_id 'x')", 'aws_access_key_id'],
    ["alter foreign table ft options (add api_token 'x')", 'session_token'],
    ["alter foreign table ft alter column c options (add secret 'x')", 'aws_secret_access_key'],
    ["create foreign table ft (c text options (secretkey 'x')) server s", 'aws_secret_access_key'],
    ["import foreign schema d from server s into public options (aws_token 'x')", 'session_token'],
    ["create foreign data wrapper w options (vault_secret 'x')", 'vault_secret_access_key'],
    ["do $$ begin create user mapping for public server s options (password 'x'); end $$", ''],
  ])('%s → HV00D, meant %s', (text, meant) => {
    const e = refusal(text);
    expect(e.sqlstate).toBe('HV00D');
    expect(e.hint).toMatch(meant ? new RegExp(`^did you mean "${meant}"\\? AWS keys`) : /^AWS keys/);
  });

  it.each([
    "create server s foreign data wrapper w options (vault_secret_access_key 'k', vault_access_key_id 'i', vault_session_token 't', credentials 'default')",
    'alter server s options (drop aws_secret_key)',
    "alter role current_user password 'x'",
    'explain (analyze, settings) select 1',
    'create table t (a int) with (fillfactor = 70)',
  ])('%s is no misspelled key option', (text) => {
    try {
      check(text);
    } catch (e) {
      expect((e as EngineError).sqlstate).not.toBe('HV00D');
    }
  });
});
