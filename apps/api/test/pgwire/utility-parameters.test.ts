import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPgFixture, type PgFixture } from './pg-fixture';

/**
 * Parameters of statements PREPARE does not take — EXPLAIN [ANALYZE], DECLARE ... CURSOR FOR, CREATE
 * TABLE AS, CALL — through the extended protocol, as Postgres takes them (checked against Debian's
 * PostgreSQL): their Describe's ParameterDescription, their results, the error for a wrong count;
 * and the statements whose `$n` Postgres does not take for parameters.
 */
let fx: PgFixture;

beforeAll(async () => {
  fx = await startPgFixture(20);
});
afterAll(async () => {
  await fx?.close();
});

/** node-postgres's connection: it sends the extended protocol's messages one by one. */
type Wire = NodeJS.EventEmitter &
  Record<'parse' | 'describe' | 'bind' | 'execute' | 'sync', (m?: object) => void>;

interface Answer {
  readonly name: string;
  readonly text?: string;
  readonly fields?: readonly { name: string; dataTypeID: number }[];
  readonly fieldCount?: number;
  readonly dataTypeIDs?: readonly number[];
  readonly code?: string;
  readonly message?: string;
  readonly position?: string;
}

/**
 * Parse of the unnamed statement (with the declared types), Describe of it, and with `values` Bind and Execute,
 * then Sync, on a connected client: each answer up to ReadyForQuery, shown as
 * `parameterDescription 25`, `rowDescription QUERY PLAN:25`, `error 08P01 ...`, `commandComplete EXPLAIN`.
 */
function extended(
  client: pg.Client,
  sql: string,
  values?: (string | null)[],
  types: number[] = [],
): Promise<string[]> {
  return new Promise((resolve) => {
    const answers: string[] = [];
    const submittable = {
      submit(wire: Wire) {
        const listener = (m: Answer) => {
          // (The NOTICEs of access paths and capacity are the engine's to tell: left out.)
          if (m.name !== 'notice') answers.push(shown(m));
          if (m.name !== 'readyForQuery') return;
          wire.off('message', listener);
          resolve(answers);
        };
        wire.on('message', listener);
        wire.parse({ name: '', text: sql, types });
        wire.describe({ type: 'S', name: '' });
        if (values) {
          wire.bind({ portal: '', statement: '', values });
          wire.execute({ portal: '', rows: 0 });
        }
        wire.sync();
      },
      // node-postgres drops its active query on an error: ReadyForQuery then comes to the listener only.
      handleError() {},
      handleReadyForQuery() {},
      handleRowDescription() {},
      handleDataRow() {},
      handleCommandComplete() {},
      handleEmptyQuery() {},
    };
    void client.query(submittable as never);
  });
}

function shown(m: Answer): string {
  switch (m.name) {
    case 'parameterDescription':
      return `${m.name} ${(m.dataTypeIDs ?? []).join(' ')}`.trim();
    case 'rowDescription':
      return `${m.name} ${(m.fields ?? []).map((f) => `${f.name}:${f.dataTypeID}`).join(' ')}`;
    case 'commandComplete':
      return `${m.name} ${m.text}`;
    case 'error':
      return `error ${m.code} ${m.message}${m.position ? ` at ${m.position}` : ''}`;
    default:
      return m.name;
  }
}

/** Each test's own connection (session). */
let client: pg.Client;

beforeEach(async () => {
  client = new pg.Client(fx.connection);
  await client.connect();
});
afterEach(async () => {
  await client.end();
});

describe('EXPLAIN with parameters', () => {
  it("node-postgres: client.query('explain ... $1', [value]) plans the statement with the value", async () => {
    const plan = await client.query('explain select * from users where user_id = $1', ['u0005']);
    expect(plan.command).toBe('EXPLAIN');
    const text = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('DynamoDB GetItem on users');
    expect(text).toContain("Key Condition: user_id = 'u0005'");
  });

  it('describes its parameters and QUERY PLAN column; a wrong count is 08P01 at Bind, as Postgres', async () => {
    const sql = 'explain select * from users where user_id = $1';
    const run = await extended(client, sql, ['u0005']);
    expect(run.slice(0, 4)).toEqual([
      'parseComplete',
      'parameterDescription 25',
      'rowDescription QUERY PLAN:25',
      'bindComplete',
    ]);
    expect(run.slice(-2)).toEqual(['commandComplete EXPLAIN', 'readyForQuery']);
    for (const values of [[], ['u1', 'u2']])
      expect(await extended(client, sql, values)).toEqual([
        'parseComplete',
        'parameterDescription 25',
        'rowDescription QUERY PLAN:25',
        `error 08P01 bind message supplies ${values.length} parameters, but prepared statement "" requires 1`,
        'readyForQuery',
      ]);
  });

  it('infers the types Postgres infers, and EXPLAIN ANALYZE runs with the values', async () => {
    await client.query('create temp table up_t (a int, b text, c char(5))');
    await client.query("insert into up_t values (5, 'x', 'abc')");
    const plan = await extended(
      client,
      'explain (costs off) select * from up_t where a = $1 and b = $2 and c = $3',
      ['5', "it's", 'abc'],
    );
    expect(plan.slice(1, 3)).toEqual(['parameterDescription 23 25 1042', 'rowDescription QUERY PLAN:25']);
    const rows = await client.query(
      'explain (costs off) select * from up_t where a = $1 and b = $2 and c = $3',
      [5, "it's", 'abc'],
    );
    expect(rows.rows.map((r: Record<string, string>) => r['QUERY PLAN'])).toEqual([
      'Seq Scan on up_t',
      "  Filter: ((a = 5) AND (b = 'it''s'::text) AND (c = 'abc'::bpchar))",
    ]);
    const analyze = await client.query(
      'explain (analyze, costs off, timing off, summary off) insert into up_t values ($1, $2)',
      [7, 'y'],
    );
    expect(analyze.rows[0]['QUERY PLAN']).toMatch(/^Insert on up_t \(actual rows=0(\.00)? loops=1\)$/);
    expect((await client.query('select a, b from up_t where a = 7')).rows).toEqual([{ a: 7, b: 'y' }]);
    // A value for a parameter Postgres types is checked as its type.
    const bad = await client.query('explain select * from up_t where a = $1', ['x']).catch((e: Error) => e);
    expect(bad).toMatchObject({ code: '22P02', message: 'invalid input syntax for type integer: "x"' });
  });

  it("reports the explained query's errors at Parse, at Postgres's position", async () => {
    expect(await extended(client, '  explain select * from users where nosuch = $1')).toEqual([
      'error 42703 column "nosuch" does not exist at 37',
      'readyForQuery',
    ]);
    // In characters, an emoji one though two UTF-16 code units (PostgreSQL 15 said 44 too).
    expect(await extended(client, 'explain /* 😀😀 */ select * from users where nosuch = $1')).toEqual([
      'error 42703 column "nosuch" does not exist at 44',
      'readyForQuery',
    ]);
    expect(await extended(client, 'explain select $2::int')).toEqual([
      'error 42P18 could not determine data type of parameter $1',
      'readyForQuery',
    ]);
  });
});

describe('DECLARE, CREATE TABLE AS and CALL with parameters', () => {
  it('DECLARE ... CURSOR FOR a query over a foreign table, then FETCH', async () => {
    await client.query('begin');
    expect(
      await extended(client, 'declare up_c cursor for select user_id, age from users where user_id = $1', [
        'u0005',
      ]),
    ).toEqual([
      'parseComplete',
      'parameterDescription 25',
      'noData',
      'bindComplete',
      'commandComplete DECLARE CURSOR',
      'readyForQuery',
    ]);
    const fetched = await client.query('fetch all from up_c');
    expect(fetched.rows).toEqual([{ user_id: 'u0005', age: expect.any(Number) }]);
    await client.query('rollback');
  });

  it('CREATE TABLE AS over a foreign table, and WITH NO DATA', async () => {
    const created = await client.query(
      'create temp table up_ctas as select user_id from users where user_id = $1',
      ['u0007'],
    );
    expect([created.command, created.rowCount]).toEqual(['SELECT', 1]);
    expect((await client.query('select user_id from up_ctas')).rows).toEqual([{ user_id: 'u0007' }]);
    await client.query('create temp table up_empty as select $1::int as x with no data', [1]);
    expect((await client.query('select count(*)::int as n from up_empty')).rows).toEqual([{ n: 0 }]);
  });

  it('CALL a procedure with parameters; a wrong count is 08P01 at Bind', async () => {
    await client.query(
      "create procedure pg_temp.up_p(a int, b text) language plpgsql as $$ begin raise notice 'got % %', a, b; end $$",
    );
    const notices: string[] = [];
    client.on('notice', (n) => notices.push(n.message ?? ''));
    const called = await client.query('call pg_temp.up_p($1, $2)', [1, 'x']);
    expect(called.command).toBe('CALL');
    expect(notices).toContain('got 1 x');
    expect(await extended(client, 'call pg_temp.up_p($1, $2)', ['1'])).toEqual([
      'parseComplete',
      'parameterDescription 25 25',
      'noData',
      'error 08P01 bind message supplies 1 parameters, but prepared statement "" requires 2',
      'readyForQuery',
    ]);
  });
});

describe('statements whose $n Postgres does not take for parameters', () => {
  it.each([
    'copy (select $1) to stdout',
    'show $1',
    'create temp view up_v as select $1::int as x',
    'explain execute up_q($1)',
  ])('%s: Bind with a value is 08P01, in Postgres words', async (sql) => {
    const answers = await extended(client, sql, ['1']);
    expect(answers.at(-2)).toBe(
      'error 08P01 bind message supplies 1 parameters, but prepared statement "" requires 0',
    );
  });

  it('takes the values Parse declared types for, as Postgres does (a BEGIN with one)', async () => {
    expect(await extended(client, 'begin', ['1'], [23])).toEqual([
      'parseComplete',
      'parameterDescription 23',
      'noData',
      'bindComplete',
      'commandComplete BEGIN',
      'readyForQuery',
    ]);
    await client.query('rollback');
  });

  it('refuses parameters in a materialized view at Parse (0A000)', async () => {
    const answers = await extended(client, 'create materialized view up_mv as select $1::int as x');
    expect(answers).toEqual([
      'error 0A000 materialized views may not be defined using bound parameters',
      'readyForQuery',
    ]);
  });
});

describe('parameters of statements PREPARE takes', () => {
  it('a Describe over a foreign table counts its parameters (text where the host cannot infer) and columns', async () => {
    const answers = await extended(client, 'select user_id, age from users where user_id = $1', ['u0002']);
    expect(answers.slice(0, 3)).toEqual([
      'parseComplete',
      'parameterDescription 25',
      'rowDescription user_id:25 age:23',
    ]);
    expect(answers.slice(-2)).toEqual(['commandComplete SELECT 1', 'readyForQuery']);
  });

  it('a value with quotes and backslashes stays one value; standard_conforming_strings cannot be turned off', async () => {
    // The engine reads SQL with it on (the engine's host/statement-policy.ts): off is refused.
    await expect(client.query('set standard_conforming_strings = off')).rejects.toMatchObject({
      code: '42501',
      message: 'permission denied to set parameter "standard_conforming_strings"',
    });
    const value = "a\\'; select 1; --";
    expect((await client.query('select $1::text as v', [value])).rows).toEqual([{ v: value }]);
    const plan = await client.query('explain (costs off) select * from pg_class where relname = $1', [value]);
    expect(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')).toContain(
      "relname = 'a\\''; select 1; --'::name",
    );
  });
});
