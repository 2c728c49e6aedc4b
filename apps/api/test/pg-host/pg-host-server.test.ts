import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoStatus } from '@dynascope/contract';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../packages/engine/test/support/pg-database';
// The set-up that starts the cluster (vitest.config.ts) declares what it provides: postgresUrl.
import type {} from '../../../../packages/engine/test/support/global-setup-postgres';
import { DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY } from '../../src/demo/demo-sql';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * The real server (`npm start` semantics: a child process, the demo on dynalite) with
 * DYNASCOPE_DATABASE_URL: its catalog, vault and temp tables live in a database of the run's
 * throwaway PostgreSQL 15 cluster (npm run test:pg). A second process on the same database shares
 * them; one with another vault key is refused.
 */
const TOKEN = 'pg-host-test-token-8c41';
const VAULT_KEY = 'pg-host-vault-key-2e7b90';
const SECRET = 'Pg8-hOsT/sEcReT+51q';
// The cluster trusts every local login, so this password is never checked: it is there to be looked for.
const DB_PASSWORD = 'db-pw-6f3d1a';
const EVENTS = 2_000;

const dirs: string[] = [];
const servers: ServerProcess[] = [];
/** Every response body seen: none may hold a secret, the vault key or the database password. */
const bodies: string[] = [];
let databaseUrl: string;
let a: Served;

interface Served {
  readonly server: ServerProcess;
  readonly base: string;
  readonly pgPort: number;
}

async function serve(env: Record<string, string>, timeoutMs?: number): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'dynascope-pg-api-'));
  dirs.push(dir);
  const [port, pgPort] = [await freePort(), await freePort()];
  const server = await startServerProcess(
    {
      PORT: String(port),
      DYNASCOPE_PG_PORT: String(pgPort),
      DYNASCOPE_DATA_DIR: dir,
      DYNASCOPE_DATABASE_URL: databaseUrl,
      DYNASCOPE_VAULT_KEY: VAULT_KEY,
      DYNASCOPE_TOKEN: TOKEN,
      DYNASCOPE_DEMO_EVENTS: String(EVENTS),
      DYNASCOPE_WEB_DIST: join(dir, 'no-web-build'),
      ...env,
    },
    timeoutMs,
  );
  servers.push(server);
  return { server, base: `http://127.0.0.1:${port}/`, pgPort };
}

const JSON_WITH_TOKEN = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/** POSTs to one server; the answer's JSON (a stream's last line). */
async function post(on: Served, path: string, body: unknown) {
  const res = await fetch(new URL(path, on.base), {
    method: 'POST',
    headers: JSON_WITH_TOKEN,
    body: JSON.stringify(body),
  });
  const text = await res.text();
  bodies.push(text);
  const answer = path.endsWith('/stream') ? text.trim().split('\n').at(-1)! : text;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON, checked by expect()
  return { status: res.status, json: JSON.parse(answer) as any };
}

const sql = (on: Served, text: string, session?: string) =>
  post(on, '/api/sql', { sql: text, ...(session && { session }) });

/** The rows of a script's statements, failing with the error's SQLSTATE and message if it has one. */
async function rowsOf(on: Served, text: string, session?: string): Promise<unknown[][][]> {
  const { status, json } = await sql(on, text, session);
  expect(json.error, JSON.stringify(json.error)).toBeUndefined();
  expect(status).toBe(200);
  return (json.statements as { rows: unknown[][] }[]).map((s) => s.rows);
}

function psql(on: Served, input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      '/usr/bin/psql',
      [
        '-X',
        '-A',
        '-t',
        '-v',
        'VERBOSITY=verbose',
        '-h',
        '127.0.0.1',
        '-p',
        String(on.pgPort),
        '-U',
        'dynascope',
        '-d',
        'dynascope',
      ],
      { env: { ...process.env, PGPASSWORD: TOKEN, PGCONNECT_TIMEOUT: '10' }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
  });
}

beforeAll(async () => {
  databaseUrl = (await createTestDatabase()).replace('postgres@', `postgres:${DB_PASSWORD}@`);
  a = await serve({});
  // The events table fills in the background after the server is ready: the tests count all of it.
  for (;;) {
    const res = await fetch(new URL('/api/demo', a.base), { headers: { authorization: `Bearer ${TOKEN}` } });
    const { fill } = (await res.json()) as DemoStatus;
    if (fill?.state === 'failed') throw new Error(`the demo fill failed: ${fill.message}`);
    if (!fill || fill.state === 'done') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 180_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the API server on a PostgreSQL host', () => {
  it('names the host in its log, and runs SQL over HTTP on foreign and host tables', async () => {
    expect(a.server.output()).toMatch(
      /host PostgreSQL at 127\.0\.0\.1:\d+\/t_\w+ \(DYNASCOPE_DATABASE_URL\)/,
    );
    expect(await rowsOf(a, 'select count(*) from events')).toEqual([[[String(EVENTS)]]]);
    const [, , joined, server] = await rowsOf(
      a,
      `create table public.vip (user_id text primary key, level int);
       insert into vip select user_id, 3 from users order by user_id limit 2;
       select v.user_id, v.level, u.name is not null from vip v join users u using (user_id) order by 1;
       select current_setting('server_version_num')::int / 10000, current_user::text`,
    );
    expect(joined).toHaveLength(2);
    expect(joined!.map((r) => [r[1], r[2]])).toEqual([
      [3, true],
      [3, true],
    ]);
    expect(server).toEqual([[15, 'dynascope_user']]);
  });

  it("answers a lookup in session B while session A's paced count is still running", async () => {
    await rowsOf(a, 'set dynascope.max_rcu_per_second = 5', 'tab-a');
    let aDone = false;
    const count = post(a, '/api/sql/stream', {
      sql: 'select count(*), sum(duration_ms) from events',
      session: 'tab-a',
    }).finally(() => (aDone = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(aDone).toBe(false);
    const lookup = await rowsOf(a, "select user_id from users where user_id = 'u0001'", 'tab-b');
    const bFinishedFirst = !aDone;
    expect(lookup).toEqual([[['u0001']]]);
    expect(bFinishedFirst, 'B answered while A was still running').toBe(true);
    const done = await count;
    expect(done.json.error).toBeUndefined();
    expect(done.json.statements[0].rows[0][0]).toBe(String(EVENTS));
  }, 120_000);

  it('serves the Postgres wire protocol: psql and node-postgres read a foreign table; SET SESSION AUTHORIZATION is refused', async () => {
    const read = await psql(a, "select user_id from users where user_id = 'u0002';\n");
    expect(read.stderr.trim()).toMatch(/^NOTICE: {2}00000: DynamoDB: GetItem users \[user_id = 'u0002'\]/);
    expect(read.stdout.trim()).toBe('u0002');
    const refused = await psql(a, 'set session authorization postgres;\nselect current_user;\n');
    expect(refused.stderr).toMatch(/ERROR: {2}42501: /);
    expect(refused.stdout.trim()).toBe('dynascope_user');

    const client = new pg.Client({
      host: '127.0.0.1',
      port: a.pgPort,
      user: 'dynascope',
      database: 'dynascope',
      password: TOKEN,
    });
    await client.connect();
    try {
      const res = await client.query<{ n: string }>(
        'select count(*) as n from events where duration_ms >= $1',
        [0],
      );
      expect(Number(res.rows[0]!.n)).toBeGreaterThan(0);
      await expect(client.query('set session authorization postgres')).rejects.toMatchObject({
        code: '42501',
      });
      expect((await client.query('select current_user::text as u, session_user::text as s')).rows).toEqual([
        { u: 'dynascope_user', s: 'dynascope_user' },
      ]);
    } finally {
      await client.end();
    }
  });

  it("sends a column's table oid, attnum and typmod in RowDescription, and the host's current_database()", async () => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: a.pgPort,
      user: 'dynascope',
      database: 'dynascope',
      password: TOKEN,
    });
    await client.connect();
    try {
      const origin = await client.query<{ oid: number; attnum: number }>(
        "select attrelid::int as oid, attnum::int as attnum from pg_attribute where attrelid = 'public.users'::regclass and attname = 'user_id'",
      );
      // A foreign table's column (read from its items), an expression, and a typmod of a cast.
      const res = await client.query(
        "select user_id, user_id || '' as x, 1.5::numeric(10,2) as p from users where user_id = 'u0002'",
      );
      expect(res.fields.map((f) => [f.name, f.tableID, f.columnID, f.dataTypeModifier])).toEqual([
        ['user_id', origin.rows[0]!.oid, origin.rows[0]!.attnum, -1],
        ['x', 0, 0, -1],
        ['p', 0, 0, 655366],
      ]);
      // Any database name connects; current_database() is the host's, the URL's database.
      const db = await client.query<{ d: string }>('select current_database()::text as d');
      expect(db.rows).toEqual([{ d: new URL(databaseUrl).pathname.slice(1) }]);
    } finally {
      await client.end();
    }
  });

  it('answers MOVE and FETCH over a host-table cursor with the tags PostgreSQL gives the same script', async () => {
    const steps = [
      'move 3 in c',
      'fetch 2 from c',
      'move all in c',
      'move 1 in c',
      'move backward 4 in c',
      'move prior in c',
      'fetch backward all from c',
      'move absolute 7 in c',
      'move relative -2 in c',
      'move last in c',
      'move absolute 0 in c',
      'move forward all in c',
      'move backward all in c',
    ];
    const tags = async (client: pg.Client) => {
      await client.query('begin');
      await client.query('declare c scroll cursor for select v from public.move_rows order by v');
      const out: [string, number | null][] = [];
      for (const step of steps) {
        const r = await client.query(step);
        out.push([r.command, r.rowCount]);
      }
      await client.query('rollback');
      return out;
    };
    const wire = new pg.Client({
      host: '127.0.0.1',
      port: a.pgPort,
      user: 'dynascope',
      database: 'dynascope',
      password: TOKEN,
    });
    const direct = new pg.Client({ connectionString: databaseUrl });
    await wire.connect();
    await direct.connect();
    try {
      await wire.query('create table public.move_rows as select generate_series(1, 12) as v');
      // The same table read by PostgreSQL itself (the host's database, its superuser) gives the expected tags.
      const expected = await tags(direct);
      expect(expected.slice(0, 4)).toEqual([
        ['MOVE', 3],
        ['FETCH', 2],
        ['MOVE', 7],
        ['MOVE', 0],
      ]);
      expect(await tags(wire)).toEqual(expected);
    } finally {
      await wire.query('drop table if exists public.move_rows').catch(() => undefined);
      await wire.end();
      await direct.end();
    }
  });

  it('refuses what would reach the server host itself with 42501, and keeps serving', async () => {
    for (const statement of [
      "select pg_read_file('postgresql.conf')",
      "select pg_ls_dir('.')",
      "copy (select 1) to program 'id'",
      "copy (select 1) to '/tmp/dynascope-pg-evil'",
      "select lo_import('/etc/passwd')",
      "alter system set work_mem = '1MB'",
      'create role evil superuser',
      'set role postgres',
      'reset session authorization',
      "select set_config('session_authorization', 'postgres', false)",
      'select * from dynascope.secret_values',
      'select * from dynascope.vault_key_check',
      "do $$ begin execute 'set session authorization postgres'; end $$",
    ]) {
      const { status, json } = await sql(a, statement);
      expect(status, statement).toBe(400);
      expect(json.error?.sqlstate, `${statement}: ${json.error?.message}`).toBe('42501');
      expect(await rowsOf(a, 'select current_user::text')).toEqual([[['dynascope_user']]]);
    }
  });

  it('a second process on the same database reads what the first created; one with another vault key is refused', async () => {
    await rowsOf(
      a,
      `create foreign table public.shared_users (user_id text not null, name text) server demo options (table 'users', rowid_column 'user_id');
       select vault.create_secret('${SECRET}', 'pg_host_secret', 'looked for in every output')`,
    );
    // Without the demo: B reads A's embedded DynamoDB through the shared catalog and vault.
    const b = await serve({ DYNASCOPE_DEMO: '0' });
    expect(await rowsOf(b, "select user_id from shared_users where user_id = 'u0003'")).toEqual([
      [['u0003']],
    ]);
    expect(await rowsOf(b, 'select count(*) from vip')).toEqual([[['2']]]);
    expect(await rowsOf(b, "select name from vault.secrets where name = 'pg_host_secret'")).toEqual([
      [['pg_host_secret']],
    ]);
    // What B writes to a host table, A reads.
    await rowsOf(b, "insert into vip values ('from-b', 1)");
    expect(await rowsOf(a, "select level from vip where user_id = 'from-b'")).toEqual([[[1]]]);

    const otherKey = 'another-vault-key-93aa';
    const refused = await serve({ DYNASCOPE_DEMO: '0', DYNASCOPE_VAULT_KEY: otherKey }, 60_000).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(refused).toMatch(
      /exited with 1[\s\S]*this vault key is not the one the database's vault was made with \(every API process on one PostgreSQL database \(DYNASCOPE_DATABASE_URL\) needs the same DYNASCOPE_VAULT_KEY/,
    );
    expect(refused).not.toContain(otherKey);
    expect(refused).not.toContain(VAULT_KEY);
  }, 240_000);

  it('leaves the vault key, secrets and the database password in no response, no log line and no database row', async () => {
    const logs = servers.map((s) => s.output());
    for (const server of servers) await server.stop();
    const needles = [VAULT_KEY, SECRET, DB_PASSWORD, DEMO_SECRET_ACCESS_KEY, DEMO_ACCESS_KEY_ID];
    for (const text of [...logs, ...bodies]) for (const needle of needles) expect(text).not.toContain(needle);
    // The whole database as text: the vault holds ciphertexts only.
    const dump = await new Promise<string>((resolve, reject) =>
      execFile(
        '/usr/lib/postgresql/15/bin/pg_dump',
        ['--data-only', '--no-owner', databaseUrl],
        { maxBuffer: 256 * 1024 * 1024 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(dump).toContain('pg_host_secret');
    for (const needle of needles) expect(dump).not.toContain(needle);
  }, 60_000);
});
