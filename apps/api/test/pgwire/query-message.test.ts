import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { psql } from './pg-fixture';
import {
  cancelRequest,
  connectTracked as connect,
  referencePair,
  type TrackedClient as Client,
} from './reference-pair';

// A simple Query message of several statements, as Postgres runs one (protocol-flow, "Multiple
// Statements in a Simple Query"): one implicit transaction block, each statement done before the
// next, nothing run on a syntax error. The host's side is compared with a real PostgreSQL server.
const pair = referencePair(5_000);

/** The transaction status once the ReadyForQuery after the `before`th has come. */
async function statusSince(c: Client, before: number): Promise<string> {
  while (c.readyCount() === before) await new Promise((resolve) => setImmediate(resolve));
  return c.status();
}

/** What a script did: its commands (or its error), its notices, the `q` tables after it, and the status. */
async function outcome(c: Client, sql: string) {
  c.notices.length = 0;
  const readyBefore = c.readyCount();
  const answer = await c.client.query(sql).then(
    (r) => ({ commands: [r].flat().map((x) => x.command), rows: [r].flat().map((x) => x.rows) }),
    (e: pg.DatabaseError) => ({ error: `${e.code} ${e.message}` }),
  );
  const status = await statusSince(c, readyBefore);
  const notices = [...c.notices];
  // In an aborted block nothing else runs: what is left is read once the block ends.
  if (status === 'E') return { answer, notices, status };
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
  // Reads are in the block too: one transaction's now(); a BEGIN's modes after them come after a query.
  "select 1; select pg_sleep(0.02); select now() < clock_timestamp() - interval '10 ms' as earlier",
  'select 1; begin isolation level serializable',
  'select 1; commit; begin isolation level serializable',
  'select 1; start transaction; select 2',
  'select 1; commit; select 2',
  // A syntax error anywhere runs nothing.
  'create table q7a(); selec 1',
  // Transaction settings set as parameters take effect before any query of the block.
  "set transaction_isolation = 'serializable'; show transaction_isolation",
  // ROLLBACK TO SAVEPOINT ends a failure, in messages of their own.
  ['begin; savepoint a', 'select 1 / 0', 'rollback to a', 'select 1'],
  // A single statement is no block.
  'savepoint s2',
  'create table q8a(); create table q8b()',
];

describe('a Query message of several statements', () => {
  it('runs as PostgreSQL runs it: one implicit block, closed by COMMIT, ROLLBACK or an error, made regular by BEGIN', async () => {
    const ours = await connect(pair.ours().connection);
    const theirs = await connect(pair.theirs().url());
    try {
      for (const messages of SCRIPTS) {
        for (const sql of [messages].flat()) {
          const expected = await outcome(theirs, sql);
          // Same answer, same tables left, same status; notices by their text (ours are sent as NOTICE).
          expect({ sql, ...(await outcome(ours, sql)) }).toEqual({ sql, ...expected });
        }
        // A block left open ends here, on both; what it left is compared after.
        if (theirs.status() === 'I') continue;
        const last = 'rollback; select 1';
        expect({ last, ...(await outcome(ours, last)) }).toEqual({ last, ...(await outcome(theirs, last)) });
      }
    } finally {
      await Promise.all([ours.client.end(), theirs.client.end()]);
    }
  });

  it('answers T after ROLLBACK TO SAVEPOINT through the extended protocol too, as PostgreSQL does', async () => {
    for (const config of [pair.ours().connection, pair.theirs().url()]) {
      const c = await connect(config);
      try {
        await c.client.query('begin; savepoint a');
        await expect(c.client.query('select 1 / 0')).rejects.toMatchObject({ code: '22012' });
        const before = c.readyCount();
        // A named statement: Parse, Bind, Describe, Execute, Sync.
        await c.client.query({ name: 'back', text: 'rollback to a' });
        expect(await statusSince(c, before)).toBe('T');
        await c.client.query('rollback');
      } finally {
        await c.client.end();
      }
    }
  });

  it('rolls the block back when cancelled during its last statement, which the host could not stop (57014)', async () => {
    const c = await connect(pair.ours().connection);
    try {
      const keys = c.client as unknown as { processID: number; secretKey: number };
      const before = c.readyCount();
      const running = c.client
        .query('create table qz(); select pg_sleep(1)')
        .catch((e: pg.DatabaseError) => e);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await cancelRequest(pair.ours().connection, keys.processID, keys.secretKey);
      expect(await running).toMatchObject({ code: '57014' });
      expect(await statusSince(c, before)).toBe('I');
      expect((await c.client.query("select to_regclass('qz') as r")).rows).toEqual([{ r: null }]);
    } finally {
      await c.client.end();
    }
  });

  it('rolls the block back when the last statement fails in a later page of its rows', async () => {
    const c = await connect(pair.ours().connection);
    try {
      const order = (await c.client.query('select device_id, ts from events')).rows;
      // The row past the first three pages (1,000 rows each) divides by zero.
      const bad = order[3000]!;
      const before = c.readyCount();
      const failed = await c.client
        .query(
          `create table qe1(a int); select device_id, 1 / (case when device_id = ${bad.device_id} and ts = '${bad.ts}' then 0 else 1 end) as x from events`,
        )
        .catch((e: pg.DatabaseError) => e);
      expect(failed).toMatchObject({ code: '22012' });
      expect(await statusSince(c, before)).toBe('I');
      expect((await c.client.query("select to_regclass('qe1') as r")).rows).toEqual([{ r: null }]);
    } finally {
      await c.client.end();
    }
  });

  it('sends a statement its rows, all of them, before the next statement runs', async () => {
    const { client } = await connect(pair.ours().connection);
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
    const c = await connect(pair.ours().connection);
    try {
      const before = c.readyCount();
      const failed = await c.client
        .query(
          "create table qw(a int); insert into users (user_id, name) values ('qw1', 'kept'); insert into qw values (1); select 1 / 0",
        )
        .catch((e: pg.DatabaseError) => e);
      expect(failed).toMatchObject({ code: '22012', message: 'division by zero' });
      expect(await statusSince(c, before)).toBe('I');
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

describe('COPY among the statements of a Query message', () => {
  /** psql -c `sql` (or with `args`) on ours and on PostgreSQL: what each printed, and how it ended. */
  async function onBoth(sql: string, input = '', args = ['-c', sql]) {
    const url = new URL(pair.theirs().url());
    const theirs = {
      connection: {
        host: url.hostname,
        port: Number(url.port),
        user: 'postgres',
        database: 'postgres',
        password: '',
      },
    };
    return Promise.all(
      [pair.ours(), theirs].map((fx) =>
        psql(fx, args, { input }).then(({ code, stdout, stderr }) => ({ code, stdout, stderr })),
      ),
    );
  }

  it.each([
    "copy (select g as a, 'x' || g as b from generate_series(1, 3) g) to stdout; select 2 as two",
    "select 1 as one; copy (select g, 'a,b' as c from generate_series(1, 3) g) to stdout with (format csv, header)",
    "copy (select 'tab\there' as t union all select null) to stdout; copy (select 1 where false) to stdout",
    'select 1; copy (select 1 / 0) to stdout; select 2',
    // Alone in its message, with 'from stdin' in a string or a comment: still a COPY TO.
    "copy (select 'from stdin' as a) to stdout",
    'copy (select 1 as a) to stdout -- not from stdin',
    // More lines than a page of rows: the rest follow as they are read.
    'copy (select g from generate_series(1, 2500) g) to stdout; select 1',
  ])('answers COPY TO STDOUT with its data, as PostgreSQL does: %s', async (sql) => {
    const [ours, theirs] = await onBoth(sql);
    expect(ours).toEqual(theirs);
  });

  /** The messages a Query message of `sql` got, up to its ReadyForQuery: CopyData with its text. */
  async function copyMessages(c: Client, sql: string): Promise<string[]> {
    const connection = (c.client as unknown as { connection: NodeJS.EventEmitter }).connection;
    const seen: string[] = [];
    type Message = { name: string; columnTypes?: number[]; chunk?: Buffer; text?: string } & Partial<
      Pick<pg.DatabaseError, 'code' | 'message'>
    >;
    const take = (m: Message) =>
      seen.push(
        m.name === 'copyData'
          ? `copyData ${JSON.stringify(m.chunk!.toString())}`
          : m.name === 'copyOutResponse' || m.name === 'copyInResponse'
            ? `${m.name} ${JSON.stringify(m.columnTypes)}`
            : m.name === 'commandComplete'
              ? `commandComplete ${m.text}`
              : m.name === 'error'
                ? `error ${m.code} ${m.message}`
                : m.name,
      );
    connection.on('message', take);
    const ready = c.readyCount();
    try {
      await c.client.query(sql).catch(() => undefined);
      await statusSince(c, ready);
    } finally {
      connection.off('message', take);
    }
    return seen.filter((m) => !['notice', 'parameterStatus'].includes(m));
  }

  /**
   * copyMessages on ours and on PostgreSQL, each on a new connection, after `setup`; `teardown` after
   * (temp tables outlive a connection on the embedded PGlite: apps/api/README.md).
   */
  async function copyMessagesOnBoth(sql: string, setup?: string, teardown?: string) {
    const both = [await connect(pair.ours().connection), await connect(pair.theirs().url())];
    try {
      const messages: string[][] = [];
      for (const c of both) {
        // A setup may fail on purpose (to abort a block): its ReadyForQuery comes after the error.
        const ready = c.readyCount();
        if (setup) await c.client.query(setup).catch(() => undefined);
        if (setup) await statusSince(c, ready);
        messages.push(await copyMessages(c, sql));
      }
      return messages;
    } finally {
      for (const c of both) {
        if (teardown) await c.client.query(teardown);
        await c.client.end();
      }
    }
  }

  it.each([
    // A csv field's newline stays in its row's CopyData; the header is one of its own.
    "copy (select 1 as a, e'x\\ny' as b union all select 2, 'z') to stdout (format csv, header)",
    "select 1; copy (select 1 as a, e'x\\ny' as b, null as c) to stdout (format csv); select 2",
    "copy (select e'tab\\there' as t, 2 as n union all select null, 3) to stdout",
    'select 1; copy (select g, g * 2 from generate_series(1, 2500) g) to stdout',
    'copy (select 1 where false) to stdout',
    // QUOTE given as a number is that digit.
    "copy (select e'a\\nb' as x, 2 as y) to stdout (format csv, quote 1)",
    // Options are checked before CopyOutResponse, as is the query.
    'copy (select 1 as a) to stdout (bogus 1)',
    "select 1; copy (select 1 as a) to stdout (format csv, quote 'ab')",
    'copy (select 1 as a, 2 as b) to stdout (format csv, force_quote (c))',
    'copy (select nosuch) to stdout',
  ])(
    'sends each row in a CopyData of its own, and the columns in CopyOutResponse, as PostgreSQL: %s',
    async (sql) => {
      const [a, b] = await copyMessagesOnBoth(sql);
      expect(a).toEqual(b);
    },
  );

  it.each([
    'copy qc from stdin',
    'copy qc (b) from stdin (format csv, header)',
    // Checked before the data is asked for: no CopyInResponse.
    'copy nosuch from stdin',
    'copy qc (a, nosuch) from stdin',
    'copy qc (a, a) from stdin',
    "copy qc from stdin (format csv, delimiter 'xx')",
    "copy qc from stdin (format csv, quote 'xx')",
    'copy qc from stdin (format csv, header match)',
    // A generated column is neither asked for nor taken.
    'copy qg from stdin',
    'copy qg (a, g) from stdin',
    // Checked in order: a missing or repeated name before the generated one is the error.
    'copy qg (zz, g) from stdin',
    'copy qg (a, a, g) from stdin',
    // Not a relation to copy to at all.
    'copy qc_i from stdin',
    'copy qt from stdin',
    // Refused once the data is asked for: only a table, or a view with an INSTEAD OF INSERT trigger.
    'copy qv from stdin',
    'copy qs from stdin',
  ])(
    'asks for COPY FROM STDIN data as PostgreSQL does, with its columns, once it is checked: %s',
    async (sql) => {
      // node-postgres answers a CopyInResponse with CopyFail: the COPY then fails with 57014.
      const [a, b] = await copyMessagesOnBoth(
        sql,
        'create temp table qc (a int, b text); create temp table qg (a int, g int generated always as (a * 2) stored); create temp view qv as select * from qc; create temp sequence qs; create index qc_i on qc (a); create type qt as (a int)',
        'drop view qv; drop table qc, qg; drop sequence qs; drop type qt',
      );
      expect(a).toEqual(b);
    },
  );

  it.each([
    'copy (select 1) to stdout',
    'copy nosuch from stdin',
    'copy events to stdout (format dynamodb_json)',
  ])('refuses COPY in an aborted block with 25P02, as PostgreSQL does: %s', async (sql) => {
    const [a, b] = await copyMessagesOnBoth(sql, 'begin; select 1 / 0', 'rollback');
    expect(a).toEqual(b);
    expect(a).toEqual([
      'error 25P02 current transaction is aborted, commands ignored until end of transaction block',
      'readyForQuery',
    ]);
  });

  it('sends the rows a COPY among statements has read, as it reads them: those before a failure too', async () => {
    const c = await connect(pair.ours().connection);
    try {
      // An item near the Scan's end makes the COPY fail (its division by zero).
      const order = (await c.client.query('select device_id, ts from events')).rows;
      const bad = order[Math.floor(order.length * 0.9)];
      const messages = await copyMessages(
        c,
        `select 1; copy (select device_id, 1 / (case when device_id = ${bad.device_id} and ts = '${bad.ts}' then 0 else 1 end) from events) to stdout`,
      );
      const rows = messages.filter((m) => m.startsWith('copyData')).length;
      expect(messages.slice(-2)).toEqual(['error 22012 division by zero', 'readyForQuery']);
      expect(messages).toContain('copyOutResponse [0,0]');
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThan(order.length * 0.9);
    } finally {
      await c.client.end();
    }
  });

  /** A COPY FROM STDIN into a temp table zc, with its data, in a script psql runs on both. */
  function copyScriptOnBoth(copy: string) {
    const script = `create temp table zc (a int, b text);\n${copy}select count(*), max(b) from zc;\ndrop table zc;\n`;
    return onBoth('', script, ['-f', '-']);
  }

  it.each([
    // A quoted field may hold a line of \. : it is data.
    'copy zc from stdin (format csv);\n1,x\n2,"y\n\\."\n\\.\n',
    'copy zc from stdin (format csv, header);\na,b\n1,x\n\\.\n',
    'copy zc from stdin;\n1\tx\n\\.\n',
  ])("ends COPY FROM STDIN data at psql's \\. line, as PostgreSQL does: %j", async (copy) => {
    const [ours, theirs] = await copyScriptOnBoth(copy);
    expect(ours).toEqual(theirs);
    expect(theirs!.stderr).toBe('');
  });

  it.each([
    'copy zc from stdin (format csv);\n1,x\nz,y\n\\.\n',
    'copy zc (b, a) from stdin;\nx\t1\n\\.\ncopy zc (nosuch) from stdin;\n',
  ])('names the table and the line in a COPY FROM error as PostgreSQL does: %j', async (copy) => {
    // zc is a temp table: so is the copy that stages its rows, under a name of its own.
    const [ours, theirs] = await copyScriptOnBoth(copy);
    expect(ours).toEqual(theirs);
    expect(theirs!.stderr).toMatch(/relation "zc"|COPY zc, line 2/);
  });

  it("sends a foreign table's rows as COPY data, and says what it read", async () => {
    const [ours] = await onBoth(
      "copy (select user_id, name from users where user_id in ('u0001', 'u0002') order by 1) to stdout (format csv); select 1 as one",
    );
    expect(ours!.code).toBe(0);
    expect(ours!.stdout).toMatch(/^u0001,[^\n]+\nu0002,[^\n]+\n one \n-----\n {3}1\n\(1 row\)\n\n$/);
    expect(ours!.stderr).toMatch(/NOTICE: .*BatchGetItem/);
  });

  it('refuses COPY FROM STDIN there with a clear error, and runs nothing', async () => {
    const [ours] = await onBoth('create temp table qz(a int); copy qz from stdin; select 1', '1\n\\.\n');
    expect(ours!.code).not.toBe(0);
    expect(ours!.stderr).toContain('ERROR:  COPY FROM STDIN');
    expect(ours!.stderr).toContain('a Query message of its own');
  });
});
