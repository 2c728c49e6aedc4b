import { eachScreen, expect, openApp, runStatement, setSql, test } from './fixtures';

// Issue 17, saved queries with access-pattern checks: save a query with the access path EXPLAIN
// plans now (a Query on the GSI by_status), take that index away from the relation, and see
// "Check all" flag it with why. dynalite cannot delete a GSI (its UpdateTable ignores Delete), so the
// index goes away by pointing the foreign table at a DynamoDB table without it (products).

const TABLE = 'sq_e2e_orders';

test('a saved query that relied on a dropped index is flagged by Check all', async ({ page }) => {
  await openApp(page);
  await setSql(page, `drop foreign table if exists public.${TABLE};`);
  await runStatement(page, 'confirm');
  await setSql(
    page,
    `create foreign table public.${TABLE} (customer_id text not null, order_date text not null, status text)
       server demo options (table 'orders', rowid_column 'customer_id');`,
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

  await setSql(page, `alter foreign table public.${TABLE} options (set table 'products');`);
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('check-all').click();
  await expect(item.getByTestId('saved-status')).toHaveText('● regressed');
  await expect(item.getByTestId('saved-problems')).toContainText(
    `${TABLE}: expected Query on index by_status, planned Scan (by_status is not an index the planner could use`,
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
