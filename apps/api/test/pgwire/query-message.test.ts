import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startPostgresCluster,
  type PostgresCluster,
} from '../../../../packages/engine/test/support/postgres-cluster';
import { startPgFixture, type PgFixture } from './pg-fixture';

// A simple Query message of several statements, as Postgres runs one (protocol-flow, "Multiple
// Statements in a Simple Query"): one implicit transaction block, each statement done before the
// next, nothing run on a syntax error. The host's side is compared with a real PostgreSQL server.
let fx: PgFixture;
let reference: PostgresCluster;

beforeAll(async () => {
  [fx, reference] = await Promise.all([startPgFixture(5_000), startPostgresCluster()]);
});
afterAll(async () => {
  await fx?.close();
  reference?.stop();
});

interface Client {
  readonly client: pg.Client;
  readonly notices: string[];
  /** The transaction status of the last ReadyForQuery: I, T or E. */
  status(): string;
}

async function connect(config: pg.ClientConfig | string): Promise<Client> {
  const client = new pg.Client(config);
  const notices: string[] = [];
  let status = 'I';
  client.on('notice', (n) => notices.push(n.message ?? ''));
  const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
  connection.on('readyForQuery', (m: { status: string }) => (status = m.status));
  await client.connect();
  await client.query("set timezone = 'UTC'");
  return { client, notices, status: () => status };
}

/** What a script did: its commands (or its error), its notices, the `q` tables after it, and the status. */
async function outcome(c: Client, sql: string) {
  c.notices.length = 0;
  const answer = await c.client.query(sql).then(
    (r) => ({ commands: [r].flat().map((x) => x.command) }),
    (e: pg.DatabaseError) => ({ error: `${e.code} ${e.message}` }),
  );
  const status = c.status();
  const notices = [...c.notices];
  // In an aborted block nothing else runs; the tables are read after it ends.
  if (status === 'E') await c.client.query('rollback');
  const tables = await c.client.query(
    "select coalesce(string_agg(relname, ',' order by relname), '') as t from pg_catalog.pg_class where relname like 'q%' and relkind = 'r'",
  );
  const zone = await c.client.query('show timezone');
  return { answer, notices, status, tables: tables.rows[0].t, timezone: zone.rows[0].TimeZone };
}

const SCRIPTS = [
  // An error rolls back the statements before it.
  "create table q1a(a int); insert into q1a values (1); insert into q1a values ('x')",
  "set timezone = 'Asia/Tokyo'; select 1 / 0",
  // COMMIT and ROLLBACK close the implicit block (with a warning); what follows is a block of its own.
  'create table q2a(); commit; create table q2b(); select 1 / 0',
  'create table q3a(); rollback; create table q3b()',
  'begin; create table q4a(); commit; create table q4b(); select 1 / 0',
  // BEGIN makes the implicit block a regular one, the statements before it included, left open.
  'create table q5a(); begin; create table q5b()',
  // ... unless its modes fail: then the block ends as it began.
  'create table q6a(); begin isolation level serializable',
  'begin; select 1 / 0; rollback',
  // Statements Postgres refuses in an implicit block.
  'select 1; savepoint s1',
  'select 1; release savepoint s1',
  'select 1; rollback to savepoint s1',
  'select 1; commit and chain',
  'select 1; rollback and chain',
  'select 1; vacuum',
  // A syntax error anywhere runs nothing.
  'create table q7a(); selec 1',
  // A single statement is no block.
  'savepoint s2',
  'create table q8a(); create table q8b()',
];

describe('a Query message of several statements', () => {
  it('runs as PostgreSQL runs it: one implicit block, closed by COMMIT, ROLLBACK or an error, made regular by BEGIN', async () => {
    const ours = await connect(fx.connection);
    const theirs = await connect(reference.url());
    try {
      for (const sql of SCRIPTS) {
        const expected = await outcome(theirs, sql);
        // Same answer, same tables left, same status; notices by their text (ours are sent as NOTICE).
        expect({ sql, ...(await outcome(ours, sql)) }).toEqual({ sql, ...expected });
        // The block BEGIN left open ends here, on both.
        for (const c of [ours, theirs]) if (c.status() !== 'I') await c.client.query('rollback');
      }
    } finally {
      await Promise.all([ours.client.end(), theirs.client.end()]);
    }
  });

  it('sends a statement its rows, all of them, before the next statement runs', async () => {
    const { client } = await connect(fx.connection);
    try {
      const before = (await client.query('select device_id, ts from events')).rows;
      expect(before.length).toBe(5_000);
      // Devices the Scan reaches last: their items are read after the first page of rows was sent.
      const last = [...new Set(before.slice(-600).map((r) => r.device_id as string))];
      const results = (await client.query(
        `select device_id, ts from events; delete from events where device_id in (${last.map((d) => `'${d}'`).join(', ')})`,
      )) as unknown as pg.QueryResult[];
      expect(results.map((r) => r.command)).toEqual(['SELECT', 'DELETE']);
      expect(results[0]!.rows).toEqual(before);
      const deleted = before.filter((r) => last.includes(r.device_id)).length;
      expect(results[1]!.rowCount).toBe(deleted);
      expect((await client.query('select count(*)::int as n from events')).rows[0].n).toBe(5_000 - deleted);
    } finally {
      await client.end();
    }
  });

  it("writes a foreign table's items as its statement runs, as the wrapper does in Postgres, while the host's part rolls back", async () => {
    const c = await connect(fx.connection);
    try {
      const failed = await c.client
        .query(
          "create table qw(a int); insert into users (user_id, name) values ('qw1', 'kept'); insert into qw values (1); select 1 / 0",
        )
        .catch((e: pg.DatabaseError) => e);
      expect(failed).toMatchObject({ code: '22012', message: 'division by zero' });
      expect(c.status()).toBe('I');
      expect((await c.client.query("select name from users where user_id = 'qw1'")).rows).toEqual([
        { name: 'kept' },
      ]);
      expect((await c.client.query("select to_regclass('qw') as r")).rows).toEqual([{ r: null }]);
      // Inside the block a statement reads what the statement before it wrote.
      const read = (await c.client.query(
        "insert into users (user_id, name) values ('qw2', 'a'); update users set name = name || 'b' where user_id = 'qw2'; select name from users where user_id = 'qw2'",
      )) as unknown as pg.QueryResult[];
      expect(read.map((r) => r.command)).toEqual(['INSERT', 'UPDATE', 'SELECT']);
      expect(read[2]!.rows).toEqual([{ name: 'ab' }]);
    } finally {
      await c.client.end();
    }
  });
});
