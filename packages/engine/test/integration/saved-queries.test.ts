import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteTableCommand, waitUntilTableNotExists } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../src/engine';
import { EngineError } from '../../src/errors';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  freshHost,
  ok,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * Saved queries (issue 17): kept in the host's `dynascope.saved_queries`, so they survive a restart
 * over the same data directory; `$1`-style parameters; "Check all" flags the query whose index was
 * dropped and the one whose table grew over its RCU ceiling. Dropping the index: the DynamoDB table is
 * deleted and made again without it (and with many more items), which both emulators do alike.
 */
describe.each(BACKENDS)('saved queries on %s', (backend) => {
  const table = uniqueName('sq_orders');
  const client = clientOf(backend);
  let dir: string | undefined;
  let hostOptions: Pick<EngineOptions, 'dataDir' | 'databaseUrl'>;
  let engine: Engine | undefined;
  let ceiling = 0;
  const open = async () => (engine = await Engine.open({ vaultKey: 'test-vault-key', ...hostOptions }));

  const orders = (n: number, pad: number): Record<string, AttributeValue>[] =>
    Array.from({ length: n }, (_, i) => ({
      order_id: { S: `o${String(i).padStart(5, '0')}` },
      customer_id: { S: `c${i % 10}` },
      note: { S: 'x'.repeat(pad) },
    }));

  beforeAll(async () => {
    const fresh = await freshHost();
    if (fresh.databaseUrl) hostOptions = { databaseUrl: fresh.databaseUrl };
    else hostOptions = { dataDir: (dir = await mkdtemp(join(tmpdir(), 'saved-queries-'))) };
    await createTable(client, table, { name: 'order_id', type: 'S' }, undefined, [
      { name: 'by_customer', pk: { name: 'customer_id', type: 'S' } },
    ]);
    await putItems(client, table, orders(20, 10));
  });
  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stores, searches, replaces, renames and deletes saved queries; user SQL cannot touch them', async () => {
    const e = await open();
    await createDocServer(e, backend);
    await ok(
      e,
      `create foreign table public.sq_orders (order_id text not null, customer_id text, note text)
         server dynamodb_server options (table '${table}')`,
    );
    const saved = await e.savedQueries.put(
      {
        name: 'orders of a customer',
        description: 'one customer, by the by_customer index',
        sql: 'select order_id from sq_orders where customer_id = $1',
        params: [{ name: 'customer', type: 'text', example: 'c3' }],
        expect: { paths: [{ relation: 'sq_orders', operation: 'Query', index: 'by_customer' }], maxRcu: 5 },
      },
      false,
    );
    expect(saved.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    await e.savedQueries.put({ name: 'scratch', sql: 'select 1' }, false);
    await expect(e.savedQueries.put({ name: 'scratch', sql: 'select 2' }, false)).rejects.toMatchObject({
      sqlstate: '42710',
    });
    await e.savedQueries.put({ name: 'scratch', sql: 'select 2', description: 'two' }, true);
    expect((await e.savedQueries.get('scratch')).sql).toBe('select 2');
    await e.savedQueries.replace('scratch', { name: 'scratch renamed', sql: 'select 3' });
    await expect(e.savedQueries.get('scratch')).rejects.toBeInstanceOf(EngineError);
    expect((await e.savedQueries.list('by_customer')).map((q) => q.name)).toEqual(['orders of a customer']);
    expect((await e.savedQueries.list('RENAMED')).map((q) => q.name)).toEqual(['scratch renamed']);
    await e.savedQueries.remove('scratch renamed');
    await expect(e.savedQueries.remove('scratch renamed')).rejects.toMatchObject({ sqlstate: '42704' });

    const denied = await e.execute(
      "insert into dynascope.saved_queries (name, sql) values ('x', 'select 1')",
    );
    expect(denied.error?.sqlstate).toBe('42501');
    expect((await e.execute('select * from dynascope.saved_queries')).error?.sqlstate).toBe('42501');
  });

  it('runs a saved query with parameters as literals, its examples by default', async () => {
    const e = engine!;
    expect(await e.savedQuerySql('orders of a customer')).toBe(
      "select order_id from sq_orders where customer_id = 'c3'::text",
    );
    const sql = await e.savedQuerySql('orders of a customer', ["c'7"]);
    expect(sql).toBe("select order_id from sq_orders where customer_id = 'c''7'::text");
    const r = await ok(e, await e.savedQuerySql('orders of a customer', ['c7']));
    expect(r[0]!.rowCount).toBe(2);
    await e.savedQueries.put({ name: 'two params', sql: "select '$1', $2 -- $3" }, false);
    await expect(e.savedQuerySql('two params')).rejects.toMatchObject({ sqlstate: '42P02' });
    await e.savedQueries.remove('two params');
  });

  it('Check all passes while the paths and estimates hold', async () => {
    const e = engine!;
    const scan = (await e.explain('select * from sq_orders')).statements[0]!.plan!.scans[0]!;
    expect(scan.operation).toBe('Scan');
    ceiling = Math.max(5, scan.estimatedRcu! * 3);
    await e.savedQueries.put(
      {
        name: 'all orders',
        sql: 'select * from sq_orders',
        expect: { paths: [{ relation: 'sq_orders', operation: 'Scan' }], maxRcu: ceiling },
      },
      false,
    );
    const report = await e.checkSavedQueries();
    expect(report.results.map((r) => [r.name, r.ok, r.problems])).toEqual([
      ['all orders', true, []],
      ['orders of a customer', true, []],
    ]);
    expect(report.regressions).toBe(0);
    expect(report.results[1]!.paths).toEqual([
      { relation: 'public.sq_orders', operation: 'Query', index: 'by_customer' },
    ]);
  });

  it('after a restart the queries are there, and the dropped index and the grown table are flagged', async () => {
    await engine!.close();
    engine = undefined;
    await client.send(new DeleteTableCommand({ TableName: table }));
    // dynalite deletes a table a moment after it answers (DELETING): creating it again at once is ResourceInUseException.
    await waitUntilTableNotExists(
      { client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
      { TableName: table },
    );
    await createTable(client, table, { name: 'order_id', type: 'S' });
    await putItems(client, table, orders(1500, 300));

    const e = await open();
    expect((await e.savedQueries.list()).map((q) => q.name)).toEqual(['all orders', 'orders of a customer']);
    const report = await e.checkSavedQueries();
    expect(report.checked).toBe(2);
    expect(report.regressions).toBe(2);
    const [all, ofCustomer] = report.results;
    expect(all!.ok).toBe(false);
    expect(all!.problems).toEqual([
      expect.stringMatching(/^estimate ~[\d.]+ RCU is over the ceiling of [\d.]+ RCU/),
    ]);
    expect(all!.estimatedRcu!).toBeGreaterThan(ceiling);
    expect(ofCustomer!.ok).toBe(false);
    expect(ofCustomer!.paths).toEqual([{ relation: 'public.sq_orders', operation: 'Scan', index: null }]);
    expect(ofCustomer!.problems[0]).toBe(
      'sq_orders: expected Query on index by_customer, planned Scan (by_customer is not an index the planner could use: dropped, or its key no longer matches)',
    );
    // EXPLAIN reads nothing but the planner's samples, and the report counts them.
    expect(report.samplingRcu).toBe(all!.samplingRcu + ofCustomer!.samplingRcu);
  });
});
