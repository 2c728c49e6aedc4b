import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgFixture, type PgFixture } from './pg-fixture';

// DBeaver's Explain Plan over the wire: pgjdbc (Debian's) sends its exact EXPLAIN (FORMAT XML,...) string
// and reads the one row's XML as DBeaver does (clients/JdbcExplainXml.java). Before, every statement
// over a foreign table answered 0A000 "EXPLAIN (FORMAT XML) is not supported over foreign tables".
const run = promisify(execFile);
const CLIENTS = fileURLToPath(new URL('./clients/', import.meta.url));
const PGJDBC = '/usr/share/java/postgresql.jar';
let fx: PgFixture;
let classes: string;

beforeAll(async () => {
  fx = await startPgFixture(2_000);
  classes = mkdtempSync(join(tmpdir(), 'dynascope-explain-xml-'));
  expect(existsSync(PGJDBC), `${PGJDBC} is missing: apt-get install libpostgresql-jdbc-java`).toBe(true);
  await run('javac', ['-cp', PGJDBC, '-d', classes, join(CLIENTS, 'JdbcExplainXml.java')], {
    timeout: 120_000,
  });
});
afterAll(async () => {
  await fx?.close();
  if (classes) rmSync(classes, { recursive: true, force: true });
});

/** What the client printed, "key: value" a line. */
const explainedBy = async (sql: string) => {
  const { host, port, user, password } = fx.connection;
  const { stdout } = await run(
    'java',
    [
      '-cp',
      `${classes}:${PGJDBC}`,
      'JdbcExplainXml',
      `jdbc:postgresql://${host}:${port}/dynascope`,
      user,
      password,
      sql,
    ],
    { timeout: 120_000 },
  );
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/: (.*)/s).slice(0, 2)),
  ) as Record<string, string>;
};

describe("DBeaver's Explain Plan (pgjdbc, FORMAT XML)", () => {
  it("one xml row in Postgres's namespace, its plan nodes as DBeaver walks them", async () => {
    // PostgreExecutionPlan.getPlanQueryString with VERBOSE, SETTINGS, BUFFERS and SUMMARY ticked.
    const out = await explainedBy(
      "EXPLAIN (FORMAT XML,VERBOSE,SETTINGS,BUFFERS,SUMMARY) select u.user_id, o.order_id from users u join orders o on o.customer_id = u.user_id where u.user_id = 'u0001'",
    );
    expect(out).toMatchObject({
      column: 'QUERY PLAN xml',
      rows: '1',
      root: 'explain http://www.postgresql.org/2009/explain',
    });
    // The engine's Hash Join: the read it probes with, then a Hash of the one it builds on.
    expect(out.nodes).toMatch(
      /^Hash Join\(- cost=[\d.]+ actual=-\) > Foreign Scan\(public\.(users|orders) cost=[\d.]+ actual=-\) > Hash\(- cost=[\d.]+ actual=-\) > Foreign Scan\(public\.(users|orders) cost=[\d.]+ actual=-\)$/,
    );
  });

  it('with ANALYSE ticked it runs the statement: each read its actual rows; COSTS and TIMING off as sent', async () => {
    const out = await explainedBy(
      "EXPLAIN (FORMAT XML,ANALYZE,COSTS FALSE,TIMING FALSE,WAL) select * from users where user_id = 'u0001'",
    );
    expect(out).toMatchObject({
      column: 'QUERY PLAN xml',
      rows: '1',
      nodes: 'Foreign Scan(public.users cost=- actual=1)',
    });
  });
});
