import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY } from '../src/demo/demo-sql';
import { freePort, startServerProcess, type ServerProcess } from './support/server-process';

/**
 * The security promise, against the real server (`npm start` semantics: a child process with the
 * demo on dynalite): no SQL reaches a secret, the vault key or the host's configuration, and the
 * server keeps serving after every refusal.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'dynascope-security-'));
const TOKEN = 'security-test-token-5d1e';
const SECRET = 'Zq8-sEcReT/vAlUe+77x';
let server: ServerProcess;
let base: string;

const env = () => ({
  DYNASCOPE_DATA_DIR: dataDir,
  DYNASCOPE_DEMO_EVENTS: '200',
  DYNASCOPE_TOKEN: TOKEN,
  DYNASCOPE_WEB_DIST: join(dataDir, 'no-web-build'),
});

/** Every response body seen: none may hold a secret or the key. */
const bodies: string[] = [];

async function post(
  path: string,
  body: unknown,
): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const res = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  bodies.push(text);
  const last = text.trim().split('\n').at(-1)!;
  return {
    status: res.status,
    text,
    json: JSON.parse(path.endsWith('/stream') ? last : text) as Record<string, unknown>,
  };
}

const sql = (text: string) => post('/api/sql', { sql: text });
const errorOf = (json: Record<string, unknown>) =>
  json.error as { sqlstate: string; message: string } | undefined;

async function start(): Promise<void> {
  const port = await freePort();
  server = await startServerProcess({ ...env(), PORT: String(port) });
  base = `http://127.0.0.1:${port}/`;
}

beforeAll(start, 180_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Statements a hostile or careless user may send, and Postgres's refusal of each. */
const HOSTILE: readonly string[] = [
  "select pg_read_file('vault.key')",
  "select pg_read_file('../vault.key')",
  "select pg_read_binary_file('PG_VERSION')",
  "select pg_ls_dir('.')",
  "select pg_stat_file('PG_VERSION')",
  "alter system set work_mem = '1MB'",
  'create role evil superuser',
  'create user evil',
  'alter role dynascope_user superuser',
  "copy (select 1) to '/tmp/dynascope-evil'",
  "copy (select 1) to program 'id'",
  "copy vault.secrets from '/etc/passwd'",
  "select lo_import('/etc/passwd')",
  "select lo_export(0, '/tmp/dynascope-evil')",
  "load 'plpgsql'",
  'create extension pgcrypto',
  'set role postgres',
  'set session authorization postgres',
  'SET SESSION AUTHORIZATION DEFAULT',
  'reset session authorization',
  // In a body the host would run DISCARD ALL: SET SESSION AUTHORIZATION DEFAULT among its parts (back to the superuser).
  'create function evil() returns void language sql as $$ discard all $$',
  'set "session_authorization" = \'postgres\'',
  "select set_config('session_authorization', 'postgres', false)",
  "update pg_settings set setting = 'postgres' where name = 'session_authorization'",
  "do $$ begin execute 'set session authorization postgres'; end $$",
  'create function evil() returns text language sql as $$ set session authorization postgres; select current_user::text $$',
  "create function evil() returns text language sql set session_authorization = 'postgres' as $$ select current_user::text $$",
  'create procedure evil() language sql as $$ reset session authorization $$',
  "create function evil() returns void language plpgsql as $$ begin execute 'set session authorization postgres'; end $$",
  'create function evil() returns void language plpgsql as $$ begin set session authorization postgres; end $$',
  "create function evil() returns int language plpgsql as $$ declare r record; begin for r in execute 'select 1' loop end loop; return 1; end $$",
  "do $$ begin perform set_config('session_authorization', 'postgres', false); end $$",
  // set_config follows SET's rule; a setting named at run time is refused (the engine cannot tell which it is).
  "select set_config(format('%s_authorization', 'session'), 'postgres', false)",
  "select set_config(current_setting('application_name'), 'postgres', false)",
  "select set_config('standard_conforming_strings', 'off', false)",
  "select query_to_xml('select set_config(''session_authorization'', ''postgres'', false)', true, false, '')",
  "create aggregate evil(text, boolean) (sfunc = set_config, stype = text, initcond = 'session_authorization')",
  "update pg_settings set setting = 'off' where name = 'standard_conforming_strings'",
  'select * from dynascope.secret_values',
  'select * from dynascope.server_credentials',
  "insert into vault.secrets (name) values ('evil')",
  'delete from vault.secrets',
  "create or replace function vault.create_secret(secret text, name text default null, description text default '') returns uuid language sql as $$ select gen_random_uuid() $$",
  'select pg_reload_conf()',
  // The roles the engine's own work uses: PGlite's COPY role (server-file COPY) and the quarantine's owner.
  'set role dynascope_copy',
  'set role dynascope_quarantine',
  'grant dynascope_copy to dynascope_user',
  'reassign owned by dynascope_user to postgres',
  'create schema evil authorization postgres',
  "alter role dynascope_user set session_authorization = 'postgres'",
  "alter function pg_catalog.now() set session_authorization = 'postgres'",
  // A COPY naming a file or a program inside a body could run as the COPY role, inside the engine's COPY.
  "create function evil() returns void language plpgsql as $$ begin copy (select 1) to '/tmp/dynascope-evil'; end $$",
  "do $$ begin copy (select 1) to program 'id'; end $$",
  "create function evil() returns int language sql as $$ copy vault.secrets from '/etc/passwd'; select 1 $$",
  "create function evil() returns setof int language plpgsql as $$ begin return query execute 'select 1'; end $$",
  "create function evil() returns void language plpgsql as $$ declare c refcursor; begin open c for execute 'select 1'; end $$",
];

describe('user SQL runs as an ordinary role', () => {
  it('refuses every hostile statement with 42501 and keeps serving', async () => {
    for (const statement of HOSTILE) {
      const { status, json } = await sql(statement);
      expect(status, statement).toBe(400);
      expect(errorOf(json)?.sqlstate, `${statement}: ${errorOf(json)?.message}`).toBe('42501');
      const after = await sql('select current_user, session_user');
      expect(after.status, statement).toBe(200);
      expect((after.json.statements as { rows: unknown[][] }[])[0]!.rows, statement).toEqual([
        ['dynascope_user', 'dynascope_user'],
      ]);
    }
  });

  it('runs DISCARD ALL for the session, which stays the user role', async () => {
    const { status, json } = await sql('discard all; select current_user, session_user');
    expect(errorOf(json)).toBeUndefined();
    expect(status).toBe(200);
    const results = json.statements as { command: string; rows: unknown[][] }[];
    expect(results[0]!.command).toBe('DISCARD ALL');
    expect(results[1]!.rows).toEqual([['dynascope_user', 'dynascope_user']]);
  });

  it('still does what a workbench user needs: schemas, tables, views, temp tables, foreign tables, the vault', async () => {
    const script = `
      create schema scratch;
      create table scratch.t (id int primary key, v text);
      insert into scratch.t values (1, 'a');
      create view scratch.v as select * from scratch.t;
      create temp table tmp as select * from scratch.v;
      create function scratch.twice(x int) returns int language sql as $$ select x * 2 $$;
      select scratch.twice(id) from tmp;
      create foreign table scratch.users2 (user_id text, name text) server demo options (table 'users', rowid_column 'user_id');
      select count(*) > 0 from scratch.users2;
      select vault.create_secret('${SECRET}', 'security_test', 'd');
      select name from vault.secrets where name = 'security_test';
      create function scratch.users_seen() returns bigint language plpgsql as $$
        declare n bigint; begin select count(*) into n from scratch.users2; return n; end $$;
      select scratch.users_seen() > 0;
      drop schema scratch cascade`;
    const { status, json } = await sql(script);
    expect(errorOf(json)).toBeUndefined();
    expect(status).toBe(200);
    const results = json.statements as { rows: unknown[][] }[];
    expect(results[6]!.rows).toEqual([[2]]);
    expect(results[8]!.rows).toEqual([[true]]);
    expect(results[10]!.rows).toEqual([['security_test']]);
    expect(results[12]!.rows).toEqual([[true]]);
  });
});

/** Ways to write vault calls: none may echo the secret through any endpoint. */
function vaultSpellings(): string[] {
  const calls = [
    `"vault".create_secret('${SECRET}', 'n_%', 'd')`,
    `VAULT.CREATE_SECRET(secret => '${SECRET}', name => 'n_%')`,
    `vault /* c */ . create_secret(E'${SECRET}', 'n_%')`,
    `"vault"."create_secret"($$${SECRET}$$, 'n_%')`,
    `vault.update_secret('security_test', '${SECRET}')`,
    `vault.update_secret(secret_id => 'security_test', new_secret => '${SECRET}')`,
    `vault.create_secret('${SECRET}'::int)`,
    `vault.create_secret('${SECRET}', 'security_test')`, // duplicate name: an error inside the call
    `create_secret('${SECRET}')`,
  ];
  const out: string[] = [];
  let n = 0;
  for (const call of calls) {
    const c = () => call.replace('%', String(++n));
    out.push(
      `select ${c()}`,
      `  select ${c()} as id ;`,
      `with x as (select ${c()}) select * from x`,
      `explain select ${c()}`,
      `explain (verbose) select ${c()}`,
      `select 1; select ${c()}; select ${c()}`,
      `select * from users where user_id = ${c()}`,
      `select ${c()}`.slice(0, -3), // unterminated
      `select ${c()} from`,
    );
  }
  return out;
}

describe('secrets are masked wherever a statement goes', () => {
  it('never echoes a vault secret, whatever the spelling or endpoint', async () => {
    for (const statement of vaultSpellings()) {
      for (const path of ['/api/sql', '/api/explain', '/api/sql/stream']) {
        const { text, json } = await post(path, { sql: statement });
        expect(text, `${path} ${statement}`).not.toContain(SECRET);
        expect(text, `${path} ${statement}`).not.toContain(SECRET.slice(0, 10));
        expect(json.redactedSql, `${path} ${statement}`).toContain("'********'");
        expect(json.redactedSql).not.toContain(SECRET.slice(0, 10));
      }
      expect((await sql('select 1')).status).toBe(200);
    }
  });

  it('masks plain server credentials in the echo and the catalog', async () => {
    const { json, text } = await sql(
      `create server plain_creds foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIA${SECRET}', aws_secret_access_key '${SECRET}', region 'us-east-1');
       select srvoptions::text from pg_foreign_server where srvname = 'plain_creds';
       select option_value from information_schema.foreign_server_options where foreign_server_name = 'plain_creds';
       drop server plain_creds`,
    );
    expect(errorOf(json)).toBeUndefined();
    expect(text).not.toContain(SECRET.slice(0, 10));
    expect(text).toContain('********');
  });

  it('leaves no secret and no key byte anywhere but the key file, in no log line and no response', async () => {
    const key = readFileSync(join(dataDir, 'vault.key'), 'utf8').trim();
    const keyBytes = Buffer.from(key, 'hex');
    expect(keyBytes.length).toBe(32);
    expect((await sql('select 1')).status).toBe(200);
    const output = server.output();
    expect(await server.stop()).toBe(0);
    const needles = [
      Buffer.from(key),
      keyBytes,
      Buffer.from(keyBytes.toString('base64')),
      Buffer.from(SECRET),
      Buffer.from(DEMO_SECRET_ACCESS_KEY),
      Buffer.from(DEMO_ACCESS_KEY_ID),
    ];
    const holders = new Map<string, string[]>();
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) visit(path);
        else {
          const bytes = readFileSync(path);
          for (const [i, needle] of needles.entries())
            if (bytes.includes(needle))
              holders.set(`${i}`, [...(holders.get(`${i}`) ?? []), path.slice(dataDir.length)]);
        }
      }
    };
    visit(dataDir);
    expect(Object.fromEntries(holders)).toEqual({ '0': ['/vault.key'] });
    for (const text of [output, ...bodies]) {
      for (const needle of [
        key,
        keyBytes.toString('base64'),
        SECRET,
        DEMO_SECRET_ACCESS_KEY,
        DEMO_ACCESS_KEY_ID,
      ])
        expect(text).not.toContain(needle);
    }
    expect(readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['pgdata', 'vault.key']));
    expect(readdirSync(dataDir)).not.toContain('PG_VERSION');
  }, 60_000);
});

describe('a data directory from before the user role', () => {
  it('is moved into pgdata/ on start, its objects handed to the role, and no secret lost', async () => {
    if (server.child.exitCode === null) await server.stop();
    // The old layout: Postgres's files at the top of the data directory, everything owned by the superuser.
    const pgdata = join(dataDir, 'pgdata');
    for (const entry of readdirSync(pgdata)) renameSync(join(pgdata, entry), join(dataDir, entry));
    rmSync(pgdata, { recursive: true });
    const db = await PGlite.create({ dataDir });
    await db.exec(`reassign owned by dynascope_user to postgres; drop owned by dynascope_user; drop role dynascope_user;
                   grant execute on function set_config(text, text, boolean) to public; grant usage on language plpgsql to public`);
    expect(
      (
        await db.query<{ n: number }>(
          "select count(*)::int as n from pg_foreign_server where srvowner = 'postgres'::regrole",
        )
      ).rows[0]!.n,
    ).toBeGreaterThan(0);
    await db.close();
    mkdirSync(join(dataDir, 'no-web-build'), { recursive: true });

    await start();
    expect(readdirSync(dataDir)).toContain('pgdata');
    expect(readdirSync(dataDir)).not.toContain('PG_VERSION');
    // The demo's credentials still decrypt: a read of the embedded DynamoDB works.
    const read = await sql('select count(*) from users');
    expect(errorOf(read.json)).toBeUndefined();
    expect(Number((read.json.statements as { rows: unknown[][] }[])[0]!.rows[0]![0])).toBeGreaterThan(0);
    // The user owns what they made before, and is an ordinary role again.
    const owns = await sql(
      `comment on foreign table public.users is 'mine'; alter server demo options (set region 'us-east-1')`,
    );
    expect(errorOf(owns.json)).toBeUndefined();
    expect(errorOf((await sql("select pg_read_file('PG_VERSION')")).json)?.sqlstate).toBe('42501');
    expect(
      errorOf((await sql("select set_config('session_authorization', 'postgres', false)")).json)?.sqlstate,
    ).toBe('42501');
  }, 240_000);
});
