import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TABLES } from '../src/demo/demo-tables';
import { checkQueries, serveApp } from './support/check-queries-cli';
import { call, TEST_TOKEN } from './support/demo-fixture';
import { startLocalFixture, type LocalFixture } from './support/local-fixture';

// `npm run check-queries` after an index is really dropped (issue 17): the demo's orders table in
// DynamoDB Local, a saved query on its GSI by_status, then UpdateTable deletes the GSI — the CLI
// exits 1 with why, at once (the server described the table a moment before).
let fx: LocalFixture;
let served: Awaited<ReturnType<typeof serveApp>> | undefined;

beforeAll(async () => {
  fx = await startLocalFixture({ keyId: 'AKIDCHECKQUERIES', secret: 'check-queries-secret' });
  const orders = DEMO_TABLES.find((t) => t.TableName === 'orders')!;
  await fx.client.send(new CreateTableCommand(orders));
  await fx.client.send(
    new BatchWriteItemCommand({
      RequestItems: {
        orders: Array.from({ length: 25 }, (_, i) => ({
          PutRequest: {
            Item: {
              customer_id: { S: `c${i % 5}` },
              order_date: { S: `2024-01-${String(10 + i)}` },
              status: { S: i % 2 ? 'open' : 'returned' },
              note: { S: 'n'.repeat(2000) },
            },
          },
        })),
      },
    }),
  );
  const created = await fx.engine.execute(
    `create foreign table orders (customer_id text not null, order_date text not null, status text)
       server local options (table 'orders', rowid_column 'customer_id')`,
  );
  if (created.error) throw new Error(created.error.message);
  served = await serveApp(fx.engine);
});
afterAll(async () => {
  await served?.close();
  await fx?.close();
});

describe('npm run check-queries on DynamoDB Local', () => {
  it('exits 1 once the index a saved query relies on is dropped', async () => {
    const saved = await call(fx.app, 'POST', '/api/saved-queries', {
      body: {
        name: 'returned orders',
        sql: 'select customer_id from orders where status = $1',
        params: [{ name: 'status', example: 'returned' }],
        expect: { paths: [{ relation: 'orders', operation: 'Query', index: 'by_status' }] },
      },
    });
    expect(saved.status).toBe(201);
    const env = { DYNASCOPE_URL: served!.url, DYNASCOPE_TOKEN: TEST_TOKEN };
    const holding = await checkQueries(env);
    expect(holding.stdout).toMatch(/^ok +returned orders +Query \(by_status\) public\.orders/m);
    expect(holding.code).toBe(0);

    await fx.client.send(
      new UpdateTableCommand({
        TableName: 'orders',
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'by_status' } }],
      }),
    );
    for (;;) {
      const d = await fx.client.send(new DescribeTableCommand({ TableName: 'orders' }));
      if (!d.Table?.GlobalSecondaryIndexes?.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const regressed = await checkQueries(env);
    expect(regressed.stdout).toMatch(/^REGRESSED +returned orders +Scan public\.orders/m);
    expect(regressed.stdout).toContain(
      '- orders: expected Query on index by_status, planned Scan (by_status is not an index the planner could use: dropped, or its key no longer matches)',
    );
    expect(regressed.code).toBe(1);
  });
});
