import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { DEMO_ACCESS_KEY_ID, DEMO_REGION, DEMO_SECRET_ACCESS_KEY } from '../../apps/api/src/demo/demo-sql';
import { eachScreen, expect, openApp, runStatement, setSql, test, TOKEN } from './fixtures';

/**
 * Prices follow the table and the setting (issue 17, "Cost you can read"): each scan is priced by its
 * own table's billing mode, the statement's price is their sum, and a tab's total is the sum of its
 * statements' prices (each as it ran, with the settings then in force); completion's samples count.
 */
test("a tab's dynascope.price_per_million_rru prices its statements", async ({ page }) => {
  await openApp(page);
  await setSql(page, 'select count(*) from orders;');
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('statement-price')).toContainText('on-demand');
  await expect(page.getByTestId('plan-price')).toHaveAttribute('title', /per million RRU.*us-east-1/);

  await setSql(page, "set dynascope.price_per_million_rru = '1000';");
  await runStatement(page, 'expect-none');
  await setSql(page, 'select count(*) from orders;');
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('statement-price')).toHaveAttribute(
    'title',
    'on-demand price: $1000 per million RRU, $0.625 per million WRU (set by dynascope.price_per_million_*)',
  );
  await expect(page.getByTestId('plan-price')).toHaveAttribute('title', /\$1000 per million RRU/);
});

const PROVISIONED = 'e2e_prices_accounts';
const JOIN =
  "select u.user_id, a.plan from users u join accounts_pv a on a.user_id = u.user_id where u.user_id in ('u0001', 'u0002', 'u0003');";

/** The demo's DynamoDB (the embedded dynalite), as the catalog names it. */
async function demoClient(request: APIRequestContext): Promise<DynamoDBClient> {
  const catalog = await (
    await request.get('/api/catalog', { headers: { Authorization: `Bearer ${TOKEN}` } })
  ).json();
  const endpoint = catalog.servers.find((s: { name: string }) => s.name === 'demo').options
    .endpoint_url as string;
  return new DynamoDBClient({
    endpoint,
    region: DEMO_REGION,
    credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
  });
}

const usd = async (l: Locator) => Number(await l.getAttribute('data-usd'));
/** What the cost guard's samples for estimates cost in the tab (0 when it sampled nothing). */
const estimateSamples = async (page: Page) => {
  const l = page.getByTestId('estimate-samples');
  return (await l.count()) ? usd(l) : 0;
};

test.describe('a join over an on-demand and a provisioned table', () => {
  test.beforeAll(async ({ request }) => {
    const client = await demoClient(request);
    try {
      // The embedded DynamoDB (dynalite) finishes a delete and a create a moment after answering: until
      // then the table is DELETING or CREATING, and a write to it is refused as to a missing table.
      const waiter = { client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 };
      const table = { TableName: PROVISIONED };
      await client.send(new DeleteTableCommand(table)).catch(() => undefined);
      await waitUntilTableNotExists(waiter, table);
      await client.send(
        new CreateTableCommand({
          TableName: PROVISIONED,
          KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'user_id', AttributeType: 'S' }],
          BillingMode: 'PROVISIONED',
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        }),
      );
      await waitUntilTableExists(waiter, table);
      for (const [id, plan] of [
        ['u0001', 'pro'],
        ['u0002', 'free'],
        ['u0003', 'team'],
      ] as const)
        await client.send(
          new PutItemCommand({ TableName: PROVISIONED, Item: { user_id: { S: id }, plan: { S: plan } } }),
        );
    } finally {
      client.destroy();
    }
  });

  const prepare = async (page: Page) => {
    await openApp(page);
    await setSql(
      page,
      `drop foreign table if exists accounts_pv; create foreign table accounts_pv (user_id text not null, plan text) server demo options (table '${PROVISIONED}', rowid_column 'user_id');`,
    );
    await runStatement(page, 'expect-none', 'Shift+Enter');
  };

  test('each scan is priced by its own table and the statement by their sum; the tab total sums the statements', async ({
    page,
  }) => {
    await prepare(page);
    await setSql(page, JOIN);
    await runStatement(page, 'confirm');
    await expect(page.getByTestId('row-count')).toHaveText('3');
    const scans = page.getByTestId('scan-price');
    await expect(scans).toHaveCount(2);
    const users = scans.filter({ hasText: 'on-demand' });
    const accounts = scans.filter({ hasText: 'provisioned' });
    await expect(users).toHaveCount(1);
    await expect(accounts).toHaveCount(1);
    // Each scan alone: its RCU at its table's price (us-east-1: $0.125 per million RRU; $0.00013 per RCU-hour).
    const usersRcu = Number(await users.getAttribute('data-rcu'));
    const accountsRcu = Number(await accounts.getAttribute('data-rcu'));
    expect(usersRcu).toBeGreaterThan(0);
    expect(accountsRcu).toBeGreaterThan(0);
    expect(await usd(users)).toBeCloseTo((usersRcu * 0.125) / 1e6, 15);
    expect(await usd(accounts)).toBeCloseTo((accountsRcu * 0.00013) / 3600, 15);
    // The statement's price, in the results bar and the plan panel: their sum, labelled as mixed.
    const statement = page.getByTestId('statement-price');
    await expect(statement).toContainText('mixed billing');
    // Each part in the tooltip, by alias: u (the demo's users) and a (the provisioned accounts).
    await expect(statement).toHaveAttribute('title', /^u \(on-demand, us-east-1\): /m);
    await expect(statement).toHaveAttribute('title', /^a \(provisioned, us-east-1\): /m);
    const sum = (await usd(users)) + (await usd(accounts));
    expect(await usd(statement)).toBeCloseTo(sum, 15);
    expect(await usd(page.getByTestId('plan-used-price'))).toBeCloseTo(sum, 15);
    const first = await usd(statement);

    // A second statement, with another price per RRU in force: the tab total is the sum of the two prices.
    await setSql(page, "set dynascope.price_per_million_rru = '1000'; select count(*) from orders;");
    await runStatement(page, 'confirm', 'Shift+Enter');
    const second = await usd(page.getByTestId('statement-price'));
    expect(second).toBeGreaterThan(0);
    // The cost guard's EXPLAIN may have sampled a table for its estimates: shown beside the total, in it.
    await expect
      .poll(
        async () =>
          (await usd(page.getByTestId('tab-price'))) - (first + second + (await estimateSamples(page))),
      )
      .toBeCloseTo(0, 15);
  });

  test("completion's sample is shown and counted in the tab's total", async ({ page }) => {
    await prepare(page);
    await setSql(page, 'select count(*) from orders;');
    await runStatement(page, 'confirm');
    const statement = await usd(page.getByTestId('statement-price'));
    await setSql(page, "select _attrs->>'' from orders", { line: 1, column: 18 });
    await page.keyboard.press('Control+Space');
    await expect(page.locator('.toast')).toContainText(
      /Completion sampled \d+ items · [\d.]+ RCU of public\.orders/,
    );
    await page.keyboard.press('Escape');
    const samples = page.getByTestId('completion-samples');
    await expect(samples).toBeVisible();
    await expect(samples).toContainText(/incl\. completion samples [\d.]+ RCU/);
    const sampled = await usd(samples);
    expect(sampled).toBeGreaterThan(0);
    expect(await usd(page.getByTestId('tab-price'))).toBeCloseTo(
      statement + sampled + (await estimateSamples(page)),
      15,
    );
  });

  test('screenshots: the plan panel and results bar of the join, both themes', async ({ page }) => {
    await prepare(page);
    await eachScreen(page, async (suffix) => {
      await setSql(page, JOIN);
      await runStatement(page, 'confirm');
      await expect(page.getByTestId('scan-price')).toHaveCount(2);
      await page.screenshot({ path: test.info().outputPath(`prices-join-${suffix}.png`) });
      // The provisioned table's card, further down the plan panel.
      await page.getByTestId('scan-card').nth(1).scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`prices-join-scans-${suffix}.png`) });
      // Completion's sample, counted beside the tab total (and its toast).
      await setSql(page, "select _attrs->>'' from orders", { line: 1, column: 18 });
      await page.keyboard.press('Control+Space');
      await expect(page.getByTestId('completion-samples')).toBeVisible();
      await page.screenshot({ path: test.info().outputPath(`prices-samples-${suffix}.png`) });
      await page.keyboard.press('Escape');
    });
  });
});
