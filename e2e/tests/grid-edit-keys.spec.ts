import { mkdirSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { expect, gridCell, openApp, runStatement, setSql, test, TOKEN } from './fixtures';

/**
 * A grid edit writes one item by its full key (review h4 item 3). After a restart the server knows a
 * table's sort key only once a statement has described the table; until then the catalog says its
 * keys are not described, and the grid edits none of its rows — before, the edit of one cell was
 * `update … where customer_id = 'C0041'`, every order of the customer. A server the process has
 * never used stands in for the restart: the demo's `orders` (customer_id HASH, order_date RANGE)
 * through a server of its own name has not been described by this process, whatever ran before.
 * The run describes it and the workbench reloads the catalog: the test holds that reload back to
 * see the grid refuse, then lets it through and sees the SK badge, the key cell refused and an
 * UPDATE by both keys previewed as 1 row.
 */

const SHOTS = process.env.E2E_SHOTS_DIR ?? 'test-results/grid-edit-keys-shots';
const auth = { Authorization: `Bearer ${TOKEN}` };

async function sql(request: APIRequestContext, text: string): Promise<unknown[][]> {
  const res = await request.post('/api/sql', { headers: auth, data: { sql: text } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).statements.at(-1).rows;
}

test('the grid edits no row of a table whose sort key the server has not described, then edits by the full key', async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36);
  const server = `keys_${suffix}`;
  const table = `keys_orders_${suffix}`;
  const catalog = await (await request.get('/api/catalog', { headers: auth })).json();
  const demo = catalog.servers.find((s: { name: string }) => s.name === 'demo').options;
  const [[customer]] = (await sql(
    request,
    'select customer_id from orders group by customer_id having count(*) > 1 order by 1 limit 1',
  )) as [[string]];
  await sql(
    request,
    `create server ${server} foreign data wrapper dynamodb_wrapper options (
       vault_access_key_id 'demo_access_key_id', vault_secret_access_key 'demo_secret_access_key',
       region '${demo.region}', endpoint_url '${demo.endpoint_url}');
     create foreign table public.${table} (customer_id text not null, order_date text not null, status text)
       server ${server} options (table 'orders', rowid_column 'customer_id')`,
  );
  try {
    await openApp(page);
    // The run's catalog reload waits until the test lets it through.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/catalog', async (route) => {
      await held;
      await route.continue();
    });
    await setSql(
      page,
      `select customer_id, order_date, status from ${table} where customer_id = '${customer}';`,
    );
    await runStatement(page, 'expect-none');
    await expect(page.getByTestId('grid-row')).not.toHaveCount(0);
    const reason = `The key schema of public.${table} is not known yet`;
    await expect(page.getByTestId('grid-readonly')).toHaveAttribute('title', new RegExp(reason));
    await gridCell(page, 0, 2).dblclick();
    await expect(page.getByTestId('grid-note')).toContainText(`Read-only: ${reason}`);
    await expect(page.getByTestId('cell-editor')).toHaveCount(0);
    await expect(page.getByTestId('edit-review')).toHaveCount(0);
    await expect(page.locator('.keyb.sk')).toHaveCount(0);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/keys-not-described.png` });

    release();
    await expect(page.getByTestId('grid-editable')).toHaveText(`public.${table}`);
    // The SK badge on order_date's header.
    await expect(page.locator('.gh-name', { hasText: 'order_date' }).locator('.keyb.sk')).toBeVisible();
    // The sort key cell is a key: refused in the grid, no 0A000 from the server.
    await gridCell(page, 0, 1).dblclick();
    await expect(page.getByTestId('grid-note')).toContainText('order_date is the sort key');
    await expect(page.getByTestId('cell-editor')).toHaveCount(0);

    const [[date, status]] = (await sql(
      request,
      `select order_date, status from ${table} where customer_id = '${customer}' order by order_date limit 1`,
    )) as [[string, string]];
    const row = page.getByTestId('grid-row').filter({ hasText: date });
    await row.locator('.gc').nth(3).dblclick();
    await page.getByTestId('cell-editor-input').fill('e2e-keys');
    await page.getByTestId('cell-editor-input').press('Enter');
    await expect(page.getByTestId('edit-review')).toHaveAttribute('data-phase', 'ready');
    await expect(page.getByTestId('edit-sql')).toHaveText(
      `update public.${table} set status = 'e2e-keys' where customer_id = '${customer}' and order_date = '${date}' returning customer_id, order_date, status;`,
    );
    await expect(page.getByTestId('write-preview').getByTestId('wp-headline')).toContainText('Changes 1 row');
    await expect(page.getByTestId('edit-blocked')).toHaveCount(0);
    await expect(page.getByTestId('edit-apply')).toBeEnabled();
    await page.screenshot({ path: `${SHOTS}/edit-by-full-key.png` });
    await page.getByTestId('edit-cancel').click();
    // Nothing was written.
    expect(
      await sql(
        request,
        `select status from ${table} where customer_id = '${customer}' and order_date = '${date}'`,
      ),
    ).toEqual([[status]]);
  } finally {
    await sql(request, `drop foreign table if exists public.${table}; drop server if exists ${server}`);
  }
});
