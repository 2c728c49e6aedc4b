import {
  CreateTableCommand,
  DescribeTableCommand,
  ScanCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import type { Progress } from '../../src/types';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  fails,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';
import { startRequestLog, type RequestLog } from '../support/request-log';
import { answersOf, expectPaced, measure } from '../support/paced';

/**
 * Issue 13, part 2: the throughput governor. Consumed capacity is measured from the ConsumedCapacity
 * DynamoDB's answers report, with the time each answer ended, by the relay in front of the real
 * emulator (test/support/request-log.ts): over every 2-second window it stays within 1.25x of the
 * limit, and on average it is not far below it.
 */
describe.each(BACKENDS)('the throughput governor, on %s', (backend) => {
  let client: DynamoDBClient;
  let engine: Engine;
  let relay: RequestLog;

  beforeAll(async () => {
    client = clientOf(backend);
    relay = await startRequestLog(endpointOf(backend), undefined, {}, { recordAnswers: true });
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'gov', relay.endpoint);
  });

  afterAll(async () => {
    await engine?.close();
    await relay?.close();
  });

  /** A DynamoDB table of `count` items of about 2 KB (half a read unit each, eventually consistent). */
  const itemsTable = async (base: string, count: number): Promise<string> => {
    const table = uniqueName(base);
    await createTable(client, table, { name: 'id', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: count }, (_, i) => ({ id: { N: String(i) }, body: { S: 'x'.repeat(2000) } })),
    );
    return table;
  };

  /** itemsTable, and the foreign table `public.<name>` (id, body) over it on the server `gov`. */
  const foreignTable = async (name: string, count: number): Promise<string> => {
    const table = await itemsTable(name, count);
    await ok(
      engine,
      `create foreign table public.${name} (id bigint, body text) server gov options (table '${table}', rowid_column 'id')`,
    );
    return table;
  };

  const answers = (from: number, table: string, operations: readonly string[]) =>
    answersOf(relay, from, table, operations);

  /** Runs `sql` in `session`, checks it, and measures the answers of `operations` on `table` it caused. */
  const measured = async (sql: string, session: string, table: string, operations: readonly string[]) => {
    const from = relay.requests.length;
    const startedAt = Date.now();
    const r = await engine.execute(sql, { session });
    const endedAt = Date.now();
    expect(r.error).toBeUndefined();
    return {
      statement: r.statements.at(-1)!,
      m: measure(answers(from, table, operations), startedAt, endedAt),
    };
  };

  it(
    'a session limit paces a Scan: max_rcu_per_second 25, within 1.25x over every 2 s window; the plan and progress show it',
    { timeout: 60_000 },
    async () => {
      const table = await foreignTable('gov_scan', 400);
      const session = 'scan';
      await engine.execute('set dynascope.max_rcu_per_second = 25', { session });
      const explained = await engine.explain('select count(body) from public.gov_scan', { session });
      expect(explained.statements[0]!.plan!.scans[0]!.rateLimit).toMatchObject({
        rcuPerSecond: 25,
        source: 'session',
      });
      const text = await engine.execute('explain select count(body) from public.gov_scan', { session });
      expect(text.statements[0]!.rows.map((r) => r[0]).join('\n')).toMatch(
        /Rate Limit: 25 RCU\/s \(session: dynascope.max_rcu_per_second\)/,
      );
      const progress: Progress[] = [];
      const from = relay.requests.length;
      const startedAt = Date.now();
      const r = await engine.execute('select count(body) from public.gov_scan', {
        session,
        onProgress: (p) => progress.push(p),
      });
      const endedAt = Date.now();
      expect(r.error).toBeUndefined();
      expect(r.statements[0]!.rows).toEqual([['400']]);
      const m = measure(answers(from, table, ['Scan']), startedAt, endedAt);
      expect(m.total).toBeGreaterThanOrEqual(100);
      expectPaced(m, 25);
      // Live progress shows the rate and the limit.
      expect(progress.length).toBeGreaterThan(3);
      expect(progress.every((p) => p.maxRcuPerSecond === 25)).toBe(true);
      expect(progress.at(-1)!.rcuPerSecond).toBeGreaterThan(10);
      expect(progress.at(-1)!.rcuPerSecond).toBeLessThanOrEqual(1.25 * 25 * 1.2);
    },
  );

  it(
    'no request overshoots: pages of a table of 10 KB items are sized from the first one on',
    { timeout: 60_000 },
    async () => {
      const table = uniqueName('gov_large');
      await createTable(client, table, { name: 'id', type: 'N' });
      await putItems(
        client,
        table,
        Array.from({ length: 40 }, (_, i) => ({ id: { N: String(i) }, body: { S: 'z'.repeat(10_000) } })),
      );
      await ok(
        engine,
        `create foreign table public.gov_large (id bigint, body text) server gov options (table '${table}')`,
      );
      const session = 'large';
      await engine.execute('set dynascope.max_rcu_per_second = 20', { session });
      const { statement, m } = await measured('select count(body) from public.gov_large', session, table, [
        'Scan',
      ]);
      expect(statement.rows).toEqual([['40']]);
      // A quarter of a second's budget at the most, the first page included.
      const pages = answers(0, table, ['Scan']);
      expect(pages.length).toBeGreaterThan(5);
      for (const page of pages) expect(page.consumed).toBeLessThanOrEqual(20 / 4);
      expectPaced(m, 20);
    },
  );

  it('a parallel Scan (4 segments) is paced as one read', { timeout: 60_000 }, async () => {
    const session = 'segments';
    await engine.execute('set dynascope.max_rcu_per_second = 40; set dynascope.scan_segments = 4', {
      session,
    });
    const from = relay.requests.length;
    const startedAt = Date.now();
    const r = await engine.execute('select count(body) from public.gov_scan', { session });
    const endedAt = Date.now();
    expect(r.error).toBeUndefined();
    expect(r.statements[0]!.rows).toEqual([['400']]);
    const segments = new Set(relay.requests.slice(from).map((q) => (q.body as { Segment?: number }).Segment));
    expect(segments).toEqual(new Set([0, 1, 2, 3]));
    expectPaced(measure(answers(from, 'gov_scan', ['Scan']), startedAt, endedAt), 40);
  });

  it(
    'a server option paces two concurrent sessions together (one budget per table in the process)',
    { timeout: 60_000 },
    async () => {
      const table = await itemsTable('gov_shared', 300);
      const other = await openTestEngine();
      try {
        for (const e of [engine, other]) {
          if (e === other) await createDocServer(other, backend, 'gov', relay.endpoint);
          await ok(
            e,
            `create server gov_shared foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'gov_key', vault_secret_access_key 'gov_secret', region 'us-east-1', endpoint_url '${relay.endpoint}', max_rcu_per_second '30')`,
          );
          await ok(
            e,
            `create foreign table public.gov_shared (id bigint, body text) server gov_shared options (table '${table}')`,
          );
        }
        const [plan] = await ok(engine, 'explain select count(body) from public.gov_shared');
        expect(plan!.rows.map((r) => r[0]).join('\n')).toMatch(/Rate Limit: 30 RCU\/s \(server options/);
        const from = relay.requests.length;
        const startedAt = Date.now();
        const [a, b] = await Promise.all([
          engine.execute('select count(body) from public.gov_shared', { session: 'one' }),
          other.execute('select count(body) from public.gov_shared', { session: 'two' }),
        ]);
        const endedAt = Date.now();
        expect(a.error ?? b.error).toBeUndefined();
        expect([a.statements[0]!.rows, b.statements[0]!.rows]).toEqual([[['300']], [['300']]]);
        const m = measure(answers(from, table, ['Scan']), startedAt, endedAt);
        expect(m.total).toBeGreaterThanOrEqual(2 * 75);
        expectPaced(m, 30);
      } finally {
        await other.close();
      }
    },
  );

  it(
    'a write limit paces a bulk INSERT: max_wcu_per_second 20, within 1.25x over every 2 s window',
    { timeout: 60_000 },
    async () => {
      const table = await foreignTable('gov_write', 0);
      const session = 'write';
      await engine.execute('set dynascope.max_wcu_per_second = 20', { session });
      const insert = `insert into public.gov_write select g, repeat('w', 1500) from generate_series(1, 50) g`;
      const [planned] = (await engine.explain(insert, { session })).statements;
      expect(planned!.plan!.write!.rateLimit).toEqual({
        wcuPerSecond: 20,
        source: 'session',
        estimatedSeconds: null,
      });
      const [explained] = (await engine.execute(`explain ${insert}`, { session })).statements;
      expect(explained!.rows.map((r) => r[0]).join('\n')).toMatch(
        /Rate Limit: 20 WCU\/s \(session: dynascope.max_wcu_per_second\)/,
      );
      const from = relay.requests.length;
      const startedAt = Date.now();
      const r = await engine.execute(insert, { session });
      const endedAt = Date.now();
      expect(r.error).toBeUndefined();
      expect(r.statements[0]!.rowCount).toBe(50);
      const m = measure(answers(from, table, ['BatchWriteItem']), startedAt, endedAt);
      // 50 items of ~1.5 KB: 2 WCU each.
      expect(m.total).toBe(100);
      expectPaced(m, 20);
    },
  );

  it(
    'an UPDATE is paced item by item (UpdateItem), and keyed reads in batches (BatchGetItem)',
    { timeout: 60_000 },
    async () => {
      const table = await foreignTable('gov_keyed', 60);
      const session = 'keyed';
      await engine.execute('set dynascope.max_wcu_per_second = 20; set dynascope.max_rcu_per_second = 10', {
        session,
      });
      // 30 items of ~2 KB rewritten: 2 WCU each.
      const update = await measured(
        "update public.gov_keyed set body = repeat('u', 1990) where id < 30",
        session,
        table,
        ['UpdateItem'],
      );
      expect(update.statement.rowCount).toBe(30);
      expect(update.m.total).toBe(60);
      expectPaced(update.m, 20);
      // 60 keys of the 400 ~2 KB items of gov_scan: 0.5 RCU each, 10 RCU/s → a few keys a
      // BatchGetItem, not 60 at once.
      const ids = Array.from({ length: 60 }, (_, i) => i * 5).join(', ');
      const read = await measured(
        `select count(body) from public.gov_scan where id in (${ids})`,
        session,
        'gov_scan',
        ['BatchGetItem'],
      );
      expect(read.statement.rows).toEqual([['60']]);
      expect(read.m.total).toBe(30);
      expectPaced(read.m, 10);
    },
  );

  it(
    'dynascope.max_statement_rcu stops a running Scan whose estimate was too low: 54000 with what it consumed',
    { timeout: 60_000 },
    async () => {
      const table = await foreignTable('gov_stop', 10);
      const session = 'stop';
      // Planned while the table holds 10 items: the session keeps that size for its estimates.
      await engine.explain('select count(body) from public.gov_stop', { session });
      await putItems(
        client,
        table,
        Array.from({ length: 300 }, (_, i) => ({
          id: { N: String(100 + i) },
          body: { S: 'y'.repeat(2000) },
        })),
      );
      await engine.execute('set dynascope.max_rcu_per_second = 50; set dynascope.max_statement_rcu = 10', {
        session,
      });
      const from = relay.requests.length;
      const r = await engine.execute('select count(body) from public.gov_stop', { session });
      expect(r.error).toMatchObject({ sqlstate: '54000' });
      expect(r.error!.message).toMatch(
        /^statement stopped: it consumed ([\d.]+) RCU, above dynascope.max_statement_rcu \(10\)$/,
      );
      const consumed = Number(/consumed ([\d.]+) RCU/.exec(r.error!.message)![1]);
      expect(consumed).toBeGreaterThan(10);
      expect(r.error!.detail).toMatch(/^Consumed so far: [\d.]+ RCU, 0 WCU\./);
      // It stopped: far from the ~75 RCU the whole table costs, and what DynamoDB reports agrees.
      const got = answers(from, table, ['Scan']);
      const total = got.reduce((n, a) => n + a.consumed, 0);
      expect(total).toBeLessThan(30);
      expect(total).toBeCloseTo(consumed, 5);
    },
  );

  it('dynascope.max_statement_wcu stops a bulk INSERT: 54000, the rows written before it in the error', async () => {
    const table = await foreignTable('gov_wstop', 0);
    const session = 'wstop';
    await engine.execute('set dynascope.max_wcu_per_second = 40; set dynascope.max_statement_wcu = 10', {
      session,
    });
    const r = await engine.execute(
      `insert into public.gov_wstop select g, 'v' from generate_series(1, 60) g`,
      { session },
    );
    expect(r.error).toMatchObject({ sqlstate: '54000' });
    expect(r.error!.message).toMatch(
      /^statement stopped: it consumed [\d.]+ WCU, above dynascope.max_statement_wcu \(10\) \((\d+) rows written before the error\)$/,
    );
    const written = Number(/\((\d+) rows written/.exec(r.error!.message)![1]);
    // What DynamoDB holds is what the error says was written.
    const held = await client.send(
      new ScanCommand({ TableName: table, Select: 'COUNT', ConsistentRead: true }),
    );
    expect(held.Count).toBe(written);
    expect(written).toBeGreaterThan(10);
    expect(written).toBeLessThan(60);
  });

  it('read_percent and write_percent take a share of the provisioned capacity; none to take a share of → 55000', async () => {
    const table = uniqueName('gov_prov');
    await client.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 40, WriteCapacityUnits: 10 },
      }),
    );
    while (
      (await client.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus !== 'ACTIVE'
    )
      await new Promise((r) => setTimeout(r, 50));
    await ok(
      engine,
      `create foreign table public.gov_prov (id bigint, body text) server gov options (table '${table}', read_percent '50', write_percent '20')`,
    );
    const [plan] = (await engine.explain('select * from public.gov_prov')).statements;
    expect(plan!.plan!.scans[0]!.rateLimit).toMatchObject({ rcuPerSecond: 20, source: 'table' });
    // The session's setting is stricter: it wins.
    await engine.execute('set dynascope.max_rcu_per_second = 5', { session: 'prov' });
    const [strict] = (await engine.explain('select * from public.gov_prov', { session: 'prov' })).statements;
    expect(strict!.plan!.scans[0]!.rateLimit).toMatchObject({ rcuPerSecond: 5, source: 'session' });

    const onDemand = uniqueName('gov_ondemand');
    await createTable(client, onDemand, { name: 'id', type: 'N' });
    await ok(
      engine,
      `create foreign table public.gov_ondemand (id bigint) server gov options (table '${onDemand}', read_percent '50')`,
    );
    const e = await fails(engine, 'select * from public.gov_ondemand');
    expect(e.sqlstate).toBe('55000');
    expect(e.message).toBe(
      `option "read_percent" needs a capacity to take a percentage of, and DynamoDB table "${onDemand}" has none`,
    );
  });

  it('a limit setting that is not a number fails the statements that read, and SET puts it right', async () => {
    const session = 'bad';
    await engine.execute("set dynascope.max_rcu_per_second = 'fast'", { session });
    const r = await engine.execute('select count(*) from public.gov_scan', { session });
    expect(r.error).toMatchObject({
      sqlstate: '22023',
      message: 'invalid value for parameter "dynascope.max_rcu_per_second": "fast"',
    });
    const fixed = await engine.execute(
      'set dynascope.max_rcu_per_second = 0; select count(*) from public.gov_scan',
      {
        session,
      },
    );
    expect(fixed.error).toBeUndefined();
    expect(fixed.statements[1]!.rows).toEqual([['400']]);
  });
});
