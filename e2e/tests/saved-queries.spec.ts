import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DEMO_TABLES } from '../../apps/api/src/demo/demo-tables';
import { startDynamoDbLocal } from '../../packages/engine/test/support/dynamodb-local';
import { testClient } from '../../packages/engine/test/support/ports';
import { eachScreen, expect, openApp, runStatement, setSql, test, TOKEN } from './fixtures';

// Issue 17, saved queries with access-pattern checks: save a query with the access path EXPLAIN
// plans now (a Query on the GSI by_status), drop that index in DynamoDB, and see "Check all" flag it
// with why. The index is really dropped (UpdateTable … GlobalSecondaryIndexUpdates Delete): the
// server is AWS's DynamoDB Local, started here (Java 17; without it this spec fails and says so),
// as dynalite — the demo's — ignores deleting a GSI.

const SERVER = 'sq_local';
const TABLE = 'sq_e2e_orders';
const DYNAMO_TABLE = 'sq_orders';
/** DynamoDB Local keeps tables per access key id: the key of the profile the server uses (playwright.config.ts). */
const PROFILE_KEY = 'AKIAE2EEXAMPLE000000';
const auth = { Authorization: `Bearer ${TOKEN}` };

let local: Awaited<ReturnType<typeof startDynamoDbLocal>> | undefined;

test.beforeAll(async () => {
  local = await startDynamoDbLocal();
  const client = testClient(local.endpoint, PROFILE_KEY);
  // The demo's orders table (its GSI by_status), in DynamoDB Local.
  const orders = DEMO_TABLES.find((t) => t.TableName === 'orders')!;
  await client.send(new CreateTableCommand({ ...orders, TableName: DYNAMO_TABLE }));
  // 75 items of 1 KB: a Scan reads several times what the index Query does.
  const statuses = ['open', 'shipped', 'returned'];
  const items = Array.from({ length: 75 }, (_, i) => ({
    customer_id: { S: `c${i % 15}` },
    order_date: { S: `2024-0${1 + (i % 9)}-${String(10 + (i % 17))}` },
    status: { S: statuses[i % 3]! },
    note: { S: 'n'.repeat(1000) },
  }));
  for (let i = 0; i < items.length; i += 25)
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: { [DYNAMO_TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  client.destroy();
});

test.afterAll(async ({ request }) => {
  await request.delete(`/api/saved-queries/${encodeURIComponent('returned orders')}`, { headers: auth });
  await request.post('/api/sql', {
    headers: auth,
    data: { sql: `drop foreign table if exists public.${TABLE}; drop server if exists ${SERVER}` },
  });
  await local?.stop();
});

test('a saved query that relied on a dropped index is flagged by Check all', async ({ page }) => {
  await openApp(page);
  // A server in the workbench for DynamoDB Local: the profile's keys, its endpoint.
  await page.getByTestId('add-server').click();
  await page.getByTestId('server-name').fill(SERVER);
  await page.getByTestId('server-source-profile').click();
  await page.getByTestId('server-profile').selectOption('e2e-base');
  await page.getByTestId('server-region').fill('us-east-1');
  await page.getByTestId('server-endpointUrl').fill(local!.endpoint);
  await expect(page.getByTestId('server-editor-sql')).toContainText(`endpoint_url '${local!.endpoint}'`);
  await page.getByTestId('server-save').click();
  await expect(page.getByTestId('server-editor')).toBeHidden();

  await setSql(
    page,
    `create foreign table public.${TABLE} (customer_id text not null, order_date text not null, status text)
       server ${SERVER} options (table '${DYNAMO_TABLE}', rowid_column 'customer_id');`,
  );
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'done');

  await setSql(page, `select customer_id, status from ${TABLE} where status = $1`);
  await page.getByTestId('saved-tab').click();
  await page.getByTestId('save-current').click();
  await page.getByTestId('save-name').fill('returned orders');
  await page.getByLabel('$1 example').fill('returned');
  await page.getByTestId('save-submit').click();
  const item = page.getByTestId('saved-query').filter({ hasText: 'returned orders' });
  await expect(item).toContainText(`Query on by_status · public.${TABLE}`);

  await page.getByTestId('check-all').click();
  await expect(item.getByTestId('saved-status')).toHaveText('● holds');

  // Opening it puts the example in place of $1.
  await item.getByRole('button', { name: 'returned orders', exact: true }).click();
  await expect(page.locator('.monaco-editor').first()).toContainText("status = 'returned'");

  // Drop the index in DynamoDB, and wait until it is gone.
  const client = testClient(local!.endpoint, PROFILE_KEY);
  await client.send(
    new UpdateTableCommand({
      TableName: DYNAMO_TABLE,
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'by_status' } }],
    }),
  );
  await expect
    .poll(async () => {
      const d = await client.send(new DescribeTableCommand({ TableName: DYNAMO_TABLE }));
      return (d.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName);
    })
    .toEqual([]);
  client.destroy();

  // At once: the server described the table a moment ago, and the check describes it again.
  await page.getByTestId('check-all').click();
  await expect(item.getByTestId('saved-status')).toHaveText('● regressed');
  await expect(item.getByTestId('saved-problems')).toContainText(
    `${TABLE}: expected Query on index by_status, planned Scan (by_status is not an index the planner could use: dropped, or its key no longer matches)`,
  );
  await expect(page.getByTestId('check-summary')).toContainText('1 regressed');

  await eachScreen(page, async (suffix) => {
    await page.getByTestId('saved-tab').click();
    await page.getByTestId('check-all').click();
    await expect(page.getByTestId('saved-problems').first()).toBeVisible();
    await page.screenshot({
      path: test.info().outputPath(`saved-queries-${suffix}.png`),
      animations: 'disabled',
    });
  });
});
