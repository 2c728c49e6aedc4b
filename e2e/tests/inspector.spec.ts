import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test } from './fixtures';

// Issue 17, catalog management from the tree: each row's menu (right-click, or its ⋯ button from
// the keyboard) inspects the DynamoDB table, shows DDL, edits in the designer and drops.

const SHOTS = process.env.E2E_SHOTS_DIR ?? 'test-results/inspector-shots';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

const tableRow = (page: Page, name: string) => page.locator(`[data-testid=tree-table][data-table="${name}"]`);

/** Right-clicks a tree row and picks a menu item by its action. */
async function pick(page: Page, row: ReturnType<Page['locator']>, action: string): Promise<void> {
  await row.click({ button: 'right' });
  await page.getByTestId('tree-menu').locator(`[data-action=${action}]`).click();
}

/** Creates a foreign table over the demo's users table by SQL and waits for it in the tree. */
async function scratchTable(page: Page, name: string): Promise<void> {
  await setSql(
    page,
    `create foreign table public.${name} (user_id text not null, name text, _attrs jsonb) server demo options (table 'users', rowid_column 'user_id');`,
  );
  await runStatement(page, 'expect-none');
  await page.getByTitle('Reload catalog').click();
  await expect(tableRow(page, `public.${name}`)).toBeVisible();
}

test("inspect a foreign table's DynamoDB table from the tree", async ({ page }) => {
  await pick(page, tableRow(page, 'public.orders'), 'inspect');
  const inspector = page.getByTestId('table-inspector');
  await expect(page.getByRole('dialog', { name: 'Table inspector' })).toContainText('DynamoDB table orders');
  await expect(inspector.locator('[data-fact="Partition key"]')).toHaveText('customer_id (S)');
  await expect(inspector.locator('[data-fact="Sort key"]')).toHaveText('order_date (S)');
  await expect(inspector.locator('[data-fact="Billing"]')).toHaveText('On-demand');
  // dynalite answers DescribeTimeToLive, refuses DescribeContinuousBackups: shown, not a failure.
  await expect(inspector.locator('[data-fact="Time to live"]')).toHaveText('DISABLED');
  await expect(inspector.locator('[data-fact="Point-in-time recovery"]')).toHaveText(
    /^unavailable: UnknownOperationException/,
  );
  await expect(inspector.locator('[data-fact="Items"]')).toContainText('about every 6 hours');
  const indexes = page.getByTestId('inspector-indexes');
  await expect(indexes.locator('tbody tr')).toHaveCount(1);
  await expect(indexes.locator('tbody tr').first()).toContainText('by_status');
  await expect(indexes.locator('tbody tr').first()).toContainText('ACTIVE');
  await page.keyboard.press('Escape');

  // From a server: pick one of its tables.
  await pick(page, page.locator('[data-testid=tree-server][data-server=demo] .tree-row'), 'inspect');
  await page.getByTestId('inspector-table').selectOption('events');
  await expect(inspector.locator('[data-fact="Partition key"]')).toHaveText('device_id (N)');
});

test("show a table's DDL from the keyboard, and a server's without its credentials", async ({ page }) => {
  const menuButton = tableRow(page, 'public.orders').getByTestId('tree-menu-button');
  await menuButton.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByTestId('tree-menu');
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(menu.locator('[data-action=ddl]')).toBeFocused();
  await page.keyboard.press('Enter');
  const ddl = page.getByTestId('ddl-sql');
  await expect(ddl).toContainText('create foreign table public.orders (');
  await expect(ddl).toContainText("server demo options (table 'orders'");
  await page.getByRole('button', { name: 'Open in a new tab' }).click();
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { __dynascopeEditor: { getValue(): string } }).__dynascopeEditor.getValue(),
      ),
    )
    .toMatch(/^create foreign table public\.orders \(/);

  await pick(page, page.locator('[data-testid=tree-server][data-server=demo] .tree-row'), 'ddl');
  await expect(ddl).toContainText('create server demo foreign data wrapper');
  await expect(ddl).not.toContainText('AKIA');
  await page.keyboard.press('Escape');
  await expect(menuButton).toBeVisible();
});

test('drop a foreign table through the menu: the SQL shown, CASCADE only when asked, in history', async ({
  page,
}) => {
  await scratchTable(page, 'drop_me_e2e');
  await pick(page, tableRow(page, 'public.drop_me_e2e'), 'drop');
  const sql = page.getByTestId('drop-sql');
  await expect(sql).toHaveText('drop foreign table public.drop_me_e2e;');
  await page.getByTestId('drop-cascade').check();
  await expect(sql).toHaveText('drop foreign table public.drop_me_e2e cascade;');
  await page.getByTestId('drop-cascade').uncheck();
  await page.getByTestId('confirm-drop').click();
  await expect(tableRow(page, 'public.drop_me_e2e')).toHaveCount(0);
  await page.getByTestId('history-tab').click();
  await expect(page.getByTestId('history-item').first()).toContainText(
    'drop foreign table public.drop_me_e2e;',
  );
  await expect(page.getByTestId('history-status').first()).toHaveText('●');
});

test('edit a foreign table in the designer: a renamed column keeps its attribute through ALTER', async ({
  page,
}) => {
  await scratchTable(page, 'edit_me_e2e');
  await tableRow(page, 'public.edit_me_e2e').click();
  await pick(page, page.getByTestId('tree-column').filter({ hasText: 'name' }).first(), 'edit');
  await expect(page.getByRole('dialog', { name: 'Table designer' })).toContainText(
    'Edit foreign table public.edit_me_e2e',
  );
  await expect(page.getByTestId('table-description')).toBeVisible();
  await expect(page.getByTestId('table-sql')).toHaveText('-- nothing changed yet');
  // Opened from the column's menu: its name has the focus.
  await expect(page.getByLabel('column name for name')).toBeFocused();
  await page.getByLabel('column name for name').fill('full_name');
  await expect(page.getByTestId('table-sql')).toHaveText(
    [
      'alter foreign table public.edit_me_e2e rename column name to full_name;',
      'alter foreign table public.edit_me_e2e',
      "  alter column full_name options (add attribute 'name');",
    ].join('\n'),
  );
  await page.getByTestId('apply-alter').click();
  await expect(page.getByRole('dialog', { name: 'Table designer' })).toHaveCount(0);
  await expect(page.getByTestId('tree-column-attribute')).toContainText('→ name');
  await setSql(page, "select full_name from public.edit_me_e2e where user_id = 'u0001';");
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('grid-row')).toHaveCount(1);
  await expect(page.getByTestId('grid-row').first()).not.toContainText('NULL');
});

test("edit a foreign table whose server cannot be reached: the catalog's columns, the error, and the ALTER", async ({
  page,
}) => {
  await setSql(
    page,
    `create server unreachable_edit_e2e foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'x', aws_secret_access_key 'y', region 'us-east-1', endpoint_url 'http://127.0.0.1:1');
     create foreign table public.offline_e2e (id text not null, note text) server unreachable_edit_e2e options (table 'offline', rowid_column 'id');`,
  );
  await runStatement(page, 'expect-none', 'Shift+Enter');
  try {
    await page.getByTitle('Reload catalog').click();
    await pick(page, tableRow(page, 'public.offline_e2e'), 'edit');
    await expect(page.getByTestId('alter-undescribed')).toBeVisible();
    await expect(page.getByRole('dialog', { name: 'Table designer' })).toContainText('ECONNREFUSED');
    await page.getByLabel('include note').uncheck();
    await expect(page.getByTestId('table-sql')).toHaveText(
      'alter foreign table public.offline_e2e\n  drop column note;',
    );
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/edit-undescribed-light-1440x900.png` });
    await page.getByTestId('apply-alter').click();
    await expect(page.getByRole('dialog', { name: 'Table designer' })).toHaveCount(0);
    await tableRow(page, 'public.offline_e2e').click();
    await expect(page.getByTestId('tree-column').filter({ hasText: 'note' })).toHaveCount(0);
  } finally {
    await setSql(page, 'drop server unreachable_edit_e2e cascade;');
    await runStatement(page, 'expect-none');
  }
});

test('screenshots: tree menu, inspector, DDL and drop in both themes at 1280x800 and 1440x900', async ({
  page,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  for (const theme of ['light', 'dark'] as const)
    for (const [w, h] of [
      [1280, 800],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await openApp(page);
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
        await page.getByRole('button', { name: /theme/i }).first().click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      const suffix = `${theme}-${w}x${h}`;
      await tableRow(page, 'public.orders').click({ button: 'right' });
      await expect(page.getByTestId('tree-menu')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/tree-menu-${suffix}.png` });
      await page.getByTestId('tree-menu').locator('[data-action=inspect]').click();
      await expect(page.getByTestId('inspector-indexes')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/inspector-${suffix}.png` });
      await page.keyboard.press('Escape');
      await pick(page, tableRow(page, 'public.orders'), 'ddl');
      await expect(page.getByTestId('ddl-sql')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/ddl-${suffix}.png` });
      await page.keyboard.press('Escape');
      await pick(page, tableRow(page, 'public.orders'), 'drop');
      await expect(page.getByTestId('drop-sql')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/drop-${suffix}.png` });
      await page.keyboard.press('Escape');
      await pick(page, tableRow(page, 'public.orders'), 'edit');
      await expect(page.getByTestId('table-description')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/edit-${suffix}.png` });
      await page.keyboard.press('Escape');
    }
});
