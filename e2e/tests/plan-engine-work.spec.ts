import { expect, openApp, runStatement, setSql, test, TOKEN } from './fixtures';

/**
 * The plan panel says what the engine evaluates while the pages arrive (Plan.engineEvaluation) and
 * how a write reaches DynamoDB (WritePlan.atomic): held for COMMIT inside BEGIN, batched outside.
 */

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('a GROUP BY over one foreign table: the streaming aggregate in the engine, as the API plans it', async ({
  page,
  request,
}) => {
  const sql = 'select status, count(*) from orders group by status;';
  const explained = await request.post('/api/explain', {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { sql },
  });
  expect(explained.status()).toBe(200);
  expect((await explained.json()).statements[0].plan.engineEvaluation).toBe(
    'Streaming Aggregate in the engine  (group by status: count(*))',
  );

  await setSql(page, sql);
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('engine-evaluation')).toHaveText(
    'Evaluated in the engine while reading: Streaming Aggregate group by status: count(*)',
  );
  // A plain read evaluates nothing in the engine.
  await setSql(page, `select * from orders where customer_id = 'u0034';`);
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('scan-card')).toHaveCount(1);
  await expect(page.getByTestId('engine-evaluation')).toHaveCount(0);
});

test('a write inside BEGIN is held for COMMIT (its items held, not written); outside it is batched', async ({
  page,
  request,
}) => {
  const heldCount = async () => {
    const res = await request.post('/api/sql', {
      headers: { Authorization: `Bearer ${TOKEN}` },
      data: { sql: `select count(*) from orders where status = 'e2e_plan_held'` },
    });
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()).statements[0].rows[0][0];
  };
  const [[orders]] = (
    await (
      await request.post('/api/sql', {
        headers: { Authorization: `Bearer ${TOKEN}` },
        data: { sql: `select count(*)::int from orders where customer_id = 'u0034'` },
      })
    ).json()
  ).statements[0].rows as [[number]];
  expect(orders).toBeGreaterThan(0);

  await setSql(page, 'begin;');
  await runStatement(page, 'confirm');
  await setSql(page, `update orders set status = 'e2e_plan_held' where customer_id = 'u0034';`);
  await runStatement(page, 'confirm');
  const card = page.getByTestId('write-card');
  await expect(card.getByTestId('write-manner')).toHaveText(
    'Atomic: held for COMMIT — sent at COMMIT as one TransactWriteItems, all or nothing',
  );
  await expect(card).toContainText(`Items held${orders}`);
  await expect(card).toContainText('WCU · requestsat COMMIT');
  // Held, not written: ROLLBACK drops it and DynamoDB never had it (another session cannot look
  // while the block is open: the embedded Postgres has one connection).
  await setSql(page, 'rollback;');
  await runStatement(page, 'confirm');
  expect(await heldCount()).toBe('0');

  await setSql(page, `update orders set status = 'e2e_plan_held' where customer_id = 'nobody';`);
  await runStatement(page, 'expect-none');
  await expect(card.getByTestId('write-manner')).toContainText('Not atomic: batched');
  await expect(card).toContainText('Items written0');
  expect(await heldCount()).toBe('0');
});
