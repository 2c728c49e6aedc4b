import { expect, openApp, runStatement, setSql, test } from './fixtures';

// Issue 17's defects as a new user sees them in Chromium.

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('a cancelled Scan shows what it consumed, gets no error marker, and history says "cancelled"', async ({
  page,
}) => {
  await setSql(page, "select count(*) from events e1 where kind = 'no-such-kind' and duration_ms > -1;");
  await page.keyboard.press('Control+Enter');
  const confirm = page.getByTestId('guard-confirm');
  await expect(confirm.or(page.getByTestId('progress'))).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(page.getByTestId('progress-items')).not.toHaveText('0', { timeout: 15_000 });
  await page.getByTestId('cancel-run').click();
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'cancelled');
  // The server's answer: the RCU of the pages read before the cancel.
  const box = page.getByTestId('cancel-box');
  await expect(box).toHaveAttribute('data-final', 'true');
  await expect(box).toContainText('Statement 1 was cancelled');
  const rcu = Number((await page.getByTestId('cancelled-rcu').innerText()).replace(/,/g, ''));
  expect(rcu).toBeGreaterThan(0);
  await expect(page.getByTestId('cancelled-tab')).toBeVisible();
  await expect(page.getByTestId('error-box')).toHaveCount(0);
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(0);
  await page.getByTestId('history-tab').click();
  await expect(page.getByTestId('history-status').first()).toHaveText('● cancelled');
  await expect(page.getByTestId('history-item').first()).toContainText(`${rcu.toLocaleString('en-US')} RCU`);
});

test('the designer shows the API error for a server it cannot reach, in every mode', async ({ page }) => {
  await setSql(
    page,
    "create server unreachable_e2e foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'x', aws_secret_access_key 'y', region 'us-east-1', endpoint_url 'http://127.0.0.1:1');",
  );
  await runStatement(page, 'expect-none');
  try {
    await page.getByTestId('open-designer').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /unreachable_e2e/ })
      .click();
    const error = page.getByTestId('tables-error');
    await expect(error).toContainText('ECONNREFUSED', { timeout: 10_000 });
    await expect(page.getByText('Listing tables…')).toHaveCount(0);
    await page.getByTestId('mode-import').click();
    await expect(page.getByTestId('tables-error')).toContainText('ECONNREFUSED');
    await page.keyboard.press('Escape');
  } finally {
    await setSql(page, 'drop server unreachable_e2e;');
    await runStatement(page, 'expect-none');
  }
});

test("completion resolves an unqualified table through the tab's search path, with its real columns", async ({
  page,
}) => {
  const suggest = async () => {
    await setSql(page, 'select o. from orders o', { line: 1, column: 10 });
    await page.keyboard.press('Control+Space');
    const widget = page.locator('.suggest-widget');
    await expect(widget).toBeVisible();
    await expect(widget).toContainText('customer_id');
    const text = await widget.innerText();
    await page.keyboard.press('Escape');
    return text;
  };
  // Postgres's default path finds public.orders (with status, total ...), not dynamodb.orders.
  const byDefault = await suggest();
  expect(byDefault).toContain('public.orders');
  expect(byDefault).toContain('status');
  await setSql(page, 'set search_path = dynamodb, public;');
  await runStatement(page, 'expect-none');
  const afterSet = await suggest();
  expect(afterSet).toContain('dynamodb.orders');
  expect(afterSet).not.toContain('public.orders');
  await setSql(page, 'reset search_path;');
  await runStatement(page, 'expect-none');
});
