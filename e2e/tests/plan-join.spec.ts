import { expect, openApp, runStatement, setSql, test, TOKEN } from './fixtures';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

// An inner equi-join of two demo foreign tables, everything else an exact key condition: the
// engine hash-joins the items itself (orders by one Query, users by key).
const ENGINE_JOIN = `select o.customer_id, o.order_date, u._attrs
from dynamodb.orders o join dynamodb.users u on u.user_id = o.customer_id
where o.customer_id = 'u0034';`;

test('the plan panel says when the engine joins two foreign tables itself, and on what', async ({
  page,
  request,
}) => {
  const explained = await request.post('/api/explain', {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { sql: ENGINE_JOIN },
  });
  const condition = (await explained.json()).statements[0].plan.engineJoin as string;
  expect(condition).toBe('u.user_id = o.customer_id');

  // EXPLAIN prices the users side as a Scan (the keys are known only once orders are read), so
  // the cost guard may ask.
  await setSql(page, ENGINE_JOIN);
  await runStatement(page, 'confirm');
  const join = page.getByTestId('join-card');
  await expect(join).toHaveAttribute('data-join', 'engine');
  await expect(join).toHaveText(`Joined in the engine — hash join on ${condition}`);
  await expect(page.getByTestId('scan-card')).toHaveCount(2);

  // A LEFT JOIN is evaluated by the embedded Postgres.
  await setSql(page, ENGINE_JOIN.replace(' join ', ' left join '));
  await runStatement(page, 'confirm');
  await expect(join).toHaveAttribute('data-join', 'host');
  await expect(join).toContainText('Combined locally in Postgres');
});
