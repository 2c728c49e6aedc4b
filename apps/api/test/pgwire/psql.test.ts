import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY_ID, DEMO_REGION, DEMO_SECRET_ACCESS_KEY } from '../../src/demo/demo-sql';
import { startCountingRelay, type CountingRelay } from './counting-relay';
import { psql, startPgFixture, type PgFixture } from './pg-fixture';

// Debian's psql (PostgreSQL 15's libpq) against the real server, engine and dynalite. 30k events
// make a full Scan long enough to cancel.
let fx: PgFixture;
let relay: CountingRelay;
let dir: string;

beforeAll(async () => {
  fx = await startPgFixture(30_000);
  // The demo server reads through a relay that counts DynamoDB calls (the cancel test needs them).
  relay = await startCountingRelay(fx.demo.dynalite.endpoint);
  const alter = await fx.demo.engine.execute(
    `alter server demo options (set endpoint_url '${relay.endpoint}')`,
  );
  expect(alter.error).toBeUndefined();
  dir = mkdtempSync(join(tmpdir(), 'dynascope-psql-'));
});
afterAll(async () => {
  await fx?.close();
  await relay?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('psql', () => {
  it('runs a query: Postgres text output of every type, then the capacity NOTICE', async () => {
    const r = await psql(fx, [
      '-At',
      '-c',
      `select user_id, active, 1.5::float8, 1e15::float8, 0.1::float4, '{"a": [1, 2.50]}'::jsonb,
              12345678901234567890123456789012345678::numeric, '\\x00ff'::bytea, date '2024-03-05'
         from users where user_id = 'u0001'`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'u0001|f|1.5|1e+15|0.1|{"a": [1, 2.50]}|12345678901234567890123456789012345678|\\x00ff|2024-03-05\n',
    );
    // A read by key plans without statistics (engine plan-scan.ts chooseWithFigures): even the first
    // statement over users, whose size dynalite's DescribeTable does not give, sends the GetItem alone.
    expect(r.stderr).toBe(
      "NOTICE:  DynamoDB: GetItem users [user_id = 'u0001']: 1 item scanned, 1 returned; consumed 0.5 RCU\n",
    );
    const again = await psql(fx, ['-At', '-c', "select user_id from users where user_id = 'u0001'"]);
    expect(again.stderr).toBe(
      "NOTICE:  DynamoDB: GetItem users [user_id = 'u0001']: 1 item scanned, 1 returned; consumed 0.5 RCU\n",
    );
  });

  it('runs several statements of one query string, each with its tag', async () => {
    const r = await psql(fx, [
      '-c',
      "select 1 as one; select 'a' as x union all select 'b'; set datestyle = 'German'; show datestyle",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(' one \n-----\n   1\n(1 row)');
    expect(r.stdout).toContain(' x \n---\n a\n b\n(2 rows)');
    expect(r.stdout).toContain('German, DMY');
  });

  it('describes a foreign table (\\d) and lists them (\\dE, \\dn, \\df)', async () => {
    const d = await psql(fx, ['-c', '\\d events']);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('Foreign table "public.events"');
    expect(d.stdout).toMatch(/ device_id\s+\| integer\s+\|\s+\| not null/);
    expect(d.stdout).toMatch(/ payload\s+\| jsonb/);
    expect(d.stdout).toContain('Server: demo');

    const dE = await psql(fx, ['-c', '\\dE']);
    expect(dE.code).toBe(0);
    expect(dE.stdout).toMatch(/ public \| events\s+\| foreign table/);
    expect(dE.stdout).toMatch(/ public \| users\s+\| foreign table/);

    const dn = await psql(fx, ['-c', '\\dn']);
    expect(dn.stdout).toMatch(/ dynamodb\s+\|/);
    const df = await psql(fx, ['-c', '\\df dynascope.*']);
    expect(df.code).toBe(0);
    expect(df.stdout).toContain('server_identity');
  });

  it('reports an error with its SQLSTATE and position: LINE 1 and the caret', async () => {
    const r = await psql(fx, ['-v', 'VERBOSITY=verbose', '-c', 'select user_id, nosuch from users']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'ERROR:  42703: column "nosuch" does not exist\nLINE 1: select user_id, nosuch from users\n                        ^',
    );
  });

  it('applies the settings a client asks for at start-up (application_name, PGOPTIONS -c)', async () => {
    const r = await psql(
      fx,
      ['-At', '-c', "select current_setting('application_name'), current_setting('search_path')"],
      {
        env: { PGOPTIONS: '-c search_path=dynamodb,public', PGAPPNAME: 'wire-test' },
      },
    );
    expect(r.stdout).toBe('wire-test|dynamodb, public\n');
    const bad = await psql(fx, ['-c', 'select 1'], { env: { PGOPTIONS: '-c no_such_setting=1' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('FATAL:  unrecognized configuration parameter "no_such_setting"');
    // A Boolean of the engine's own that is none, as Postgres refuses one of its own.
    const maybe = await psql(fx, ['-c', 'select 1'], {
      env: { PGOPTIONS: '-c dynascope.page_filters=maybe' },
    });
    expect(maybe.code).toBe(2);
    expect(maybe.stderr).toContain('FATAL:  parameter "dynascope.page_filters" requires a Boolean value');
  });

  it('sends the capacity NOTICE only while client_min_messages lets a NOTICE through, as a RAISE NOTICE', async () => {
    const read = "select user_id from users where user_id = 'u0001'";
    const raise = "do $$ begin raise notice 'from plpgsql'; end $$";
    // At start-up (PGOPTIONS), then SET in the session, then back.
    const quiet = await psql(fx, ['-At', '-c', read, '-c', raise], {
      env: { PGOPTIONS: '-c client_min_messages=error' },
    });
    expect(quiet.stdout).toBe('u0001\nDO\n');
    expect(quiet.stderr).toBe('');
    const set = await psql(fx, ['-At'], {
      input: `set client_min_messages = warning;\n${read};\n${raise};\nset client_min_messages = notice;\n${read};\n${raise};\n`,
    });
    expect(set.stderr).toBe(
      "NOTICE:  DynamoDB: GetItem users [user_id = 'u0001']: 1 item scanned, 1 returned; consumed 0.5 RCU\n" +
        'NOTICE:  from plpgsql\n',
    );
  });

  it('answers \\lo_import (a FunctionCall) with an error and ReadyForQuery: psql goes on', async () => {
    const file = join(dir, 'lo.txt');
    writeFileSync(file, 'large object');
    // Before, the server waited for a Sync that never comes: psql hung until killed.
    const r = await psql(fx, ['-At'], { input: `\\lo_import ${file}\nselect 'after';\n` });
    expect(r.stderr).toContain('ERROR:  fastpath function calls are not supported');
    expect(r.stdout).toBe('after\n');
  });

  it("prints floats as Postgres does under the session's extra_float_digits: the host's own text", async () => {
    const client = new DynamoDBClient({
      endpoint: fx.demo.dynalite.endpoint,
      region: DEMO_REGION,
      credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
    });
    await client.send(
      new CreateTableCommand({
        TableName: 'floats',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: 'floats' });
    client.destroy();
    // Values whose text differs between settings: rounded digits, and the exponent form, which
    // starts at 10^(digits shown) (real 12345 is `1.234e+04` under extra_float_digits -2).
    const values = `('a', 12345, 1e14), ('b', 0.1, 0.1::float8 + 0.2), ('c', 1e-5, 123456789012345.6),
      ('d', 3.4028235e38, 2::float8 / 3), ('e', -1234.5678, -2.5e-7), ('f', 100000, 1e15), ('g', null, 0)`;
    const made = await fx.demo.engine.execute(
      `create foreign table public.floats (id text not null, r real, d float8)
         server demo options (table 'floats', rowid_column 'id');
       insert into floats values ${values};
       create table public.host_floats (id text, r real, d float8);
       insert into host_floats values ${values};`,
    );
    expect(made.error).toBeUndefined();
    const select = (t: string) => `select id, r, d, array[r, r * 3], d * 7 from ${t} order by id`;
    for (const digits of ['-2', '-15', '0', '1', '3']) {
      const foreign = await psql(fx, [
        '-Atq',
        '-c',
        `set extra_float_digits = ${digits}`,
        '-c',
        select('floats'),
      ]);
      const host = await psql(fx, [
        '-Atq',
        '-c',
        `set extra_float_digits = ${digits}`,
        '-c',
        select('host_floats'),
      ]);
      expect(foreign.code).toBe(0);
      expect(foreign.stdout.split('\n')).toHaveLength(8);
      expect(foreign.stdout, `extra_float_digits = ${digits}`).toBe(host.stdout);
    }
    const rounded = await psql(fx, ['-Atq', '-c', 'set extra_float_digits = -2', '-c', select('floats')]);
    // What a JavaScript number printed shortest (the rebuild this replaced) would show as 12345 and 100000000000000.
    expect(rounded.stdout.split('\n')[0]).toMatch(/^a\|1\.234e\+04\|1e\+14\|/);
  });

  it('refuses a wrong password', async () => {
    const r = await psql(fx, ['-c', 'select 1'], { password: 'not-the-token' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('FATAL:  password authentication failed for user "dynascope"');
    expect(r.stdout).toBe('');
  });

  it('\\copy out to a file and back in: the rows round-trip', async () => {
    const out = join(dir, 'users.csv');
    const exported = await psql(fx, [
      '-c',
      `\\copy (select 'c' || user_id as user_id, name, age from users where user_id in ('u0001', 'u0002', 'u0003') order by 1) to '${out}' with (format csv, header)`,
    ]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('COPY 3\n');
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\n')[0]).toBe('user_id,name,age');
    expect(csv.trim().split('\n')).toHaveLength(4);

    const imported = await psql(fx, [
      '-c',
      `\\copy users (user_id, name, age) from '${out}' with (format csv, header)`,
    ]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('COPY 3\n');
    const back = await psql(fx, [
      '-At',
      '-c',
      `select substr(user_id, 2), name, age from users where user_id in ('cu0001', 'cu0002', 'cu0003') order by 1`,
    ]);
    const original = await psql(fx, [
      '-At',
      '-c',
      `select user_id, name, age from users where user_id in ('u0001', 'u0002', 'u0003') order by 1`,
    ]);
    expect(back.stdout.trim().split('\n')).toHaveLength(3);
    expect(back.stdout).toBe(original.stdout);
  });

  /** Writes `rows` to a CSV file, \\copy's it into users through psql, and reads back `check` (-At). */
  async function copyUsersIn(name: string, rows: readonly string[], check: string): Promise<string> {
    const file = join(dir, name);
    writeFileSync(file, `${rows.join('\n')}\n`);
    const r = await psql(fx, ['-c', `\\copy users (user_id, name, age) from '${file}' with (format csv)`]);
    expect(r.stderr).toMatch(/^(NOTICE: .*\n)*$/);
    expect(r.stdout).toBe(`COPY ${rows.length}\n`);
    return (await psql(fx, ['-At', '-c', check])).stdout;
  }

  it('\\copy of many rows in: the data streams to the engine as it arrives', async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `bulk${String(i).padStart(5, '0')},Bulk ${i},${i % 90}`,
    );
    const back = await copyUsersIn(
      'bulk.csv',
      rows,
      "select count(*), sum(age) from users where user_id like 'bulk%'",
    );
    expect(back).toBe(`5000|${rows.reduce((sum, _, i) => sum + (i % 90), 0)}\n`);
  });

  it('\\copy of several megabytes in: every byte arrives (CopyData streamed with backpressure)', async () => {
    // 3,000 rows of 2 kB names: 6 MB of CopyData, six times the megabyte the connection buffers.
    const rows = Array.from(
      { length: 3000 },
      (_, i) =>
        `big${String(i).padStart(5, '0')},${String.fromCharCode(97 + (i % 26)).repeat(2000)},${i % 70}`,
    );
    expect(rows.join('\n').length).toBeGreaterThan(6_000_000);
    const back = await copyUsersIn(
      'big.csv',
      rows,
      "select count(*), sum(length(name)), sum(age), count(distinct name) from users where user_id like 'big%'",
    );
    expect(back).toBe(`3000|6000000|${rows.reduce((sum, _, i) => sum + (i % 70), 0)}|26\n`);
  });

  it('\\copy from stdin with a bad row writes nothing and says which line', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'bad1,Ann,30\nbad2,Bob,not-a-number\n');
    const r = await psql(fx, [
      '-c',
      `\\copy users (user_id, name, age) from '${join(dir, 'bad.csv')}' with (format csv)`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('invalid input syntax for type integer: "not-a-number"');
    const none = await psql(fx, [
      '-At',
      '-c',
      "select count(*) from users where user_id in ('bad1', 'bad2')",
    ]);
    expect(none.stdout).toBe('0\n');
  });

  it('Ctrl+C sends a CancelRequest: the statement stops and so do its DynamoDB reads', async () => {
    const { host, port, user, database, password } = fx.connection;
    const child = spawn('/usr/bin/psql', ['-X', '-h', host, '-p', String(port), '-U', user, '-d', database], {
      env: { ...process.env, PGPASSWORD: password },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const scansBefore = relay.count('Scan');
    child.stdin.write(
      'set dynascope.scan_segments = 1;\nselect count(*) from events where duration_ms < 0;\n',
    );
    // Wait until the Scan reads, then press Ctrl+C (psql sends CancelRequest on its SIGINT).
    for (let i = 0; i < 1000 && relay.count('Scan') < scansBefore + 2; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(relay.count('Scan')).toBeGreaterThanOrEqual(scansBefore + 2);
    child.kill('SIGINT');
    child.stdin.end();
    for (let i = 0; i < 1000 && !stderr.includes('ERROR'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(stderr).toContain('ERROR:  canceling statement due to user request');
    const scansAtCancel = relay.count('Scan');
    await new Promise((r) => setTimeout(r, 500));
    expect(relay.count('Scan')).toBe(scansAtCancel);
    // psql stops a script read from stdin on Ctrl+C (its exit status 3) ...
    expect(await exited).toBe(3);
    // ... and the server goes on serving.
    const after = await psql(fx, ['-At', '-c', 'select 41 + 1']);
    expect(after.stdout).toBe('42\n');
  });
});
