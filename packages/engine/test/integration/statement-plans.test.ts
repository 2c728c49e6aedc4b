import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import type { DynamoRequest } from '../../src/types';
import {
  DOC_COLUMNS,
  ORDERS_COLUMNS,
  RENAMED_COLUMNS,
  STATEMENT_CASES,
  USERS_COLUMNS,
  WRITE_CASES,
} from '../golden/statement-cases';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  ok,
  openTestEngine,
  putItems,
} from '../support/harness';
import { startRequestLog } from '../support/request-log';

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const WRITES = new Set(['PutItem', 'BatchWriteItem', 'UpdateItem', 'DeleteItem']);

/** The table a logged request reads. */
function tableOf(r: { operation: string; body: Record<string, unknown> }): string {
  return r.operation === 'BatchGetItem'
    ? Object.keys(r.body.RequestItems as object)[0]!
    : String(r.body.TableName);
}

/**
 * Golden statement plans: for every case of test/golden/statement-cases.ts, the first DynamoDB request
 * of each scan is exactly the golden one (test/golden/statement-requests.json, the same on both
 * emulators), EXPLAIN plans exactly what a run sends, EXPLAIN ANALYZE shows what it sent, and what
 * went over the wire (through a relay in front of the real emulator) is exactly what was planned.
 */
describe.each(BACKENDS)('statement plans on %s', (backend) => {
  let engine: Engine;
  let log: Awaited<ReturnType<typeof startRequestLog>>;
  const golden: Record<string, { sql: string; requests: DynamoRequest[] }> = {};

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(
      client,
      'golden_orders',
      { name: 'customer_id', type: 'S' },
      { name: 'order_date', type: 'S' },
      [{ name: 'by_status', pk: { name: 'status', type: 'S' } }],
    );
    await createTable(client, 'golden_users', { name: 'user_id', type: 'S' });
    const order = (c: string, d: string, status: string, total: string, note?: string) => ({
      customer_id: { S: c },
      order_date: { S: d },
      status: { S: status },
      total: { N: total },
      ...(note && { note: { S: note } }),
    });
    await putItems(client, 'golden_orders', [
      order('c1', '2024-01-05', 'open', '150'),
      order('c1', '2024-02-10', 'closed', '50'),
      order('c1', '2024-03-01', 'open', '200', 'gift'),
      order('c2', '2024-01-20', 'open', '120'),
      // Tables of some size (~25 KB): keyed reads then cost less than a Scan, as on real tables.
      ...Array.from({ length: 200 }, (_, i) =>
        order(`f${String(i).padStart(3, '0')}`, '2023-12-31', 'archived', String(i), 'x'.repeat(100)),
      ),
    ]);
    const users = [
      'u1',
      'u2',
      'u3',
      'u4',
      'c1',
      ...Array.from({ length: 200 }, (_, i) => `f${String(i).padStart(3, '0')}`),
    ];
    await putItems(
      client,
      'golden_users',
      users.map((id) => ({ user_id: { S: id }, name: { S: `name of ${id}`.padEnd(100, '.') } })),
    );
    log = await startRequestLog(endpointOf(backend));
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'dynamodb_server', log.endpoint);
    await ok(
      engine,
      `create schema golden;
       create foreign table golden.orders (${ORDERS_COLUMNS}) server dynamodb_server options (table 'golden_orders', rowid_column 'customer_id');
       create foreign table golden.users (${USERS_COLUMNS}) server dynamodb_server options (table 'golden_users', rowid_column 'user_id');
       create foreign table golden.orders_renamed (${RENAMED_COLUMNS}) server dynamodb_server options (table 'golden_orders', rowid_column 'customer');
       create foreign table golden.orders_doc (${DOC_COLUMNS}) server dynamodb_server options (table 'golden_orders', rowid_column 'customer_id');
       set search_path = golden, public`,
    );
  });
  afterAll(async () => {
    await engine?.close();
    await log?.close();
  });

  it.each(STATEMENT_CASES.map((c) => [c.name, c.sql] as const))('%s: planned = sent', async (name, sql) => {
    const explained = await engine.explain(sql);
    expect(explained.error).toBeUndefined();
    const planned = explained.statements[0]!.plan!.scans.map((s) => s.request);

    const before = log.requests.length;
    const run = await engine.execute(sql, { pageSize: 1000 });
    expect(run.error).toBeUndefined();
    const sent = log.requests.slice(before).filter((r) => READS.has(r.operation));
    const scans = run.statements[0]!.plan!.scans;
    const executed = scans.map((s) => s.request);
    // What each scan sent first is its request, exactly.
    for (const request of executed) {
      const first = sent.find(
        (r) =>
          tableOf(r) ===
          tableOf({ operation: request.operation, body: request.input as Record<string, unknown> }),
      );
      expect({ operation: first?.operation, input: first?.body }, name).toEqual(request);
    }
    // EXPLAIN plans what a run sends; only a join's later relation is planned again, with the keys the first one read.
    if (!/join/.test(name)) expect(executed, name).toEqual(planned);
    else expect(executed[0], name).toEqual(planned[0]);
    // The run took the shape EXPLAIN planned (the offline goldens hold each case's shape).
    expect(run.statements[0]!.plan!.shape, name).toBe(explained.statements[0]!.plan!.shape);

    // EXPLAIN ANALYZE runs the same statement and shows what it sent.
    const analyzed = await engine.execute(`explain (analyze, verbose) ${sql}`);
    expect(analyzed.error).toBeUndefined();
    expect(analyzed.statements[0]!.plan!.scans.map((s) => s.request)).toEqual(executed);
    const text = analyzed.statements[0]!.rows.map((r) => String(r[0])).join('\n');
    for (const r of executed)
      expect(text).toContain(`DynamoDB Request: ${r.operation} ${JSON.stringify(r.input)}`);
    golden[name] = { sql, requests: executed };
  });

  it('EXPLAIN ANALYZE of a write performs it, as in Postgres; EXPLAIN alone writes nothing', async () => {
    const where = "where customer_id = 'c2' and order_date = '2024-01-20'";
    const plain = await engine.execute(`explain update orders set note = 'explained' ${where}`);
    expect(plain.error).toBeUndefined();
    expect(plain.statements[0]!.rows.map((r) => String(r[0]))[0]).toMatch(
      /^UpdateItem on golden\.orders {2}\(DynamoDB golden_orders, condition attribute_exists\(customer_id\)\)$/,
    );
    expect((await ok(engine, `select note from orders ${where}`))[0]!.rows).toEqual([[null]]);
    const analyzed = await engine.execute(`explain analyze update orders set note = 'analyzed' ${where}`);
    expect(analyzed.error).toBeUndefined();
    const text = analyzed.statements[0]!.rows.map((r) => String(r[0])).join('\n');
    expect(text).toMatch(/Actual WCU: [\d.]+, items written: 1, requests: 1/);
    expect((await ok(engine, `select note from orders ${where}`))[0]!.rows).toEqual([['analyzed']]);
    await ok(engine, `update orders set note = null ${where}`);
  });

  it("EXPLAIN's options read as Postgres's Booleans: ANALYZE false / off / 0 writes nothing, ANALYZE on does", async () => {
    const where = "where customer_id = 'c2' and order_date = '2024-01-20'";
    const note = async () => (await ok(engine, `select note from orders ${where}`))[0]!.rows;
    for (const off of ['analyze false', 'analyze off', 'analyze 0', 'ANALYZE FALSE, verbose']) {
      const r = await engine.execute(`explain (${off}) update orders set note = 'not analyzed' ${where}`);
      expect(r.error, off).toBeUndefined();
      const text = r.statements[0]!.rows.map((row) => String(row[0])).join('\n');
      expect(text, off).not.toMatch(/Actual WCU/);
      expect(text.includes('DynamoDB Request:'), off).toBe(off.endsWith('verbose'));
      expect(await note(), off).toEqual([[null]]);
    }
    const quiet = await engine.execute(
      `explain (analyze on, verbose false) update orders set note = 'on' ${where}`,
    );
    expect(quiet.error).toBeUndefined();
    const text = quiet.statements[0]!.rows.map((row) => String(row[0])).join('\n');
    expect(text).toMatch(/Actual WCU: [\d.]+, items written: 1, requests: 1/);
    expect(text).not.toMatch(/DynamoDB Request:/);
    expect(await note()).toEqual([['on']]);
    await ok(engine, `update orders set note = null ${where}`);
    // A value that is not a Boolean: Postgres's error, as the host gives it for a statement over its own tables.
    const foreign = await engine.execute(`explain (analyze maybe) update orders set note = 'x' ${where}`);
    const local = await engine.execute('explain (analyze maybe) select 1');
    expect(local.error?.sqlstate).toBe('42601');
    expect(foreign.error && { sqlstate: foreign.error.sqlstate, message: foreign.error.message }).toEqual({
      sqlstate: local.error!.sqlstate,
      message: local.error!.message,
    });
    expect(await note()).toEqual([[null]]);
  });

  it.each(WRITE_CASES.map((c) => [c.name, c.sql] as const))(
    '%s: every request it sends',
    async (name, sql) => {
      const before = log.requests.length;
      const run = await engine.execute(sql);
      expect(run.error).toBeUndefined();
      const plan = run.statements[0]!.plan!;
      expect(plan.shape, name).toBe('write');
      const sent = log.requests.slice(before).map((r) => ({ operation: r.operation, input: r.body }));
      const reads = sent.filter((r) => READS.has(r.operation));
      // Concurrent writes arrive in any order: the golden file lists them sorted.
      const writes = sent
        .filter((r) => WRITES.has(r.operation))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(reads, name).toEqual(plan.scans.map((s) => s.request));
      expect(writes.length, name).toBe(plan.write!.requests);
      // The plan names the request the run sends (a one-row INSERT ... VALUES is a PutItem).
      for (const w of writes) expect(w.operation, name).toBe(plan.write!.operation);
      golden[name] = { sql, requests: [...reads, ...writes] as DynamoRequest[] };
    },
  );

  it('every request is the golden one', async () => {
    expect(Object.keys(golden)).toHaveLength(STATEMENT_CASES.length + WRITE_CASES.length);
    await expect(`${JSON.stringify(golden, null, 2)}\n`).toMatchFileSnapshot(
      '../golden/statement-requests.json',
    );
  });
});
