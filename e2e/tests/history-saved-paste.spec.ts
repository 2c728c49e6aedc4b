import { mkdirSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { eachScreen, expect, gridCell, openApp, runStatement, setSql, test, TOKEN } from './fixtures';

/**
 * The workbench's last edges of issue 17 in Chromium against the demo: History's search finds
 * saved queries too; a saved query with a parameter opens with another value (the form, Enter runs
 * it through POST /api/saved-queries/:name/sql) and shows that value's rows; a 2x2 block pasted
 * into the grid is one edit (UPDATE per item) previewed and applied, read back from DynamoDB; a
 * paste a column cannot read, or one beyond the result's last row, writes nothing and says why.
 */

const SHOTS = process.env.E2E_SHOTS_DIR ?? 'test-results/history-saved-paste-shots';
const auth = { Authorization: `Bearer ${TOKEN}` };
const NAME = 'e2e user by id';

/** A statement's rows straight from the API: the test's own look at DynamoDB. */
async function rows(request: APIRequestContext, sql: string): Promise<unknown[][]> {
  const res = await request.post('/api/sql', { headers: auth, data: { sql } });
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  expect(body.error ?? null).toBeNull();
  return body.statements[0].rows;
}

/** The test's saved query of users by key; `body`: another one (saved anew either way). */
async function saveQuery(
  request: APIRequestContext,
  body: Record<string, unknown> = USER_BY_ID,
): Promise<void> {
  await request.delete(`/api/saved-queries/${encodeURIComponent(String(body.name))}`, { headers: auth });
  const res = await request.post('/api/saved-queries', { headers: auth, data: body });
  expect(res.status(), await res.text()).toBe(201);
}
const USER_BY_ID = {
  name: NAME,
  description: 'One user from its key',
  sql: 'select user_id, name from users where user_id = $1',
  params: [{ name: 'user', type: 'text', example: 'u0001' }],
};

const cell = gridCell;

/** History's search with the saved query found. */
async function searchHistory(page: Page): Promise<void> {
  await page.getByTestId('history-tab').click();
  await page.getByTestId('history-search').fill('user');
  await expect(page.getByTestId('history-saved')).toHaveCount(1);
  await expect(page.getByTestId('history-item').first()).toBeVisible();
}

/** Puts text on the clipboard and pastes it with Ctrl+V into the grid, on the cell (row, column). */
async function pasteAt(page: Page, row: number, column: number, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await cell(page, row, column).click();
  await page.keyboard.press('Control+v');
}

test('History finds a saved query; it opens with another value and shows that value’s rows', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000); // four screenshots, each a reload
  await saveQuery(request);
  const [[other, otherName]] = (await rows(
    request,
    "select user_id, name from users where user_id = 'u0002'",
  )) as [[string, string]];
  await openApp(page);
  // A run the search finds beside the saved query, and one it does not.
  await setSql(page, "select user_id from users where user_id = 'u0003';");
  await runStatement(page, 'expect-none');
  await setSql(page, 'select 1 as one;');
  await runStatement(page, 'expect-none');
  await page.getByTestId('history-tab').click();
  await page.getByTestId('history-search').fill('USERS u0003');
  await expect(page.getByTestId('history-saved')).toHaveCount(0);
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await expect(page.getByTestId('history-item')).toContainText("user_id = 'u0003'");

  // By name: the saved query comes first, marked Saved; the runs holding the words follow.
  await page.getByTestId('history-search').fill('user BY id');
  const hit = page.getByTestId('history-saved');
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText(NAME);
  await expect(hit).toContainText('Saved');
  // By description and by SQL too.
  await page.getByTestId('history-search').fill('from its key');
  await expect(hit).toHaveCount(1);
  await page.getByTestId('history-search').fill('where user_id = $1');
  await expect(hit).toHaveCount(1);

  // The form: the parameter's name, type and example; Esc cancels.
  await hit.click();
  const field = page.getByTestId('saved-param');
  await expect(field).toHaveAttribute('placeholder', 'u0001');
  await expect(page.getByTestId('saved-params')).toContainText('text');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('saved-params')).toHaveCount(0);

  // Another value, Enter: a new tab runs the query with it and shows that user's row.
  const tabs = await page.getByTestId('editor-tab').count();
  await hit.click();
  await field.fill(other);
  await field.press('Enter');
  await expect(page.getByTestId('saved-params')).toHaveCount(0);
  await expect(page.getByTestId('editor-tab')).toHaveCount(tabs + 1);
  await expect(page.getByTestId('grid-row')).toHaveCount(1);
  await expect(cell(page, 0, 0)).toHaveText(other);
  await expect(cell(page, 0, 1)).toHaveText(otherName);

  // An error from the API reaches the form: the query was deleted meanwhile (42704).
  await page.getByTestId('history-tab').click();
  await page.getByTestId('history-search').fill('user by id');
  await hit.click();
  await request.delete(`/api/saved-queries/${encodeURIComponent(NAME)}`, { headers: auth });
  await field.fill('u0004');
  await field.press('Enter');
  await expect(page.getByTestId('saved-params-error')).toContainText(NAME);
  await page.keyboard.press('Escape');
  await saveQuery(request);

  // A typed parameter is checked as the grid's editors check a cell: an integer's digits, its range.
  const AGE = 'e2e users of an age';
  await saveQuery(request, {
    name: AGE,
    sql: 'select user_id from users where age = $1 limit 3',
    params: [{ name: 'age', type: 'int', example: '30' }],
  });
  await page.getByTestId('history-tab').click();
  await page.getByTestId('history-search').fill('users of an age');
  await page.getByTestId('history-saved').click();
  await expect(page.getByTestId('saved-params')).toContainText('integer');
  await field.fill('4.5');
  await expect(page.getByTestId('saved-params')).toContainText('Expected a whole number (integer)');
  await expect(page.getByTestId('saved-params-run')).toBeDisabled();
  await field.fill('99999999999');
  await expect(page.getByTestId('saved-params')).toContainText(
    'Out of range for integer (-2147483648 to 2147483647)',
  );
  await field.press('Enter');
  await expect(page.getByTestId('saved-params')).toBeVisible();
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/saved-params-refused.png` });
  await page.keyboard.press('Escape');
  await request.delete(`/api/saved-queries/${encodeURIComponent(AGE)}`, { headers: auth });

  // The Saved tab: its name opens the example; "Values…" asks for another and runs it.
  await page.getByTestId('saved-tab').click();
  const item = page.getByTestId('saved-query').filter({ hasText: NAME });
  await item.getByTestId('saved-values').click();
  await field.fill('u0004');
  await field.press('Enter');
  await expect(page.getByTestId('editor-tab')).toHaveCount(tabs + 2);
  await expect(cell(page, 0, 0)).toHaveText('u0004');

  mkdirSync(SHOTS, { recursive: true });
  await eachScreen(page, async (suffix) => {
    await searchHistory(page);
    await page.screenshot({ path: `${SHOTS}/history-search-${suffix}.png` });
    await page.getByTestId('history-saved').click();
    await page.getByTestId('saved-param').fill('12');
    await page.screenshot({ path: `${SHOTS}/saved-params-${suffix}.png` });
    await page.keyboard.press('Escape');
    await page.getByTestId('saved-tab').click();
    await expect(page.getByTestId('saved-values')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/saved-tab-${suffix}.png` });
  });
  await request.delete(`/api/saved-queries/${encodeURIComponent(NAME)}`, { headers: auth });
});

test('paste a 2x2 block: one edit, previewed, applied, in DynamoDB; a bad or too long paste writes nothing', async ({
  page,
  request,
  context,
}) => {
  test.setTimeout(240_000); // four screenshots, each a reload and a run
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const query =
    "select user_id, name, lifetime_value from users where user_id in ('u0005', 'u0006') order by user_id;";
  const before = (await rows(request, query)) as [string, string | null, string | null][];
  expect(before.map((r) => r[0])).toEqual(['u0005', 'u0006']);
  await openApp(page);
  await setSql(page, query);
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('grid-editable')).toHaveText('public.users');

  // A value the numeric column cannot read: nothing pasted, the cell marked with why.
  await pasteAt(page, 0, 1, 'e2e Ann\t12,5\ne2e Bo\t7');
  await expect(page.getByTestId('grid-paste-refused')).toContainText('Nothing pasted: 1 value is refused');
  await expect(page.getByTestId('grid-paste-refused')).toContainText('lifetime_value: a number (numeric)');
  await expect(cell(page, 0, 2)).toHaveClass(/paste-refused/);
  await expect(cell(page, 0, 2)).toHaveAttribute('title', /Not pasted: lifetime_value/);
  await expect(page.getByTestId('edit-review')).toHaveCount(0);
  // Three rows from the second: the result has no third row.
  await pasteAt(page, 1, 1, 'a\nb\nc');
  await expect(page.getByTestId('grid-paste-refused')).toContainText('a paste does not add rows');
  await expect(page.getByTestId('edit-review')).toHaveCount(0);
  await page.getByTestId('grid-paste-dismiss').click();
  await expect(page.getByTestId('grid-paste-refused')).toHaveCount(0);
  expect(await rows(request, query)).toEqual(before);

  // The 2x2 block (as a spreadsheet copies it, CRLF and a last line break): one UPDATE per item.
  const exact = '12345678901234567890.123456789012345678';
  await pasteAt(page, 0, 1, `e2e "Ann"\t${exact}\r\ne2e O'Bo\t42.5\r\n`);
  await expect(
    page.locator('[data-testid=edit-review][data-phase=ready], [data-testid=edit-review][data-phase=failed]'),
  ).toBeVisible();
  await expect(page.getByTestId('edit-review')).toHaveAttribute('data-phase', 'ready');
  await expect(page.getByTestId('edit-sql')).toHaveText(
    `update public.users set name = 'e2e "Ann"', lifetime_value = ${exact} where user_id = 'u0005' returning user_id, name, lifetime_value;\n` +
      `update public.users set name = 'e2e O''Bo', lifetime_value = 42.5 where user_id = 'u0006' returning user_id, name, lifetime_value;`,
  );
  await expect(page.getByRole('dialog')).toContainText('Update 4 cells of 2 items in public.users');
  // The preview wrote nothing.
  expect(await rows(request, query)).toEqual(before);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/paste-review.png` });
  await page.getByTestId('edit-apply').click();
  await expect(page.getByTestId('edit-review')).toHaveCount(0);
  await expect(cell(page, 0, 1)).toHaveText('e2e "Ann"');
  await expect(cell(page, 0, 2)).toHaveText(exact);
  await expect(cell(page, 1, 1)).toHaveText("e2e O'Bo");
  await expect(cell(page, 1, 2)).toHaveText('42.5');
  expect(await rows(request, query)).toEqual([
    ['u0005', 'e2e "Ann"', exact],
    ['u0006', "e2e O'Bo", '42.5'],
  ]);

  // One value into every selected cell: the two names.
  await cell(page, 0, 1).click();
  await cell(page, 1, 1).click({ modifiers: ['Shift'] });
  await page.evaluate(() => navigator.clipboard.writeText('e2e same'));
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('edit-review')).toHaveAttribute('data-phase', 'ready');
  await page.getByTestId('edit-apply').click();
  await expect(page.getByTestId('edit-review')).toHaveCount(0);
  expect((await rows(request, query)).map((r) => r[1])).toEqual(['e2e same', 'e2e same']);

  await eachScreen(page, async (suffix) => {
    await setSql(page, query);
    await runStatement(page, 'expect-none');
    await pasteAt(page, 0, 1, 'x\tnot a number');
    await expect(page.getByTestId('grid-paste-refused')).toContainText('Nothing pasted');
    await page.screenshot({ path: `${SHOTS}/paste-refused-${suffix}.png` });
    await pasteAt(page, 0, 1, 'e2e shot\t1.5\ne2e shot 2\t2.5');
    await expect(page.getByTestId('edit-review')).toHaveAttribute('data-phase', 'ready');
    await page.screenshot({ path: `${SHOTS}/paste-review-${suffix}.png` });
    await page.getByTestId('edit-cancel').click();
  });

  // Other specs share the demo: the users are put back as they were.
  const lit = (v: string | null, quote: boolean) =>
    v === null ? 'NULL' : quote ? `'${v.replace(/'/g, "''")}'` : v;
  for (const [id, name, value] of before)
    await rows(
      request,
      `update users set name = ${lit(name, true)}, lifetime_value = ${lit(value, false)} where user_id = '${id}'`,
    );
  expect(await rows(request, query)).toEqual(before);
});
