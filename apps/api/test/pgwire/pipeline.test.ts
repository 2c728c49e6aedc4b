import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { cancelRequest, connectTracked, referencePair, type TrackedClient } from './reference-pair';

// An extended-protocol pipeline — Parse/Bind/Describe/Execute of several statements, then one Sync,
// as pgjdbc's executeBatch, asyncpg's executemany and libpq's pipeline mode send them — runs in one
// implicit transaction that Sync ends (postgres.c commits at Sync, not after each Execute). The host's
// side is compared with a real PostgreSQL server.
const pair = referencePair(2_000);

/** A statement of a pipeline: its text, and its parameters' values (text) when it has any. */
type Step =
  | string
  | {
      /** None: a portal bound before. */
      readonly text?: string;
      readonly values?: readonly (string | null)[];
      /** A named portal (the unnamed one by default), and the Execute's row limit (0: all). */
      readonly portal?: string;
      readonly rows?: number;
    };

/** What each Execute answered, till the first error (the rest up to Sync are skipped). */
type Answer = { command: string; rows: unknown[][] } | { error: string };

/**
 * The statements as one pipeline: each one's Parse (unnamed), Bind, Describe and Execute, and a
 * single Sync after them all. node-postgres hands it the connection (its Submittable interface).
 */
class Pipeline {
  readonly answers: Answer[] = [];
  readonly done: Promise<void>;
  private rows: unknown[][] = [];
  private finish!: () => void;

  /** `syncAfterMs`: Flush, and Sync that much later (a client that pipelines as it goes). */
  constructor(
    private readonly steps: readonly Step[],
    private readonly syncAfterMs = 0,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  submit(connection: {
    parse(q: { text: string; name: string; types: number[] }): void;
    bind(b: { portal: string; statement: string; values: readonly (string | null)[] }): void;
    describe(d: { type: 'P'; name: string }): void;
    execute(e: { portal: string; rows: number }): void;
    sync(): void;
    flush(): void;
    once(event: 'readyForQuery', listener: () => void): void;
  }): void {
    // Done at ReadyForQuery (the client forgets the query at an error: its handler is not called then).
    connection.once('readyForQuery', () => this.finish());
    for (const step of this.steps) {
      const { text, values = [], portal = '', rows = 0 } = typeof step === 'string' ? { text: step } : step;
      if (text !== undefined) {
        connection.parse({ text, name: '', types: [] });
        connection.bind({ portal, statement: '', values });
        connection.describe({ type: 'P', name: portal });
      }
      connection.execute({ portal, rows });
    }
    if (!this.syncAfterMs) return connection.sync();
    connection.flush();
    setTimeout(() => connection.sync(), this.syncAfterMs);
  }

  handleRowDescription(): void {
    this.rows = [];
  }
  handleDataRow(m: { fields: unknown[] }): void {
    this.rows.push(m.fields);
  }
  handleCommandComplete(m: { text: string }): void {
    this.answers.push({ command: m.text, rows: this.rows });
    this.rows = [];
  }
  handleEmptyQuery(): void {
    this.answers.push({ command: '', rows: [] });
  }
  handlePortalSuspended(): void {
    this.answers.push({ command: '(suspended)', rows: this.rows });
    this.rows = [];
  }
  handleError(e: pg.DatabaseError): void {
    this.answers.push({ error: `${e.code} ${e.message}` });
  }
  handleReadyForQuery(): void {}
}

/** A client with a table `pk` to write to. */
async function connect(config: pg.ClientConfig | string): Promise<TrackedClient> {
  const c = await connectTracked(config);
  await c.client.query('drop table if exists pk; create table pk (a int)');
  await c.client.query(
    'create or replace procedure pc() language plpgsql as $$ begin insert into pk values (41); commit; insert into pk values (42); end $$',
  );
  await c.client.query(
    'create or replace procedure pn() language plpgsql as $$ begin insert into pk values (51); end $$',
  );
  await c.client.query('create or replace procedure pouter() language plpgsql as $$ begin call pc(); end $$');
  await c.client.query(
    'create or replace function pw() returns int language sql as $$ insert into pk values (61) returning a $$',
  );
  return c;
}

/** `run` on a fresh client of ours, then of PostgreSQL's: their answers, in that order. */
async function onBoth<T>(
  run: (c: TrackedClient, config: pg.ClientConfig | string) => Promise<T>,
): Promise<T[]> {
  const answers: T[] = [];
  for (const config of [pair.ours().connection, pair.theirs().url()]) {
    const c = await connect(config);
    try {
      answers.push(await run(c, config));
    } finally {
      await c.client.end();
    }
  }
  return answers;
}

/** What a pipeline did: each Execute's answer, the notices, the status, and what it left in the host. */
async function outcome(c: TrackedClient, steps: readonly Step[], syncAfterMs = 0) {
  c.notices.length = 0;
  const pipeline = new Pipeline(steps, syncAfterMs);
  void c.client.query(pipeline as unknown as pg.QueryConfig);
  await pipeline.done;
  const status = c.status();
  const notices = [...c.notices];
  if (status === 'E') return { answers: pipeline.answers, notices, status };
  const left = await c.client.query(
    "select (select coalesce(string_agg(relname, ',' order by relname), '') from pg_catalog.pg_class where relname like 'p_' and relkind = 'r') as tables," +
      " (select coalesce(string_agg(a::text, ',' order by a), '') from pk) as pk," +
      " pg_catalog.current_setting('TimeZone') as timezone",
  );
  return { answers: pipeline.answers, notices, status, ...left.rows[0] };
}

const PIPELINES: readonly (readonly Step[])[] = [
  // Committed at Sync, all of them.
  ['insert into pk values (1)', 'insert into pk values (2)'],
  // An error rolls back what ran since the last Sync; the rest up to Sync is skipped.
  ['insert into pk values (10)', 'select 1 / 0', 'insert into pk values (20)'],
  ['create table p1 (a int)', 'insert into p1 values (1)', 'insert into p1 values (1 / 0)'],
  ["set timezone = 'Asia/Tokyo'", 'select 1 / 0'],
  ['select 1', 'insert into pk values (14)', 'select 1 / 0'],
  // ... also an error of the protocol: a Bind short of a parameter.
  ['insert into pk values (15)', { text: 'select $1::int', values: [] }],
  // A parameter bound, as drivers send every statement.
  [
    { text: 'insert into pk values ($1)', values: ['16'] },
    { text: 'insert into pk values ($1)', values: ['x'] },
  ],
  [
    { text: 'insert into pk values ($1)', values: ['17'] },
    { text: 'select $1::int + 1', values: ['2'] },
  ],
  // COMMIT and ROLLBACK end the transaction with a warning; what follows is a transaction of its own.
  ['insert into pk values (100)', 'commit', 'insert into pk values (200)', 'select 1 / 0'],
  ['insert into pk values (300)', 'rollback', 'insert into pk values (400)'],
  // BEGIN makes it a block, the statements before it included, open after Sync.
  ['insert into pk values (1000)', 'begin', 'insert into pk values (2000)'],
  ['begin isolation level serializable', 'insert into pk values (3000)'],
  // ... whose modes come after a query when a read ran before it.
  ['select 1', 'begin isolation level serializable'],
  ['select 1', 'begin'],
  // What Postgres warns of there: its transaction is no block.
  ['insert into pk values (70)', "set local timezone = 'Asia/Tokyo'", 'show timezone'],
  ['insert into pk values (71)', 'set transaction read only', 'insert into pk values (72)'],
  ['select 1', 'set constraints all deferred', 'insert into pk values (73)'],
  ['insert into pk values (74)', 'set local transaction read only', 'insert into pk values (75)'],
  // ... and what it does not: SESSION CHARACTERISTICS are no transaction's.
  ['insert into pk values (78)', 'set local session characteristics as transaction read only'],
  ['insert into pk values (79)', "set local transaction snapshot '00000003-0000001B-1'"],
  // What Postgres refuses outside a transaction block, after a write too.
  ['insert into pk values (5)', 'declare c cursor for select 1'],
  ['insert into pk values (6)', 'lock table pk'],
  ['insert into pk values (7)', 'savepoint a'],
  ['select 1', 'savepoint a'],
  ['insert into pk values (8)', 'commit and chain'],
  // VACUUM: first in its pipeline it runs; after another statement it is refused.
  ['vacuum pk', 'select 1'],
  ['select 1', 'vacuum pk'],
  ['insert into pk values (9)', 'vacuum pk'],
  // Statements Postgres runs only outside a transaction block, alone in their pipeline.
  ['discard all', "set timezone = 'UTC'"],
  ['reindex table concurrently pk'],
  ['select 1', 'discard all'],
  ['select 1', 'begin', 'commit', 'vacuum pk'],
  ['declare c cursor for select 1'],
  ['lock table pk'],
  // A procedure that commits, alone: a pipeline is no transaction block.
  ['call pc()'],
  // A CALL's writes roll back with the rest.
  ['call pn()', 'select 1 / 0'],
  // So do those of a function a query calls.
  ['select pw()', 'select 1 / 0'],
  ['select 1', 'select pw()', 'select 1 / 0'],
  // A single statement.
  ['create table p2 (a int)'],
  ['insert into pk select a + 1 from pk where a = 1'],
];

describe('an extended-protocol pipeline', () => {
  it('runs as PostgreSQL runs it: one transaction that Sync ends, rolled back by an error', async () => {
    const ours = await connect(pair.ours().connection);
    const theirs = await connect(pair.theirs().url());
    try {
      for (const steps of PIPELINES) {
        const expected = await outcome(theirs, steps);
        expect({ steps, ...(await outcome(ours, steps)) }).toEqual({ steps, ...expected });
        // A block left open ends here, on both; what it left is compared after.
        if (theirs.status() === 'I') continue;
        const last = ['rollback'];
        expect({ last, ...(await outcome(ours, last)) }).toEqual({ last, ...(await outcome(theirs, last)) });
      }
    } finally {
      await Promise.all([ours.client.end(), theirs.client.end()]);
    }
  });
});

describe('a procedure that commits', () => {
  it('runs first in a pipeline whose Sync comes later, as in PostgreSQL', async () => {
    const answers = await onBoth(async (c) => {
      const each = [];
      each.push(await outcome(c, ['call pc()'], 300));
      // ... through another procedure.
      each.push(await outcome(c, ['delete from pk'], 0));
      each.push(await outcome(c, ['call pouter()'], 300));
      return each;
    });
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]![0]).toMatchObject({ answers: [{ command: 'CALL' }], pk: '41,42' });
    expect(answers[1]![2]).toMatchObject({ answers: [{ command: 'CALL' }], pk: '41,42' });
  });
});

describe('a portal in an aborted block', () => {
  it('refuses an Execute of a suspended portal (25P02), as PostgreSQL does', async () => {
    const answers = await onBoth(async (c) => {
      await c.client.query('begin');
      const steps = [
        [{ text: 'select n from generate_series(1, 10) as n', portal: 'p', rows: 2 }, 'select 1 / 0'],
        [{ portal: 'p', rows: 2 }],
        ['rollback'],
      ];
      const each = [];
      for (const pipeline of steps) each.push(await outcome(c, pipeline));
      return each;
    });
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]![1]).toMatchObject({
      answers: [
        { error: '25P02 current transaction is aborted, commands ignored until end of transaction block' },
      ],
    });
  });
});

describe('portals at the end of their block', () => {
  it('end with it, by an Execute or a Query, as in PostgreSQL', async () => {
    const answers = await onBoth(async (c) => {
      const each = [];
      for (const end of [[{ text: 'commit' }], [{ text: 'rollback' }]]) {
        await c.client.query('begin');
        each.push(
          await outcome(c, [{ text: 'select n from generate_series(1, 10) as n', portal: 'p', rows: 2 }]),
        );
        each.push(await outcome(c, [...end, { portal: 'p', rows: 2 }]));
      }
      await c.client.query('begin');
      each.push(
        await outcome(c, [{ text: 'select n from generate_series(1, 10) as n', portal: 'p', rows: 2 }]),
      );
      await c.client.query('commit');
      each.push(await outcome(c, [{ portal: 'p', rows: 2 }]));
      // ... in a pipeline that has only read, where no block is open.
      each.push(
        await outcome(c, [
          { text: 'select n from generate_series(1, 10) as n', portal: 'p', rows: 2 },
          'commit',
          { portal: 'p', rows: 2 },
        ]),
      );
      // ... by a Query that begins another block after it.
      await c.client.query('begin');
      each.push(
        await outcome(c, [{ text: 'select n from generate_series(1, 10) as n', portal: 'p', rows: 2 }]),
      );
      await c.client.query('commit; begin');
      each.push(await outcome(c, [{ portal: 'p', rows: 2 }]));
      await c.client.query('rollback');
      // ... and the portal that ran the COMMIT, once it has answered.
      await c.client.query('begin');
      each.push(await outcome(c, [{ text: 'commit', portal: 'c' }, { portal: 'c' }]));
      return each;
    });
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]![1]).toMatchObject({
      answers: [{ command: 'COMMIT' }, { error: '34000 portal "p" does not exist' }],
    });
  });
});

describe('portals after a savepoint', () => {
  it('end when it is rolled back to, and belong to the savepoint before once it is released, as in PostgreSQL', async () => {
    // More rows than a page: the engine holds a cursor for each portal.
    const bound = (portal: string): Step => ({
      text: 'select n from generate_series(1, 5000) as n',
      portal,
      rows: 2,
    });
    const answers = await onBoth(async (c) => {
      const each = [];
      const query = async (sql: string) => void (await c.client.query(sql));
      // Rolled back to by an Execute: the portal bound before the savepoint goes on, the one after ends.
      await query('begin');
      each.push(await outcome(c, [bound('before')]));
      await query('savepoint a');
      each.push(await outcome(c, [bound('inside')]));
      each.push(await outcome(c, ['rollback to a', { portal: 'before', rows: 2 }]));
      each.push(await outcome(c, [{ portal: 'inside', rows: 2 }]));
      await query('rollback');
      // ... by the portal that runs the ROLLBACK TO, bound after the savepoint.
      await query('begin');
      await query('savepoint a');
      each.push(await outcome(c, [{ text: 'rollback to a', portal: 'r' }, { portal: 'r' }]));
      await query('rollback');
      // ... by a Query, a statement after it in the same message.
      await query('begin');
      await query('savepoint f');
      each.push(await outcome(c, [bound('gone')]));
      await query('rollback to f; savepoint g');
      each.push(await outcome(c, [{ portal: 'gone', rows: 2 }]));
      await query('rollback');
      // Released: it belongs to the savepoint before, and a ROLLBACK TO a later one leaves it.
      await query('begin');
      await query('savepoint b');
      each.push(await outcome(c, [bound('kept')]));
      each.push(await outcome(c, ['release b']));
      await query('savepoint c');
      await query('rollback to c');
      each.push(await outcome(c, [{ portal: 'kept', rows: 2 }]));
      await query('rollback');
      // ... but a ROLLBACK TO the one it now belongs to ends it.
      await query('begin');
      await query('savepoint a; savepoint b');
      each.push(await outcome(c, [bound('moved')]));
      await query('release b');
      await query('rollback to a');
      each.push(await outcome(c, [{ portal: 'moved', rows: 2 }]));
      await query('rollback');
      return each;
    });
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]![2]).toMatchObject({ answers: [{ command: 'ROLLBACK' }, { rows: [['3'], ['4']] }] });
    expect(answers[1]![3]).toMatchObject({ answers: [{ error: '34000 portal "inside" does not exist' }] });
  });
});

describe('a pipeline over foreign tables', () => {
  it("sends a foreign write to DynamoDB as it runs, as the wrapper's are, while the host's part rolls back", async () => {
    const c = await connect(pair.ours().connection);
    try {
      const failed = await outcome(c, [
        "insert into users (user_id, name) values ('pw1', 'kept')",
        'insert into pk values (1)',
        { text: 'select $1::int / 0', values: ['1'] },
      ]);
      expect(failed).toMatchObject({
        answers: [{ command: 'INSERT 0 1' }, { command: 'INSERT 0 1' }, { error: '22012 division by zero' }],
        status: 'I',
        pk: '',
      });
      expect((await c.client.query("select name from users where user_id = 'pw1'")).rows).toEqual([
        { name: 'kept' },
      ]);
      // Each statement reads what the statements before it wrote.
      const read = await outcome(c, [
        { text: 'insert into users (user_id, name) values ($1, $2)', values: ['pw2', 'a'] },
        "update users set name = name || 'b' where user_id = 'pw2'",
        { text: 'select name from users where user_id = $1', values: ['pw2'] },
      ]);
      expect(read.answers).toEqual([
        { command: 'INSERT 0 1', rows: [] },
        { command: 'UPDATE 1', rows: [] },
        { command: 'SELECT 1', rows: [['ab']] },
      ]);
    } finally {
      await c.client.end();
    }
  });
});

describe('a statement alone in its pipeline', () => {
  it("opens no block: a parameterised write does not wait for another session's running statement", async () => {
    const a = await connect(pair.ours().connection);
    const b = await connectTracked(pair.ours().connection);
    try {
      // B's scan paced to 2 RCU a second: it runs for seconds.
      await b.client.query('set dynascope.max_rcu_per_second = 2');
      let bDone = false;
      const scan = b.client.query('select * from events').then(
        () => (bDone = true),
        () => (bDone = true),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      // A block would wait on PGlite for B's statement to end (55P03 after 5 s).
      const wrote = await a.client.query('insert into pk values ($1)', [1]);
      expect(wrote.rowCount).toBe(1);
      expect(bDone).toBe(false);
      expect((await a.client.query('select a from pk')).rows).toEqual([{ a: 1 }]);
      // B's scan stops when B cancels it (ending the connection would let it run on, as in Postgres).
      const keys = b.client as unknown as { processID: number; secretKey: number };
      await cancelRequest(pair.ours().connection, keys.processID, keys.secretKey);
      await scan;
    } finally {
      await a.client.end();
      await b.client.end().catch(() => undefined);
    }
  });
});

describe('a cancelled pipeline', () => {
  it('rolls back its block when the host could not stop the statement (57014)', async () => {
    const c = await connect(pair.ours().connection);
    try {
      const keys = c.client as unknown as { processID: number; secretKey: number };
      const running = outcome(c, [
        'insert into pk values (1)',
        'insert into pk select 2 from pg_sleep(1)',
        'insert into pk values (3)',
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await cancelRequest(pair.ours().connection, keys.processID, keys.secretKey);
      expect(await running).toMatchObject({
        answers: [{ command: 'INSERT 0 1' }, { error: '57014 canceling statement due to user request' }],
        status: 'I',
        pk: '',
      });
    } finally {
      await c.client.end();
    }
  });
});

/** A simple Query message's bytes. */
function queryMessage(sql: string): Buffer {
  return frontendMessage('Q', `${sql}\0`);
}

/** A frontend message's bytes: its type, its length, its body. */
function frontendMessage(type: string, body: string): Buffer {
  const bytes = Buffer.from(body);
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(4 + bytes.length, 1);
  return Buffer.concat([head, bytes]);
}

/** The socket under a client, to write raw messages on (its errors, and the client's, ignored). */
function socketOf(c: TrackedClient): import('node:net').Socket {
  const stream = (c.client as unknown as { connection: { stream: import('node:net').Socket } }).connection
    .stream;
  stream.on('error', () => undefined);
  c.client.on('error', () => undefined);
  return stream;
}

/** The type bytes of the messages in `data`, in order (`data` holds whole messages). */
function messageTypes(data: Buffer): string {
  let types = '';
  for (let at = 0; at + 5 <= data.length; at += 1 + data.readInt32BE(at + 1))
    types += String.fromCharCode(data[at]!);
  return types;
}

describe('a client that ends its side after sending', () => {
  it('has every statement it sent run and answered, as PostgreSQL does', async () => {
    const answers = await onBoth(async (c, config) => {
      const stream = socketOf(c);
      stream.removeAllListeners('data');
      const received: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => received.push(chunk));
      const closed = new Promise((resolve) => stream.once('close', resolve));
      stream.end(
        Buffer.concat(
          ['insert into pk values (1)', 'select pg_sleep(0.3)', 'insert into pk values (2)'].map(
            queryMessage,
          ),
        ),
      );
      await closed;
      const other = await connectTracked(config);
      try {
        const left = await other.client.query('select a from pk order by a');
        return { types: messageTypes(Buffer.concat(received)), pk: left.rows };
      } finally {
        await other.client.end();
      }
    });
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]).toEqual({ types: 'CZTDCZCZ', pk: [{ a: 1 }, { a: 2 }] });
  });
});

describe('a client that goes in the middle of a COPY FROM STDIN', () => {
  it('has the COPY fail, writing nothing, and the next session served', async () => {
    const c = await connect(pair.ours().connection);
    const stream = socketOf(c);
    stream.removeAllListeners('data');
    const received: Buffer[] = [];
    const copying = new Promise<void>((resolve) =>
      stream.on('data', (chunk: Buffer) => {
        received.push(chunk);
        if (messageTypes(Buffer.concat(received)).includes('G')) resolve();
      }),
    );
    const closed = new Promise((resolve) => stream.once('close', resolve));
    stream.write(queryMessage('copy pk from stdin'));
    await copying;
    stream.end(frontendMessage('d', '1\n2\n'));
    await closed;
    // The host's one connection is free: a write of another session does not wait for it (55P03).
    const other = await connectTracked(pair.ours().connection);
    try {
      await other.client.query('insert into pk values (9)');
      expect((await other.client.query('select a from pk order by a')).rows).toEqual([{ a: 9 }]);
    } finally {
      await other.client.end();
    }
  });
});

describe('a client that sends Terminate', () => {
  it('is hung up on and its block rolled back, whatever it sends after, however long it keeps its side open', async () => {
    for (const after of ['', 'then a Query and FIN']) {
      const c = await connect(pair.ours().connection);
      const stream = socketOf(c);
      // Its side stays open after the server's FIN (as a pooler's may).
      stream.allowHalfOpen = true;
      await c.client.query('begin');
      await c.client.query('insert into pk values (1)');
      stream.write(frontendMessage('X', ''));
      if (after) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stream.end(queryMessage('select 1'));
      }
      // The block is gone: another session's write does not wait for it (55P03 after 5 s on PGlite).
      const other = await connectTracked(pair.ours().connection);
      try {
        await other.client.query('insert into pk values (2)');
        expect({ after, pk: (await other.client.query('select a from pk order by a')).rows }).toEqual({
          after,
          pk: [{ a: 2 }],
        });
      } finally {
        await other.client.end();
        stream.destroy();
      }
    }
  });
});

describe('a client that stops reading', () => {
  it('and resets its connection ends that connection only', async () => {
    const c = await connect(pair.ours().connection);
    const stream = socketOf(c);
    stream.pause();
    // More answers than the socket takes unread, and more messages than the server reads ahead.
    stream.write(
      Buffer.concat([
        ...Array.from({ length: 300 }, () => queryMessage("select repeat('x', 100000)")),
        ...Array.from({ length: 1000 }, () => queryMessage('select 1')),
      ]),
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    stream.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const other = await connectTracked(pair.ours().connection);
    try {
      expect((await other.client.query('select 1 as n')).rows).toEqual([{ n: 1 }]);
    } finally {
      await other.client.end();
    }
  });
});
