import { readFileSync } from 'node:fs';
import { expect, exportDownload, openApp, runStatement, setSql, test, TOKEN } from './fixtures';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('takes the token from the URL and strips it from the address bar', async ({ page }) => {
  await expect(page).not.toHaveURL(/token=/);
  expect(await page.evaluate(() => localStorage.getItem('dynascope.token'))).toBeTruthy();
  await expect(page.getByText('Connected')).toBeVisible();
});

test('a Query gets a green badge, a Scan an amber one, both with RCU', async ({ page }) => {
  await setSql(page, "select order_id, order_date, total from orders where customer_id = 'u0042';");
  await runStatement(page, 'expect-none');
  const card = page.getByTestId('scan-card').first();
  await expect(card.getByTestId('op-badge')).toHaveText(/Query|GetItem/);
  await expect(card.getByTestId('op-badge')).toHaveClass(/green/);
  await expect(card.getByTestId('key-condition')).toContainText("customer_id = 'u0042'");
  await expect(card.getByTestId('rcu-actual')).toHaveText(/^\d/);
  await expect(page.getByTestId('consumed-rcu')).toHaveText(/^\d/);

  await setSql(page, "select count(*) as errors from events where kind = 'error';");
  await runStatement(page, 'confirm');
  const scan = page.getByTestId('scan-card').first();
  await expect(scan.getByTestId('op-badge')).toHaveText('Scan');
  await expect(scan.getByTestId('op-badge')).toHaveClass(/amber/);
  const rcu = Number((await scan.getByTestId('rcu-actual').innerText()).replace(/,/g, ''));
  expect(rcu).toBeGreaterThan(10);
  await expect(scan).toContainText("kind = 'error'");
});

test('the cost guard asks before a Scan and before DELETE without WHERE; Cancel is the default', async ({
  page,
}) => {
  // The threshold is a setting: at 1 RCU any full Scan of events is above it.
  await page.getByTestId('threshold').fill('1');
  await setSql(page, 'select * from events;');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('cost-guard')).toBeVisible();
  await expect(page.getByTestId('cost-guard')).toContainText('Full Scan of events');
  await expect(page.getByTestId('guard-cancel')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cost-guard')).toHaveCount(0);
  await expect(page.getByTestId('results')).toHaveCount(0);

  await setSql(page, 'delete from users;');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('cost-guard')).toContainText('DELETE without a WHERE clause');
  await expect(page.getByTestId('guard-cancel')).toBeFocused();
  await page.getByTestId('guard-cancel').click();
  await expect(page.getByTestId('results')).toHaveCount(0);
});

test('a bad statement gets an error marker at the error position', async ({ page }) => {
  await setSql(page, "select 1;\nselect user_id, nme from users where user_id = 'u0001';", {
    line: 2,
    column: 3,
  });
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('error-box')).toContainText('42703');
  const squiggle = page.locator('.monaco-editor .squiggly-error');
  await expect(squiggle).toHaveCount(1);
  // The squiggle starts where the editor draws line 2, column 17 ("nme") and is 3 characters wide —
  // read together, again till the layout has settled (the results panel resizes the editor, which
  // draws its decorations anew).
  const drawn = async () => {
    const where = await page.evaluate(() => {
      type Ed = {
        getScrolledVisiblePosition(p: object): { left: number; top: number } | null;
        getDomNode(): HTMLElement;
      };
      const editor = (window as unknown as { __dynascopeEditor: Ed }).__dynascopeEditor;
      const rect = editor.getDomNode().getBoundingClientRect();
      const from = editor.getScrolledVisiblePosition({ lineNumber: 2, column: 17 })!;
      const to = editor.getScrolledVisiblePosition({ lineNumber: 2, column: 20 })!;
      return { x: rect.left + from.left, width: to.left - from.left, y: rect.top + from.top };
    });
    const box = await squiggle.boundingBox();
    return box
      ? {
          x: Math.abs(box.x - where.x) < 2,
          width: Math.abs(box.width - where.width) < 3,
          y: Math.abs(box.y - where.y) < 30,
        }
      : 'not drawn';
  };
  await expect.poll(drawn).toEqual({ x: true, width: true, y: true });
});

test('completion offers a column of a demo table with its type', async ({ page }) => {
  await setSql(page, 'select  from orders', { line: 1, column: 8 });
  await page.keyboard.type('cust', { delay: 50 });
  await page.keyboard.press('Escape');
  expect(
    await page.evaluate(() =>
      (window as unknown as { __dynascopeEditor: { getValue(): string } }).__dynascopeEditor.getValue(),
    ),
  ).toBe('select cust from orders');
  await page.keyboard.press('Control+Space');
  const widget = page.locator('.suggest-widget');
  await expect(widget).toBeVisible();
  await expect(widget).toContainText('customer_id');
  await page.keyboard.press('Enter');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('select customer_id from orders');
});

test('the designer creates a foreign table that can be queried', async ({ page }) => {
  await page.getByTestId('open-designer').click();
  await page.getByTestId('ddb-table').filter({ hasText: 'products' }).click();
  await expect(page.getByTestId('table-description')).toBeVisible();
  await expect(page.getByTestId('design-column').first()).toContainText('sku');
  await page.getByTestId('design-name').fill('products_e2e');
  const preview = page.getByTestId('table-sql');
  await expect(preview).toContainText('create foreign table dynamodb.products_e2e (');
  await expect(preview).toContainText("server demo options (table 'products', rowid_column 'sku')");
  await page.getByTestId('create-table').click();
  await expect(page.getByRole('dialog', { name: 'Table designer' })).toHaveCount(0);
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('dynamodb.products_e2e');
  await page.locator('.monaco-editor').first().click();
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('grid-row').first()).toBeVisible();
  await expect(page.getByTestId('result-grid')).toContainText('sku');
});

test('load next page appends rows from the cursor', async ({ page }) => {
  await setSql(page, 'select device_id, ts, kind from events limit 1200;');
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('row-count')).toHaveText('500');
  const next = page.getByTestId('next-page');
  await expect(next).toContainText(/Load next page \(~[\d.,]+ RCU(, up to ~[\d.,]+)?\)/);
  await next.click();
  await expect(page.getByTestId('row-count')).toHaveText('1,000');
  await next.click();
  await expect(page.getByTestId('row-count')).toHaveText('1,200');
  await expect(next).toHaveCount(0);
});

test('export CSV contains the whole result, not just the loaded page', async ({ page }) => {
  await setSql(page, 'select device_id, ts, kind from events limit 1100;');
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('row-count')).toHaveText('500');
  const download = await exportDownload(page, 'csv');
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8');
  // Postgres's CSV: LF line ends, a header.
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('device_id,ts,kind');
  expect(lines).toHaveLength(1101);
  await expect(page.getByTestId('export-progress')).toHaveText(
    /Exported 1,100 rows · [\d.]+ KiB to dynascope-/,
  );
  // The grid keeps what it had loaded.
  await expect(page.getByTestId('row-count')).toHaveText('500');
});

test('a long Scan shows live progress and can be cancelled', async ({ page }) => {
  await setSql(page, "select count(*) from events e1 where kind = 'no-such-kind' and duration_ms > -1;");
  await page.keyboard.press('Control+Enter');
  const confirm = page.getByTestId('guard-confirm');
  await expect(confirm.or(page.getByTestId('progress'))).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(page.getByTestId('progress')).toBeVisible();
  await expect(page.getByTestId('progress-items')).not.toHaveText('0', { timeout: 15_000 });
  const [cancelled] = await Promise.all([
    page.waitForResponse('**/api/sql/cancel'),
    page.getByTestId('cancel-run').click(),
  ]);
  // The server had the request running and aborted it.
  expect(await cancelled.json()).toEqual({ cancelled: true });
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('run')).toContainText('Run');
  // The server is free again.
  await setSql(page, 'select 1 as one;');
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('result-grid')).toContainText('1');
});

test('reload keeps editor tabs and run history', async ({ page }) => {
  await page.getByTestId('new-tab').click();
  await expect(page.getByTestId('editor-tab')).toHaveCount(2);
  await setSql(page, 'select 42 as answer;');
  await runStatement(page, 'expect-none');
  await page.reload();
  await page.locator('.monaco-editor').first().waitFor();
  await expect(page.getByTestId('editor-tab')).toHaveCount(2);
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('select 42 as answer;');
  await page.getByTestId('history-tab').click();
  await expect(page.getByTestId('history-item').first()).toContainText('select 42 as answer');
});

test('cells: numeric keeps 38 digits, NULL is distinct, JSON opens in a viewer', async ({ page }) => {
  await setSql(
    page,
    "select user_id, lifetime_value, null::text as nothing, '' as empty, _attrs from users where user_id = 'u0001';",
  );
  await runStatement(page, 'expect-none');
  const row = page.getByTestId('grid-row').first();
  await expect(row.locator('.gc').nth(2)).toHaveText('12345678901234567890.123456789012345678');
  await expect(row.locator('[data-kind=null]')).toHaveText('NULL');
  await expect(row.locator('[data-kind=text]').last()).toHaveText('');
  await row.locator('[data-kind=json]').click();
  await expect(page.getByTestId('json-viewer')).toContainText('"address"');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('json-viewer')).toHaveCount(0);
});

test('a new server keeps its credentials in the vault, never in history', async ({ page, request }) => {
  const catalog = await (
    await request.get('/api/catalog', { headers: { Authorization: `Bearer ${TOKEN}` } })
  ).json();
  const endpoint = catalog.servers.find((s: { name: string }) => s.name === 'demo').options
    .endpoint_url as string;
  await page.getByTestId('open-designer').click();
  await page.getByTestId('new-server').click();
  await page.getByLabel('Server name').fill('e2e_server');
  await page.getByLabel('Endpoint URL (optional)').fill(endpoint);
  await page.getByLabel('Access key ID').fill('AKIAE2ESECRETKEY');
  await page.getByLabel('Secret access key').fill('e2e-super-secret');
  const preview = page.getByTestId('server-sql');
  await expect(preview).toContainText("vault_access_key_id 'e2e_server_access_key_id'");
  await expect(preview).not.toContainText('AKIAE2ESECRETKEY');
  await page.getByRole('button', { name: 'Create server' }).click();
  // The new server lists the same DynamoDB tables.
  await expect(page.getByTestId('ddb-table').filter({ hasText: 'users' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('history-tab').click();
  await expect(page.getByTestId('history').first()).toContainText('vault.create_secret');
  const stored = await page.evaluate(() => localStorage.getItem('dynascope.workspace.v1') ?? '');
  expect(stored).not.toContain('AKIAE2ESECRETKEY');
  expect(stored).not.toContain('e2e-super-secret');
});

test('theme switch, shortcut overlay and a layout that fits 1280×800', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.monaco-editor').first()).toHaveClass(/vs-dark/);
  await page.keyboard.press('Escape');
  await page.getByTestId('help').click();
  await expect(page.getByTestId('shortcuts')).toContainText('Run all statements');
  await page.keyboard.press('Escape');
  // Nothing scrolls sideways and the plan panel is on screen.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(1280);
  const plan = (await page.getByTestId('plan-panel').boundingBox())!;
  expect(plan.x + plan.width).toBeLessThanOrEqual(1280);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('Shift+Enter runs every statement, one result tab each; a selection runs alone', async ({ page }) => {
  await setSql(page, "select 1 as a;\nselect 'two' as b;\nselect 3 as c;", { line: 2, column: 3 });
  await runStatement(page, 'expect-none', 'Shift+Enter');
  await expect(page.getByTestId('result-tab')).toHaveCount(3);
  await page.evaluate(() => {
    const e = (window as unknown as { __dynascopeEditor: { setSelection(r: object): void; focus(): void } })
      .__dynascopeEditor;
    e.setSelection({ startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 18 });
    e.focus();
  });
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('result-tab')).toHaveCount(1);
  await expect(page.getByTestId('result-grid')).toContainText('two');
});

test('IMPORT FOREIGN SCHEMA with the tables ticked as LIMIT TO', async ({ page }) => {
  await page.getByTestId('open-designer').click();
  await page.getByTestId('mode-import').click();
  await page.getByLabel('Into schema').fill('imported');
  await expect(page.getByTestId('import-check').filter({ hasText: 'users' })).toBeVisible();
  await page.getByLabel('All tables').uncheck();
  await page.getByTestId('import-check').filter({ hasText: 'users' }).locator('input').check();
  await expect(page.getByTestId('import-sql')).toContainText(
    'import foreign schema dynamodb limit to (users) from server demo into imported;',
  );
  await page.getByTestId('run-import').click();
  await expect(page.getByRole('dialog', { name: 'Table designer' })).toHaveCount(0);
  await expect(page.getByTestId('tree-schema').filter({ hasText: 'imported' })).toBeVisible();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('imported.users');
});
