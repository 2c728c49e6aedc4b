import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgFixture, type PgFixture } from './pg-fixture';
import { CLIENTS, lines, pythonCheck as pythonCheckAt } from './python-check';

// Debian's pgjdbc, psycopg2 and psycopg 3 against the real server (.ci/run installs them). A missing client
// fails these tests: it is never skipped. Server-side cursors' drivers: driver-cursors.test.ts.
const run = promisify(execFile);
const PGJDBC = '/usr/share/java/postgresql.jar';
let fx: PgFixture;
let classes: string;

beforeAll(async () => {
  fx = await startPgFixture(2_000);
  classes = mkdtempSync(join(tmpdir(), 'dynascope-jdbc-'));
});
afterAll(async () => {
  await fx?.close();
  if (classes) rmSync(classes, { recursive: true, force: true });
});

describe('pgjdbc', () => {
  it('reads metadata, switches to a named statement, keeps numeric exact, reports SQLSTATEs', async () => {
    expect(existsSync(PGJDBC), `${PGJDBC} is missing: apt-get install libpostgresql-jdbc-java`).toBe(true);
    await run('javac', ['-cp', PGJDBC, '-d', classes, join(CLIENTS, 'JdbcCheck.java')], { timeout: 120_000 });
    const { host, port, user, password } = fx.connection;
    const { stdout } = await run(
      'java',
      [
        '-cp',
        `${classes}:${PGJDBC}`,
        'JdbcCheck',
        `jdbc:postgresql://${host}:${port}/dynascope`,
        user,
        password,
      ],
      { timeout: 120_000 },
    );
    const out = lines(stdout);
    const exact = await fx.demo.engine.execute(
      "select lifetime_value::text from users where user_id in ('u0001', 'u0007') order by user_id",
    );
    const [first, seventh] = exact.statements[0]!.rows.map((r) => String(r[0]));
    expect(out).toEqual({
      product: expect.stringMatching(/^PostgreSQL 1\d$/),
      tables: 'events,orders,products,users',
      columns: 'device_id int4,ts int8,kind text,duration_ms int4,value numeric,payload jsonb,_attrs jsonb',
      'primary keys': '0',
      'numeric 1': first,
      'numeric 7': seventh,
      prepared: 'u0001,u0002,u0003,u0004,u0005,u0006,u0007',
      described: '2 columns, 1 parameter',
      'host described': '2 x int4 n timestamptz',
      'host update count': '1',
      // Rows 2 and 3 went in before 'x' failed: the batch's Sync rolled them back, as Postgres does.
      batch: '22P02',
      'batch rows kept': '0',
      typed: '42 24691357802469135780.50 true',
      error: '42703',
      // `select user_id from users where nosuch = ?`: nosuch at 33 in the driver's text.
      'error position': '42703 at 33',
      'cost guard': '54000',
      'copy out': '2 columns, user_id|u0001|u0002|u0003',
      fetched: '2000',
    });
    expect(first).toMatch(/^\d+\.\d{10,}$/);
  });
});

/** A client check script of ./clients run against the server: its "key: value" lines. */
const pythonCheck = (script: string) => pythonCheckAt(fx.connection, script);

describe('psycopg2', () => {
  it('binds parameters and fetches a named server-side cursor in batches', async () => {
    expect(await pythonCheck('psycopg2_check.py')).toEqual({
      param: 'u0001 int True',
      typed: "42 it's 12345678901234567890.5",
      // 2,000 rows as FETCH FORWARD 250 from the DECLAREd cursor: eight full batches.
      batches: '2000 [250, 250, 250, 250, 250, 250, 250, 250]',
      'copy out': 'u0001;u0002;',
      'copy in': '2',
      copied: 'Ada,Bob',
      error: '22012',
    });
  });
});

describe('psycopg 3', () => {
  it('reads COPY TO a row per CopyData (Copy.rows()), writes COPY FROM rows, and reads with read_only', async () => {
    expect(await pythonCheck('psycopg3_check.py')).toEqual({
      // Parsed a row from each CopyData: three fields, the escaped newline read back.
      'copy rows': "[('u0001', 'two\\nlines'), ('u0002', 'two\\nlines')] 2",
      'copy columns': '1',
      // The header, then the row: a CopyData each.
      'copy data': "[b'user_id\\n', b'u0003\\n']",
      'copy in columns': '2',
      'copy in': '2',
      copied: 'Ada,Bob',
      'copy in error': '42703',
      // conn.read_only: reads the host evaluates answer in BEGIN READ ONLY; a write is 25006.
      'read only join': "[('py3a', 'Ada'), ('py3b', 'Bob')]",
      'read only cursor': "['Ada', 'Bob']",
      'read only setting': 'on',
      'read only update': '25006',
    });
  });
});

describe('pgAdmin 4 and pg_dump over psycopg 3', () => {
  it("run their set_config calls as SET's rule allows, and are refused what it refuses", async () => {
    expect(await pythonCheck('pgadmin_check.py')).toEqual({
      batch: 'SET',
      settings: "('ISO, MDY', 'hex')",
      search_path: "''",
      refused: '42501 permission denied to set session authorization',
      'bound name': '42501 permission denied to set a parameter named at run time',
      user: "('dynascope_user', 'dynascope_user')",
    });
  });
});
