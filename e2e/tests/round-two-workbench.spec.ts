import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test } from './fixtures';

// Issue 17's smaller defects (9) and SQL formatting, as seen in Chromium.

const editorText = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __dynascopeEditor: { getValue(): string } }).__dynascopeEditor.getValue(),
  );

test('Alt+W closes the tab from inside the editor', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('new-tab').click();
  await expect(page.getByTestId('editor-tab')).toHaveCount(2);
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Alt+W');
  await expect(page.getByTestId('editor-tab')).toHaveCount(1);
  // Alt+L, which Monaco also keeps for its find widget, switches the theme from the editor too.
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const before = await theme();
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Alt+L');
  await expect.poll(theme).not.toBe(before);
});

test('the active tab is scrolled into view and an overflow menu lists every tab', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  for (let i = 0; i < 13; i++) await page.getByTestId('new-tab').click();
  const strip = page.getByTestId('editor-tabs');
  const inView = async (index: number) =>
    page.evaluate((i) => {
      const s = document.querySelector('[data-testid=editor-tabs]')!.getBoundingClientRect();
      const t = document.querySelectorAll('[data-testid=editor-tab]')[i]!.getBoundingClientRect();
      return t.left >= s.left - 0.5 && t.right <= s.right + 0.5;
    }, index);
  await expect.poll(() => inView(13)).toBe(true); // the newest, active tab
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('editor-tab').first()).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => inView(0)).toBe(true);
  await expect(strip).toBeVisible();
  await page.getByTestId('tab-menu').click();
  await expect(page.getByTestId('tab-menu-item')).toHaveCount(14);
  await page.getByTestId('tab-menu-item').nth(12).click();
  await expect(page.getByTestId('editor-tab').nth(12)).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => inView(12)).toBe(true);
});

test('History opens at its newest entry, not at the Explorer scroll offset', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 460 });
  await page.addInitScript(() => {
    if (localStorage.getItem('dynascope.workspace.v1')) return;
    const history = Array.from({ length: 40 }, (_, i) => ({
      id: `h${i}`,
      sql: `select ${40 - i} as n;`,
      at: Date.now() - i * 1000,
      ok: true,
      durationMs: 1,
      consumedRcu: 0,
      rowCount: 1,
    }));
    localStorage.setItem(
      'dynascope.workspace.v1',
      JSON.stringify({
        tabs: [{ id: 't1', title: 'Query 1', sql: 'select 1;' }],
        activeTabId: 't1',
        history,
        theme: 'light',
        scanRcuThreshold: 25,
      }),
    );
  });
  await openApp(page);
  const body = page.getByTestId('side-body');
  await body.evaluate((el) => (el.scrollTop = el.scrollHeight));
  expect(await body.evaluate((el) => el.scrollTop)).toBeGreaterThan(50);
  await page.getByTestId('history-tab').click();
  await expect(page.getByTestId('history-item').first()).toBeInViewport();
  expect(await page.getByTestId('side-body').evaluate((el) => el.scrollTop)).toBe(0);
});

test('the guard names the table of a DELETE without WHERE, and does not ask for an unknown table', async ({
  page,
}) => {
  await openApp(page);
  await setSql(page, 'delete from users;');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('cost-guard')).toContainText(
    'DELETE without a WHERE clause deletes every item of public.users (DynamoDB table users)',
  );
  // and how many: the demo's dynalite reports no count, the planner's sample does.
  await expect(page.getByTestId('cost-guard')).toContainText(
    /users\): about [\d,]+ items by the planner's sample \(DynamoDB reports no count\)/,
  );
  await page.getByTestId('guard-cancel').click();
  await expect(page.getByTestId('results')).toHaveCount(0);
  await setSql(page, 'delete from no_such_table;');
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('error-box')).toContainText('no_such_table');

  // A Scan over the threshold: a worst case, and the first page's cost.
  await page.getByTestId('threshold').fill('1');
  await setSql(page, 'select * from events;');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('cost-guard')).toContainText(/worst case ~[\d,.]+ RCU reading every item/);
  await expect(page.getByTestId('cost-guard')).toContainText(
    /first page \(1 MB at most\) costs up to ~[\d,.]+ RCU/,
  );
  await page.getByTestId('guard-cancel').click();
});

test('the plan panel shows the plan of a failed statement that reads DynamoDB', async ({ page }) => {
  await openApp(page);
  await setSql(page, "select 1 as one;\nselect * from users where user_id = 'u0001' and 1/(age-age) = 1;");
  await runStatement(page, 'expect-none', 'Shift+Enter');
  await expect(page.getByTestId('error-box')).toContainText('division by zero');
  const panel = page.getByTestId('plan-panel');
  await expect(panel).not.toContainText('does not read DynamoDB');
  await expect(panel.getByTestId('plan-stopped')).toHaveText('failed');
  await expect(panel.getByTestId('plan-stopped')).toHaveAttribute('title', 'Statement 2 failed');
  await expect(panel.getByTestId('op-badge')).toHaveText('GetItem');
});

test('DML and transaction keywords are highlighted like SELECT', async ({ page }) => {
  await openApp(page);
  await setSql(
    page,
    "begin;\ninsert into users (user_id) values ('x');\nupdate users set name = 'y' where user_id = 'x';\ndelete from users where user_id = 'x';\nrollback;\nselect 1 order by 1;",
  );
  const classOf = (word: string) =>
    page.evaluate((w) => {
      const span = Array.from(document.querySelectorAll('.monaco-editor .view-line span span')).find(
        (s) => s.textContent === w,
      );
      return span?.className ?? null;
    }, word);
  // setValue renders on a later frame, and the welcome script has a `select` of its own: retry the
  // whole comparison until the new text is on screen.
  await expect(async () => {
    const keyword = await classOf('select');
    expect(keyword).not.toBeNull();
    for (const word of ['begin', 'insert', 'update', 'delete', 'rollback', 'set', 'values', 'by'])
      expect(await classOf(word), word).toBe(keyword);
  }).toPass({ timeout: 10_000 });
});

test("the welcome script's Scan filters on kinds the demo has", async ({ page }) => {
  await openApp(page);
  const text = await editorText(page);
  const line = text.split('\n').findIndex((l) => l.startsWith('select kind'));
  await setSql(page, text, { line: line + 1, column: 1 });
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('row-count')).toHaveText('2');
  await expect(page.getByTestId('result-grid')).toContainText('purchase');
  await expect(page.getByTestId('result-grid')).toContainText('error');
});

test('the ROLLBACK notice is a readable line, and example descriptions are not cut off', async ({ page }) => {
  await openApp(page);
  await setSql(page, 'rollback;');
  await runStatement(page, 'expect-none');
  const notice = page.getByTestId('notices');
  await expect(notice).toHaveText('there is no transaction in progress');
  const color = await notice.evaluate((el) => getComputedStyle(el).color);
  const text = await page.locator('body').evaluate((el) => getComputedStyle(el).color);
  expect(color).toBe(text);
  await page.getByTestId('examples-tab').click();
  const cut = await page
    .locator('.example-desc')
    .evaluateAll((els) => els.filter((el) => el.scrollHeight > el.clientHeight + 1).length);
  expect(await page.locator('.example-desc').count()).toBeGreaterThan(3);
  expect(cut).toBe(0);
});

test('Shift+Alt+F formats the editor, the toolbar button the selection; strings stay as written', async ({
  page,
}) => {
  await openApp(page);
  const sql = "select user_id,name from users where name = 'A  b,c' and user_id in ('u0001','u0002');";
  await setSql(page, sql);
  await page.keyboard.press('Shift+Alt+F');
  await expect.poll(() => editorText(page)).toContain('\nfrom\n  users\nwhere\n');
  const formatted = await editorText(page);
  expect(formatted).toContain("'A  b,c'");
  expect(formatted.replace(/\s+/g, '')).toBe(sql.replace(/\s+/g, ''));
  await page.keyboard.press('Control+Z');
  await expect.poll(() => editorText(page)).toBe(sql);

  await setSql(page, 'select 1 as one;\nselect a,b from t;');
  await page.evaluate(() => {
    const e = (window as unknown as { __dynascopeEditor: { setSelection(r: object): void } })
      .__dynascopeEditor;
    e.setSelection({ startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 19 });
  });
  await page.getByTestId('format-sql').click();
  await expect.poll(() => editorText(page)).toBe('select 1 as one;\nselect\n  a,\n  b\nfrom\n  t;');
});
