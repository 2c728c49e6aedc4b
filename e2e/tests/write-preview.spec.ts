import type { APIRequestContext, Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test, TOKEN } from './fixtures';

/**
 * Writes previewed before they run (issue 13, part 5) in Chromium against the demo: an UPDATE of
 * several rows shows its exact count and before → after, Cancel writes nothing, Run applies it; a
 * DELETE without WHERE asks; a single-row UPDATE by key runs without asking.
 */

/** A statement's rows straight from the API (no dialog): the test's own look at DynamoDB's data. */
async function rows(request: APIRequestContext, sql: string): Promise<unknown[][]> {
  const res = await request.post('/api/sql', {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { sql },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).statements[0].rows;
}

/** The text of the first result cell in the grid. */
async function firstCell(page: Page): Promise<string> {
  return page
    .getByTestId('grid-row')
    .first()
    .evaluate((r) => r.querySelectorAll('.gc')[1]?.textContent ?? '');
}

/** Presses Ctrl+Enter and waits for the confirmation dialog with its write previews. */
async function askedFor(page: Page): Promise<void> {
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('cost-guard')).toBeVisible();
  await expect(page.getByTestId('write-preview').first()).toBeVisible();
}

test('an UPDATE of several rows shows its count and before → after; Cancel writes nothing, Run applies it', async ({
  page,
  request,
}) => {
  // A customer with several orders, none of them held yet.
  const [[customer, orders]] = (await rows(
    request,
    'select customer_id, count(*)::int from orders group by customer_id having count(*) between 3 and 20 order by 1 limit 1',
  )) as [[string, number]];
  const [[status]] = (await rows(
    request,
    `select status from orders where customer_id = '${customer}' order by order_date limit 1`,
  )) as [[string | null]];
  const held = `select count(*) from orders where customer_id = '${customer}' and status = 'e2e_held'`;
  expect(await rows(request, held)).toEqual([['0']]);

  await openApp(page);
  const update = `update orders set status = 'e2e_held' where customer_id = '${customer}';`;
  await setSql(page, update);
  await askedFor(page);
  const preview = page.getByTestId('write-preview');
  await expect(preview).toHaveCount(1);
  await expect(preview.getByTestId('wp-headline')).toHaveText(
    `Changes ${orders} rows of public.orders (DynamoDB table orders).`,
  );
  await expect(preview).toContainText('WCU estimated');
  await expect(preview).toContainText('batched as it runs, not atomic');
  await expect(preview).toContainText('finding the rows (Query of orders) read');
  // Every row's status changes: before → after, highlighted.
  await expect(preview.getByTestId('wp-changed')).toHaveCount(orders);
  await expect(preview.getByTestId('wp-changed').first()).toHaveText(`${status ?? 'NULL'} → e2e_held`);

  await page.getByTestId('guard-cancel').click();
  await expect(page.getByTestId('cost-guard')).toHaveCount(0);
  await setSql(page, held);
  await runStatement(page, 'expect-none');
  expect(await firstCell(page)).toBe('0');
  expect(await rows(request, held)).toEqual([['0']]);

  await setSql(page, update);
  await askedFor(page);
  await expect(page.getByTestId('guard-confirm')).toHaveText('Run');
  await page.getByTestId('guard-confirm').click();
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'done');
  // The plan panel of the write: WCU consumed beside the preview's estimate.
  await expect(page.getByTestId('write-card')).toBeVisible();
  await expect(page.getByTestId('write-estimated-wcu')).toContainText('~');
  await setSql(page, held);
  await runStatement(page, 'expect-none');
  expect(await firstCell(page)).toBe(String(orders));
  expect(await rows(request, held)).toEqual([[String(orders)]]);
});

test('a DELETE without WHERE asks, however few rows it deletes, and Cancel deletes nothing', async ({
  page,
  request,
}) => {
  const count = 'select count(*) from products';
  const [[before]] = (await rows(request, count)) as [[string]];
  expect(Number(before)).toBeGreaterThan(1);
  await openApp(page);
  await setSql(page, 'delete from products;');
  await askedFor(page);
  await expect(page.getByTestId('wp-headline')).toHaveText(
    `DELETE without a WHERE clause deletes every item of public.products (DynamoDB table products): ${Number(before).toLocaleString('en-US')} rows.`,
  );
  // A DELETE shows the rows as they are: no before → after.
  await expect(page.getByTestId('write-preview').locator('td.deleted').first()).toBeVisible();
  await expect(page.getByTestId('wp-changed')).toHaveCount(0);
  await page.getByTestId('guard-cancel').click();
  await expect(page.getByTestId('cost-guard')).toHaveCount(0);
  expect(await rows(request, count)).toEqual([[before]]);
});

test('a script: each write previewed in its statement, an INSERT with the items it replaces; Cancel writes none', async ({
  page,
  request,
}) => {
  const [[customer, orders]] = (await rows(
    request,
    'select customer_id, count(*)::int from orders group by customer_id having count(*) between 2 and 20 order by 1 desc limit 1',
  )) as [[string, number]];
  const [[user, name]] = (await rows(
    request,
    'select user_id, name from users order by user_id limit 1',
  )) as [[string, string | null]];
  await openApp(page);
  await setSql(
    page,
    `select 1;\ndelete from orders where customer_id = '${customer}';\ninsert into users (user_id, name) values ('${user}', 'e2e name'), ('e2e-new-user', 'e2e name');`,
  );
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByTestId('write-preview')).toHaveCount(2);
  const [del, insert] = [page.getByTestId('write-preview').nth(0), page.getByTestId('write-preview').nth(1)];
  await expect(del).toHaveAttribute('data-statement', '1');
  await expect(del.getByTestId('wp-headline')).toHaveText(
    `Deletes ${orders} rows of public.orders (DynamoDB table orders).`,
  );
  await expect(del.locator('tbody tr')).toHaveCount(orders);
  await expect(insert).toHaveAttribute('data-statement', '2');
  await expect(insert.getByTestId('wp-headline')).toHaveText('Inserts 2 rows into public.users.');
  await expect(insert.getByTestId('wp-replaces')).toHaveText('replaces 1 existing item');
  // The replaced user's name before → after; the new user's row as it will be.
  await expect(insert.getByTestId('wp-changed').filter({ hasText: 'e2e name' })).toHaveText(
    // Another spec may have left the first user's name NULL: the preview shows SQL NULL as NULL.
    `${name ?? 'NULL'} → e2e name`,
  );
  await expect(insert.locator('td.inserted').filter({ hasText: 'e2e-new-user' })).toHaveCount(1);
  await page.getByTestId('guard-cancel').click();
  await expect(page.getByTestId('cost-guard')).toHaveCount(0);
  expect(await rows(request, `select count(*)::int from orders where customer_id = '${customer}'`)).toEqual([
    [orders],
  ]);
  expect(await rows(request, `select name from users where user_id in ('${user}', 'e2e-new-user')`)).toEqual([
    [name],
  ]);
});

test('a single-row UPDATE by key runs without asking', async ({ page, request }) => {
  const [[user, was]] = (await rows(
    request,
    'select user_id, age from users where age is not null order by user_id limit 1',
  )) as [[string, number]];
  const age = `select age from users where user_id = '${user}'`;
  await openApp(page);
  await setSql(page, `update users set age = age + 1 where user_id = '${user}';`);
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'done');
  expect(await rows(request, age)).toEqual([[was + 1]]);
  // Its plan panel: one item written, the WCU consumed and the preview's estimate.
  await expect(page.getByTestId('write-card')).toContainText('Items written1');
  await expect(page.getByTestId('write-estimated-wcu')).toContainText('~');
});
