import { DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * "Check all" sees an index dropped a moment ago (issue 17): the engine keeps a DescribeTable for
 * 30 s, and the check describes each table again rather than plan with the index it remembers.
 * DynamoDB Local only: dynalite's UpdateTable ignores a GSI's Delete.
 */
describe('saved queries on dynamodb-local: an index dropped while the engine runs', () => {
  const table = uniqueName('sq_drop');
  const client = clientOf('dynamodb-local');
  let engine: Engine;

  beforeAll(async () => {
    await createTable(client, table, { name: 'order_id', type: 'S' }, undefined, [
      { name: 'by_customer', pk: { name: 'customer_id', type: 'S' } },
    ]);
    await putItems(
      client,
      table,
      Array.from({ length: 20 }, (_, i) => ({ order_id: { S: `o${i}` }, customer_id: { S: `c${i % 4}` } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, 'dynamodb-local');
    await ok(
      engine,
      `create foreign table sq_drop (order_id text not null, customer_id text)
         server dynamodb_server options (table '${table}', rowid_column 'order_id')`,
    );
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('flags the query at once, not 30 s later', async () => {
    await engine.savedQueries.put(
      {
        name: 'orders of a customer',
        sql: 'select order_id from sq_drop where customer_id = $1',
        params: [{ name: 'customer', type: 'text', example: 'c1' }],
        expect: { paths: [{ relation: 'sq_drop', operation: 'Query', index: 'by_customer' }] },
      },
      false,
    );
    const before = await engine.checkSavedQueries();
    expect(before.results.map((r) => [r.name, r.ok, r.problems])).toEqual([
      ['orders of a customer', true, []],
    ]);

    await client.send(
      new UpdateTableCommand({
        TableName: table,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'by_customer' } }],
      }),
    );
    for (;;) {
      const d = await client.send(new DescribeTableCommand({ TableName: table }));
      if (!d.Table?.GlobalSecondaryIndexes?.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The statement's plan still remembers the index (the DescribeTable of the check above).
    const remembered = (await engine.explain(`select order_id from sq_drop where customer_id = 'c1'`))
      .statements[0]!.plan!.scans[0]!;
    expect([remembered.operation, remembered.index]).toEqual(['Query', 'by_customer']);

    const after = await engine.checkSavedQueries();
    expect(after.regressions).toBe(1);
    expect(after.results[0]!.paths).toEqual([{ relation: 'public.sq_drop', operation: 'Scan', index: null }]);
    expect(after.results[0]!.problems).toEqual([
      'sq_drop: expected Query on index by_customer, planned Scan (by_customer is not an index the planner could use: dropped, or its key no longer matches)',
    ]);
    // ... and the statements after it plan with what the check described.
    const fresh = (await engine.explain(`select order_id from sq_drop where customer_id = 'c1'`))
      .statements[0]!.plan!.scans[0]!;
    expect(fresh.operation).toBe('Scan');
  });
});
