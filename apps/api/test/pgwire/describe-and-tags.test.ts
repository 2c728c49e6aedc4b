import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgFixture, type PgFixture } from './pg-fixture';
import {
  dataRowValues,
  describe as describeMessage,
  query,
  RawClient,
  rowDescriptionFields,
  shown as shownRaw,
  sync,
} from './raw-client';

/**
 * Describe and CommandComplete of statements over host tables (no foreign table) through the extended
 * protocol, which the connection runs as PREPARE + EXECUTE in its session: the RowDescription a Describe
 * answers before Execute sends rows (postgres.js maps its columns from it, pgjdbc's getMetaData reads
 * it), and Postgres's tags (`INSERT 0 5`, not `EXECUTE`). Statements over foreign tables alongside.
 */
let fx: PgFixture;

beforeAll(async () => {
  fx = await startPgFixture(20);
});
afterAll(async () => {
  await fx?.close();
});

interface Message {
  readonly name: string;
  readonly text?: string;
  readonly fields?: readonly { name: string; dataTypeID: number }[];
  readonly dataTypeIDs?: readonly number[];
  readonly message?: string;
}

/** What node-postgres's connection sends: the extended protocol's messages one by one. */
interface Wire extends NodeJS.EventEmitter {
  parse(m: { name: string; text: string; types: number[] }): void;
  describe(m: { type: 'S' | 'P'; name: string }): void;
  bind(m: { portal: string; statement: string; values: (string | null)[] }): void;
  execute(m: { portal: string; rows: number }): void;
  sync(): void;
}

/**
 * Sends raw extended-protocol messages then Sync on a connected client, and returns every message
 * the server answered up to ReadyForQuery (a submittable, as pg-cursor drives the connection).
 */
function raw(client: pg.Client, send: (wire: Wire) => void): Promise<Message[]> {
  return new Promise((resolve) => {
    const got: Message[] = [];
    const collect = (m: Message) => got.push(m);
    let wire: Wire;
    const submittable = {
      submit(connection: Wire) {
        wire = connection;
        wire.on('message', collect);
        send(wire);
        wire.sync();
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleCommandComplete() {},
      handlePortalSuspended() {},
      handleEmptyQuery() {},
      handleError() {},
      handleReadyForQuery() {
        wire.off('message', collect);
        resolve(got);
      },
    };
    void client.query(submittable as never);
  });
}

/** The messages' names and what matters in them: `rowDescription x:23 n:1184`, `commandComplete SELECT 1`. */
function shown(messages: readonly Message[]): string[] {
  return messages.map((m) => {
    if (m.name === 'rowDescription')
      return `${m.name} ${(m.fields ?? []).map((f) => `${f.name}:${f.dataTypeID}`).join(' ')}`;
    if (m.name === 'parameterDescription') return `${m.name} ${(m.dataTypeIDs ?? []).join(' ')}`.trim();
    if (m.name === 'commandComplete') return `${m.name} ${m.text}`;
    if (m.name === 'error') return `error ${m.message}`;
    return m.name;
  });
}

async function connected<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(fx.connection);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('Describe of a statement over no foreign table', () => {
  it('answers the RowDescription (statement), then Execute the rows and SELECT n', async () => {
    const messages = await connected((client) =>
      raw(client, (w) => {
        w.parse({ name: 's1', text: 'select 1 as x, now() as n', types: [] });
        w.describe({ type: 'S', name: 's1' });
        w.bind({ portal: '', statement: 's1', values: [] });
        w.execute({ portal: '', rows: 0 });
      }),
    );
    expect(shown(messages)).toEqual([
      'parseComplete',
      'parameterDescription',
      'rowDescription x:23 n:1184',
      'bindComplete',
      'dataRow',
      'commandComplete SELECT 1',
      'readyForQuery',
    ]);
  });

  it('answers the RowDescription of a portal before its rows', async () => {
    const messages = await connected((client) =>
      raw(client, (w) => {
        w.parse({ name: '', text: 'select 1 as x, now() as n', types: [] });
        w.bind({ portal: 'p', statement: '', values: [] });
        w.describe({ type: 'P', name: 'p' });
        w.execute({ portal: 'p', rows: 0 });
      }),
    );
    expect(shown(messages)).toEqual([
      'parseComplete',
      'bindComplete',
      'rowDescription x:23 n:1184',
      'dataRow',
      'commandComplete SELECT 1',
      'readyForQuery',
    ]);
  });

  it('describes parameters and columns together (postgres.js: sql`select 1 as x, ${v}::text as y`)', async () => {
    const messages = await connected((client) =>
      raw(client, (w) => {
        w.parse({ name: 's2', text: 'select 1 as x, $1::text as y', types: [] });
        w.describe({ type: 'S', name: 's2' });
        w.bind({ portal: '', statement: 's2', values: ['a'] });
        w.execute({ portal: '', rows: 0 });
      }),
    );
    expect(shown(messages)).toEqual([
      'parseComplete',
      'parameterDescription 25',
      'rowDescription x:23 y:25',
      'bindComplete',
      'dataRow',
      'commandComplete SELECT 1',
      'readyForQuery',
    ]);
  });

  it.each([
    ['select relname from pg_class limit 2', 'rowDescription relname:19', 'SELECT 2'],
    ['show timezone', 'rowDescription TimeZone:25', 'SHOW'],
    ['explain select 1', 'rowDescription QUERY PLAN:25', 'EXPLAIN'],
  ])('describes %s', async (sql, description, tag) => {
    const messages = await connected((client) =>
      raw(client, (w) => {
        w.parse({ name: 's3', text: sql, types: [] });
        w.describe({ type: 'S', name: 's3' });
        w.bind({ portal: '', statement: 's3', values: [] });
        w.execute({ portal: '', rows: 0 });
      }),
    );
    const out = shown(messages);
    expect(out.slice(0, 3)).toEqual(['parseComplete', 'parameterDescription', description]);
    expect(out.at(-2)).toBe(`commandComplete ${tag}`);
    expect(out).not.toContain('noData');
  });

  it('answers NoData for a statement without rows', async () => {
    const messages = await connected((client) =>
      raw(client, (w) => {
        w.parse({ name: 's4', text: 'set application_name = x', types: [] });
        w.describe({ type: 'S', name: 's4' });
      }),
    );
    expect(shown(messages)).toEqual(['parseComplete', 'parameterDescription', 'noData', 'readyForQuery']);
  });
});

describe('Describe of a cursor DECLAREd by SQL (a portal too, as in Postgres)', () => {
  it("answers its RowDescription by the cursor's name without moving it (psycopg 3's server-side cursor)", async () => {
    const { port, user, password } = fx.connection;
    const { client } = await RawClient.connect(port, { user, database: 'dynascope' }, password);
    try {
      const declared = await client.send([
        query(
          "begin; declare c cursor for select user_id, 1::int4 as one from users where user_id like 'u000%' order by 1; " +
            'declare h cursor for select 2::int8 as two; fetch 1 from c',
        ),
      ]);
      expect(declared.map(shownRaw).filter((m) => m.startsWith('C '))).toEqual([
        'C BEGIN',
        'C DECLARE CURSOR',
        'C DECLARE CURSOR',
        'C FETCH 1',
      ]);
      // An engine cursor over a foreign table, then a host cursor: their columns, text format.
      const described = await client.send([describeMessage('P', 'c'), describeMessage('P', 'h'), sync()]);
      expect(
        described.map((m) =>
          m.type === 'T'
            ? rowDescriptionFields(m.body)
                .map((f) => `${f.name}:${f.typeOid}:${f.format}`)
                .join(' ')
            : shownRaw(m),
        ),
      ).toEqual(['user_id:25:0 one:23:0', 'two:20:0', 'Z T']);
      // Not moved: the next rows are the second and third.
      const fetched = await client.send([query('fetch 2 from c')]);
      expect(fetched.filter((m) => m.type === 'D').map((m) => dataRowValues(m.body)[0]!.toString())).toEqual([
        'u0002',
        'u0003',
      ]);
      // No such portal: Postgres's error, which aborts the block.
      const missing = await client.send([describeMessage('P', 'nosuch'), sync()]);
      expect(missing.map(shownRaw)).toEqual(['E ERROR 34000 portal "nosuch" does not exist', 'Z E']);
      // In the aborted block a cursor's Describe is refused as Postgres refuses one that returns rows.
      const aborted = await client.send([describeMessage('P', 'c'), sync()]);
      expect(aborted.map(shownRaw)).toEqual([
        expect.stringMatching(/^E ERROR 25P02 current transaction is aborted/),
        'Z E',
      ]);
    } finally {
      client.close();
    }
  });
});

describe('tags of parameterised statements', () => {
  it('tags INSERT, UPDATE, DELETE and SELECT on a host table as Postgres does', async () => {
    await connected(async (client) => {
      await client.query('create temp table tg (a int)');
      const tag = async (sql: string, values: unknown[]) => {
        const r = await client.query(sql, values);
        return [r.command, r.rowCount];
      };
      expect(await tag('insert into tg select generate_series(1, $1::int)', [5])).toEqual(['INSERT', 5]);
      expect(await tag('update tg set a = a + 10 where a > $1', [2])).toEqual(['UPDATE', 3]);
      expect(await tag('delete from tg where a > $1', [13])).toEqual(['DELETE', 2]);
      expect(await tag('insert into tg values ($1) returning a', [7])).toEqual(['INSERT', 1]);
      expect(await tag('with w as (select $1::int as v) insert into tg select v from w', [8])).toEqual([
        'INSERT',
        1,
      ]);
      expect(await tag('select $1::int as v', [3])).toEqual(['SELECT', 1]);
      expect(await tag('select a from tg where a < $1 order by a', [100])).toEqual(['SELECT', 5]);
      // The simple protocol's EXECUTE is tagged as its statement too, as Postgres tags it.
      await client.query('prepare ins (int) as insert into tg values ($1), ($1 + 1)');
      expect(await tag('execute ins(20)', [])).toEqual(['INSERT', 2]);
      // A write without RETURNING describes no columns.
      const messages = await raw(client, (w) => {
        w.parse({ name: 'w1', text: 'update tg set a = $1 where a = $2', types: [] });
        w.describe({ type: 'S', name: 'w1' });
        w.bind({ portal: '', statement: 'w1', values: ['30', '20'] });
        w.execute({ portal: '', rows: 0 });
      });
      expect(shown(messages)).toEqual([
        'parseComplete',
        'parameterDescription 23 23',
        'noData',
        'bindComplete',
        'commandComplete UPDATE 1',
        'readyForQuery',
      ]);
    });
  });

  it('keeps the tags and columns of statements over foreign tables', async () => {
    await connected(async (client) => {
      const r = await client.query('select user_id, age from users where user_id = $1', ['u0001']);
      expect([r.command, r.rowCount, r.fields.map((f) => f.name)]).toEqual(['SELECT', 1, ['user_id', 'age']]);
      const messages = await raw(client, (w) => {
        w.parse({ name: 'f1', text: 'select user_id, age from users where user_id = $1', types: [25] });
        w.describe({ type: 'S', name: 'f1' });
        w.bind({ portal: '', statement: 'f1', values: ['u0002'] });
        w.execute({ portal: '', rows: 0 });
      });
      // (The NOTICEs of access paths and capacity are the engine's to tell: left out.)
      expect(shown(messages).filter((m) => m !== 'notice')).toEqual([
        'parseComplete',
        'parameterDescription 25',
        'rowDescription user_id:25 age:23',
        'bindComplete',
        'dataRow',
        'commandComplete SELECT 1',
        'readyForQuery',
      ]);
    });
  });

  it('describes the parameters of a statement over foreign tables with the types Postgres infers', async () => {
    await connected(async (client) => {
      // Left open (0), as asyncpg, pgjdbc's setObject and psycopg's server-side binding send them: the
      // driver encodes each value as the ParameterDescription says.
      const messages = await raw(client, (w) => {
        w.parse({
          name: 'f2',
          text: 'select user_id, age from users where user_id = $1 and age > $2 limit $3',
          types: [],
        });
        w.describe({ type: 'S', name: 'f2' });
        // Zero oids, as pgjdbc sends a type it leaves open: the same.
        w.parse({
          name: 'f3',
          text: 'update users set age = $1, signup_at = $2 where user_id = $3',
          types: [0, 0, 0],
        });
        w.describe({ type: 'S', name: 'f3' });
      });
      expect(shown(messages).filter((m) => m !== 'notice')).toEqual([
        'parseComplete',
        'parameterDescription 25 23 20',
        'rowDescription user_id:25 age:23',
        'parseComplete',
        'parameterDescription 23 1184 25',
        'noData',
        'readyForQuery',
      ]);
    });
  });
});
