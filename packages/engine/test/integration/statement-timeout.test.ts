import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * `statement_timeout` bounds the engine's own work, as Postgres's bounds a statement: a Scan, a
 * cursor's next page, a COPY and a write stop when the time is up with Postgres's 57014 `canceling
 * statement due to statement timeout`, a write's error says which rows it wrote first, and the
 * session goes on (a block is aborted). The statements are made long by the engine's own throughput
 * governor (`dynascope.max_rcu_per_second` / `max_wcu_per_second`), against the real emulators.
 */
describe.each(BACKENDS)('statement_timeout on %s', (backend) => {
  let client: DynamoDBClient;
  let engine: Engine;
  let table: string;
  const ITEMS = 300;

  beforeAll(async () => {
    client = clientOf(backend);
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'timed');
    table = uniqueName('timed');
    await createTable(client, table, { name: 'id', type: 'N' });
    // ~2 KB items: the whole Scan is ~150 RCU, some 8 s at 20 RCU/s.
    await putItems(
      client,
      table,
      Array.from({ length: ITEMS }, (_, i) => ({ id: { N: String(i) }, body: { S: 'x'.repeat(2000) } })),
    );
    await ok(
      engine,
      `create foreign table public.timed (id bigint, body text) server timed options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(() => engine?.close());

  const TIMED_OUT = 'canceling statement due to statement timeout';
  const run = (sql: string, session: string, pageSize?: number) =>
    engine.execute(sql, { session, ...(pageSize !== undefined && { pageSize }) });

  /** Items of `timed` whose body is `marked`, as DynamoDB holds them. */
  const holding = async (marked: string): Promise<number> => {
    let n = 0;
    let start: Record<string, never> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: table,
          ConsistentRead: true,
          FilterExpression: 'body = :m',
          ExpressionAttributeValues: { ':m': { S: marked } },
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      n += page.Count ?? 0;
      start = page.LastEvaluatedKey as typeof start;
    } while (start);
    return n;
  };

  it('a paced Scan stops when the time is up with 57014, and the session goes on', async () => {
    const session = uniqueName('s');
    await run("set dynascope.max_rcu_per_second = 20; set statement_timeout = '400ms'", session);
    const r = await run('select count(*) from timed', session);
    expect(r.error).toMatchObject({ sqlstate: '57014', message: TIMED_OUT, statementIndex: 0 });
    expect(r.error?.position).toBeUndefined();
    // The session goes on; with no timeout the same count reads every item.
    const after = await run('select 1', session);
    expect(after.error).toBeUndefined();
    const whole = await run(
      'set statement_timeout = 0; reset dynascope.max_rcu_per_second; select count(*) from timed',
      session,
    );
    expect(whole.error).toBeUndefined();
    expect(whole.statements.at(-1)!.rows).toEqual([[String(ITEMS)]]);
  });

  it('each statement of a script has its own clock, and a long enough timeout lets the Scan finish', async () => {
    const session = uniqueName('s');
    const r = await run(
      "set statement_timeout = '20s'; select count(*) from timed; set dynascope.max_rcu_per_second = 20; set statement_timeout = '300ms'; select count(*) from timed",
      session,
    );
    expect(r.statements.map((s) => s.rows)).toEqual([[], [[String(ITEMS)]], [], []]);
    expect(r.error).toMatchObject({ sqlstate: '57014', message: TIMED_OUT, statementIndex: 4 });
  });

  it('inside a block the timeout aborts the block, as in Postgres', async () => {
    const session = uniqueName('s');
    const r = await run(
      "begin; set local dynascope.max_rcu_per_second = 20; set local statement_timeout = '300ms'; select count(*) from timed",
      session,
    );
    expect(r.error).toMatchObject({ sqlstate: '57014', message: TIMED_OUT, statementIndex: 3 });
    const next = await run('select 1', session);
    expect(next.error?.sqlstate).toBe('25P02');
    expect((await run('rollback', session)).error).toBeUndefined();
    expect(engine.inTransaction(session)).toBe(false);
  });

  it("a cursor's next page is timed as a FETCH is", async () => {
    const session = uniqueName('s');
    await run('set dynascope.max_rcu_per_second = 20', session);
    const first = await run('select id from timed', session, 5);
    expect(first.error).toBeUndefined();
    expect(first.statements[0]!.rows).toHaveLength(5);
    const cursor = first.statements[0]!.cursor!;
    expect(cursor).toBeTruthy();
    await run("set statement_timeout = '300ms'", session);
    await expect(engine.next(cursor, { session, pageSize: ITEMS })).rejects.toMatchObject({
      sqlstate: '57014',
      message: TIMED_OUT,
    });
  });

  it('a page read as part of its statement goes on with the statement’s clock (the wire’s simple Query)', async () => {
    const session = uniqueName('s');
    await run("set dynascope.max_rcu_per_second = 20; set statement_timeout = '1500ms'", session);
    const read = async () => {
      const first = await run('select id from timed', session, 5);
      expect(first.error).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 1600));
      return first.statements[0]!.cursor!;
    };
    // The statement's 1.5 s have passed: its next page is not read.
    await expect(
      engine.next(await read(), { session, pageSize: 5, since: 'statement' }),
    ).rejects.toMatchObject({
      sqlstate: '57014',
      message: TIMED_OUT,
    });
    // A page on its own (a FETCH) has a clock of its own.
    expect((await engine.next(await read(), { session, pageSize: 5 })).rows).toHaveLength(5);
  });

  it('a write preview reads as a statement does: paced by the governor, stopped when the time is up', async () => {
    const session = uniqueName('s');
    await run("set dynascope.max_rcu_per_second = 20; set statement_timeout = '300ms'", session);
    const r = await engine.preview("update timed set body = 'previewed'", { session });
    expect(r.error).toMatchObject({ sqlstate: '57014', message: TIMED_OUT, statementIndex: 0 });
    expect(r.statements).toEqual([]);
    // Unpaced and untimed, the same preview counts every row.
    await run('reset dynascope.max_rcu_per_second; reset statement_timeout', session);
    const whole = await engine.preview("update timed set body = 'previewed'", { session });
    expect(whole.error).toBeUndefined();
    expect(whole.statements[0]!.rowCount).toBe(ITEMS);
  });

  it('a COPY TO stops when the time is up', async () => {
    const session = uniqueName('s');
    await run("set dynascope.max_rcu_per_second = 20; set statement_timeout = '300ms'", session);
    let bytes = 0;
    await expect(
      engine.copyTo('copy (select id, body from timed) to stdout', {
        session,
        onChunk: (chunk) => void (bytes += chunk.length),
      }),
    ).rejects.toMatchObject({ sqlstate: '57014', message: TIMED_OUT });
    expect(bytes).toBeLessThan(ITEMS * 2000);
  });

  it('a paced UPDATE stops with 57014 and says how many rows it wrote, which are the ones written', async () => {
    const session = uniqueName('s');
    const marked = `y${Date.now()}`;
    // Writes of ~2 KB items: 2 WCU each, 4 a second at 8 WCU/s.
    await run("set dynascope.max_wcu_per_second = 8; set statement_timeout = '1500ms'", session);
    const r = await run(`update timed set body = '${marked}' where id < 100`, session);
    expect(r.error?.sqlstate).toBe('57014');
    const m = /^canceling statement due to statement timeout \((\d+) rows? written before the error\)$/.exec(
      r.error!.message,
    );
    expect(m, r.error!.message).not.toBeNull();
    const written = Number(m![1]);
    expect(written).toBeLessThan(100);
    // What DynamoDB holds is what the error said.
    expect(await holding(marked)).toBe(written);
  });

  it.each([
    ['an UPDATE (one request an item, 16 in flight)', (m: string) => `update timed set body = '${m}'`],
    [
      'an INSERT (BatchWriteItem, 8 in flight)',
      (m: string) =>
        `insert into timed (id, body) select id + 100000 * ${Math.floor(Math.random() * 1000) + 1}, '${m}' from generate_series(1, 1200) id`,
    ],
  ])(
    'unpaced, %s stopped while requests are in flight: the rows it says it wrote are the ones DynamoDB holds',
    async (_name, statement) => {
      const session = uniqueName('s');
      // A timeout late enough that items are being written (the reads come first): doubled while the
      // statement stops before writing, then halved between that and one it finishes within.
      let before = 0;
      let finished: number | undefined;
      const tried: string[] = [];
      for (let attempt = 0; attempt < 30; attempt++) {
        const ms = finished === undefined ? Math.max(50, before * 2) : Math.round((before + finished) / 2);
        if (finished !== undefined && finished - before < 2) break;
        const marked = `w${ms}_${Date.now()}`;
        await run(`set statement_timeout = '${ms}ms'`, session);
        const r = await run(statement(marked), session);
        tried.push(`${ms} ms: ${r.error?.message ?? 'finished'}`);
        if (!r.error) {
          finished = ms;
          continue;
        }
        expect(r.error.message).toMatch(/^canceling statement due to statement timeout/);
        const written = Number(/\((\d+) rows? written before the error\)$/.exec(r.error.message)?.[1] ?? 0);
        expect(await holding(marked), `${ms} ms: ${r.error.message}`).toBe(written);
        if (written > 0) return;
        before = ms;
      }
      throw new Error(`the statement was never stopped while it wrote:\n${tried.join('\n')}`);
    },
  );

  it('statement_timeout as Postgres prints it is read in every unit', async () => {
    const session = uniqueName('s');
    for (const [value, ms] of [
      ['0', 0],
      ['250ms', 250],
      ['90s', 90_000],
      ['2min', 120_000],
      ['3h', 10_800_000],
      ['1d', 86_400_000],
    ] as const) {
      await run(`set statement_timeout = '${value}'`, session);
      expect((await engine.sessionSettings(session)).statementTimeoutMs).toBe(ms);
    }
  });
});
