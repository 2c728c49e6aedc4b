import { mkdirSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { eachScreen, expect, gridCell, openApp, runStatement, setSql, test, TOKEN } from './fixtures';

/**
 * Editing items in the grid (issue 17) in Chromium against the demo: a cell edit is the UPDATE it
 * runs, shown and previewed before it is applied, and DynamoDB has the new value after it (read
 * back through the API); a new row is an INSERT, selected rows a DELETE. Also the grid's block
 * copy, column hide/move, the epoch formatter and the collapsible side panels.
 */

const SHOTS = process.env.E2E_SHOTS_DIR ?? 'test-results/grid-edit-shots';

/** A statement's rows straight from the API: the test's own look at DynamoDB. */
async function rows(request: APIRequestContext, sql: string): Promise<unknown[][]> {
  const res = await request.post('/api/sql', {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { sql },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).statements[0].rows;
}

/** The grid cell of a loaded row (by its row number as loaded) and result column index. */
const cell = gridCell;

/** Waits for the review of an edit to be previewed (or to fail, which the test then sees). */
async function reviewed(page: Page): Promise<void> {
  await expect(
    page.locator('[data-testid=edit-review][data-phase=ready], [data-testid=edit-review][data-phase=failed]'),
  ).toBeVisible();
  await expect(page.getByTestId('edit-review')).toHaveAttribute('data-phase', 'ready');
}

/** Applies the edit and waits for the dialog to close. */
async function apply(page: Page): Promise<void> {
  await page.getByTestId('edit-apply').click();
  await expect(page.getByTestId('edit-review')).toHaveCount(0);
}

test('edit a cell: the UPDATE is shown, previewed, applied; DynamoDB and a re-query have the new value', async ({
  page,
  request,
}) => {
  const [[user, name, value]] = (await rows(
    request,
    "select user_id, name, lifetime_value from users where name is not null and user_id like 'u0%' order by user_id limit 1",
  )) as [[string, string, string | null]];
  await openApp(page);
  const query = `select user_id, name, lifetime_value from users where user_id = '${user}';`;
  await setSql(page, query);
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('grid-editable')).toHaveText('public.users');

  // A key cannot change in DynamoDB: the key cell says so instead of opening an editor.
  await cell(page, 0, 0).dblclick();
  await expect(page.getByTestId('grid-note')).toContainText('user_id is the partition key');
  await expect(page.getByTestId('cell-editor')).toHaveCount(0);

  await cell(page, 0, 1).dblclick();
  await expect(page.getByTestId('cell-editor-input')).toHaveValue(name);
  await page.getByTestId('cell-editor-input').fill("e2e O'Brien");
  await page.getByTestId('cell-editor-input').press('Enter');
  await reviewed(page);
  await expect(page.getByTestId('edit-sql')).toHaveText(
    `update public.users set name = 'e2e O''Brien' where user_id = '${user}' returning user_id, name, lifetime_value;`,
  );
  const preview = page.getByTestId('write-preview');
  await expect(preview.getByTestId('wp-headline')).toHaveText(
    'Changes 1 row of public.users (DynamoDB table users).',
  );
  await expect(preview.getByTestId('wp-changed')).toHaveText(`${name} → e2e O'Brien`);
  // The preview wrote nothing.
  expect(await rows(request, `select name from users where user_id = '${user}'`)).toEqual([[name]]);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/edit-review.png` });
  await apply(page);
  await expect(cell(page, 0, 1)).toHaveText("e2e O'Brien");
  expect(await rows(request, `select name from users where user_id = '${user}'`)).toEqual([["e2e O'Brien"]]);

  // A numeric keeps all 38 digits: typed as text, written as text, never a JS number.
  const exact = '12345678901234567890.123456789012345678';
  await cell(page, 0, 2).dblclick();
  await page.getByTestId('cell-editor-input').fill('12,5');
  await expect(page.getByTestId('cell-editor-hint')).toContainText('Expected a number');
  await expect(page.getByTestId('cell-editor-ok')).toBeDisabled();
  await page.getByTestId('cell-editor-input').fill(exact);
  await page.getByTestId('cell-editor-ok').click();
  await reviewed(page);
  await expect(page.getByTestId('edit-sql')).toContainText(`set lifetime_value = ${exact} where`);
  await apply(page);
  await expect(cell(page, 0, 2)).toHaveText(exact);
  expect(await rows(request, `select lifetime_value from users where user_id = '${user}'`)).toEqual([
    [exact],
  ]);

  // Run again: the query shows what DynamoDB holds.
  await setSql(page, query);
  await runStatement(page, 'expect-none');
  await expect(cell(page, 0, 1)).toHaveText("e2e O'Brien");
  await expect(cell(page, 0, 2)).toHaveText(exact);

  // Cancel writes nothing.
  await cell(page, 0, 1).dblclick();
  await page.getByTestId('cell-editor-input').fill('not written');
  await page.getByTestId('cell-editor-ok').click();
  await reviewed(page);
  await page.getByTestId('edit-cancel').click();
  await expect(page.getByTestId('edit-review')).toHaveCount(0);
  expect(await rows(request, `select name from users where user_id = '${user}'`)).toEqual([["e2e O'Brien"]]);
  // Other specs share the demo: the user is put back as it was.
  const restore = `update users set name = '${name.replace(/'/g, "''")}', lifetime_value = ${value ?? 'NULL'} where user_id = '${user}'`;
  await rows(request, restore);
  expect(await rows(request, `select name, lifetime_value from users where user_id = '${user}'`)).toEqual([
    [name, value],
  ]);
});

test('add a row (INSERT, a JSON null kept apart from NULL) and delete it (DELETE by key)', async ({
  page,
  request,
}) => {
  const id = `e2e-grid-${Date.now().toString(36)}`;
  await openApp(page);
  await setSql(page, "select user_id, name, age, active, _attrs from users where user_id like 'e2e-grid-%';");
  await runStatement(page);
  const before = await page.getByTestId('grid-row').count();

  await page.getByTestId('add-row-open').click();
  await page.getByTestId('add-row-user_id').fill(id);
  await page.getByTestId('add-row-name').fill('Grid Added');
  await page.getByTestId('add-row-age').fill('4.5');
  await expect(page.getByTestId('add-row-ok')).toBeDisabled();
  await page.getByTestId('add-row-age').fill('41');
  await page.getByTestId('add-row-active').selectOption('true');
  await page.getByTestId('add-row-_attrs').fill('{"tier": "gold", "score": null}');
  await page.getByTestId('add-row-ok').click();
  await reviewed(page);
  await expect(page.getByTestId('edit-sql')).toHaveText(
    `insert into public.users (user_id, name, age, active, _attrs) values ('${id}', 'Grid Added', 41, true, '{"tier":"gold","score":null}') returning user_id, name, age, active, _attrs;`,
  );
  await expect(page.getByTestId('wp-headline')).toHaveText('Inserts 1 row into public.users.');
  await apply(page);
  await expect(page.getByTestId('grid-row')).toHaveCount(before + 1);
  await expect(cell(page, before, 0)).toHaveText(id);
  await expect(cell(page, before, 4)).toHaveText('{"tier":"gold","score":null}');
  // DynamoDB has the item; its score is a DynamoDB NULL, read as JSON null (not SQL NULL).
  expect(
    await rows(
      request,
      `select name, age, active, _attrs->'score' is null, _attrs->>'tier' from users where user_id = '${id}'`,
    ),
  ).toEqual([['Grid Added', 41, true, false, 'gold']]);

  // Adding the same key again replaces the item (PutItem): the preview says so, the grid keeps one row.
  await page.getByTestId('add-row-open').click();
  await page.getByTestId('add-row-user_id').fill(id);
  await page.getByTestId('add-row-name').fill('Grid Replaced');
  await page.getByTestId('add-row-ok').click();
  await reviewed(page);
  await expect(page.getByTestId('wp-replaces')).toHaveText('replaces 1 existing item');
  await apply(page);
  await expect(page.getByTestId('grid-row')).toHaveCount(before + 1);
  await expect(cell(page, before, 1)).toHaveText('Grid Replaced');
  await expect(cell(page, before, 2)).toHaveText('NULL');
  expect(await rows(request, `select name, age from users where user_id = '${id}'`)).toEqual([
    ['Grid Replaced', null],
  ]);

  // Select the new row by its row number; Delete is the DELETE by key.
  await page.getByTestId('row-number').nth(before).click();
  await expect(page.getByTestId('delete-rows')).toHaveText('Delete 1 row');
  await page.getByTestId('delete-rows').click();
  await reviewed(page);
  await expect(page.getByTestId('edit-sql')).toHaveText(`delete from public.users where user_id = '${id}';`);
  await expect(page.getByTestId('wp-headline')).toHaveText(
    'Deletes 1 row of public.users (DynamoDB table users).',
  );
  await apply(page);
  await expect(page.getByTestId('grid-row')).toHaveCount(before);
  // The selection went with the row: nothing else is offered for deletion.
  await expect(page.getByTestId('delete-rows')).toHaveCount(0);
  expect(await rows(request, `select count(*) from users where user_id = '${id}'`)).toEqual([['0']]);
});

test('a result that is not items of one table with its key is read-only', async ({ page }) => {
  await openApp(page);
  await setSql(page, 'select name, age from users limit 3;');
  await runStatement(page);
  await expect(page.getByTestId('grid-readonly')).toHaveAttribute(
    'title',
    'Select the key (user_id) to edit items',
  );
  await expect(page.getByTestId('add-row-open')).toHaveCount(0);
  await cell(page, 0, 0).dblclick();
  await expect(page.getByTestId('grid-note')).toHaveText('Read-only: Select the key (user_id) to edit items');
  await expect(page.getByTestId('cell-editor')).toHaveCount(0);
});

test('an edit of a table on a production server says so above its SQL', async ({ page, request }) => {
  await rows(request, "alter server demo options (add environment 'production')");
  try {
    await openApp(page);
    await setSql(page, "select user_id, name from users where user_id = 'u0003';");
    await runStatement(page, 'expect-none');
    await cell(page, 0, 1).dblclick();
    await page.getByTestId('cell-editor-input').fill('not written');
    await page.getByTestId('cell-editor-ok').click();
    await reviewed(page);
    await expect(page.getByTestId('edit-production')).toHaveText(
      'public.users is on server demo, marked production: Apply writes to that account.',
    );
    await page.getByTestId('edit-cancel').click();
  } finally {
    await rows(request, 'alter server demo options (drop environment)');
  }
  expect(await rows(request, "select name from users where user_id = 'u0003'")).not.toEqual([
    ['not written'],
  ]);
});

test('the jsonb editor shows the DynamoDB type each member writes, and what a sample of the table holds', async ({
  page,
}) => {
  await openApp(page);
  await setSql(page, "select user_id, _attrs from users where user_id = 'u0001';");
  await runStatement(page, 'expect-none');
  await cell(page, 0, 1).click(); // opens the JSON viewer
  await page.keyboard.press('Escape');
  await page.getByTestId('result-grid').press('F2');
  await page
    .getByTestId('cell-editor-input')
    .fill('{"tags": ["vip"], "n": 1.50, "ok": true, "gone": null, "m": {}}');
  const types = page.getByTestId('member-type');
  await expect(types).toHaveText(['tagsL', 'nN', 'okBOOL', 'goneNULL', 'mM']);
  await expect(page.getByTestId('cell-editor-list-note')).toBeVisible();
  // The demo's tags are a string set: the sample says so, and that this edit would make them a list.
  await page.getByTestId('cell-editor-sample').click();
  await expect(types.first()).toHaveText('tagsLSS type changes');
  await expect(types.nth(1)).toHaveText('nN—');
  // The sample is a read like any other: its items and RCU are shown (issue 17, defect 8).
  await expect(page.getByTestId('cell-editor-sampled')).toHaveText(
    /^The table's DynamoDB sample: sampled 20 items · (?!0 )\d[\d.]* RCU$/,
  );
  await page.getByTestId('cell-editor-input').press('Escape');
  await expect(page.getByTestId('cell-editor')).toHaveCount(0);
});

test('copy a block as TSV, hide and move columns, show epoch milliseconds as time, collapse the side panels', async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const sql = 'select device_id, ts, kind, duration_ms from events where device_id = 187 order by ts limit 5';
  const expected = (await rows(request, sql)) as [number, string, string | null, number | null][];
  await openApp(page);
  await setSql(page, `${sql};`);
  await runStatement(page);

  // A block: rows 2–3, columns ts..kind, copied exactly.
  await cell(page, 1, 1).click();
  await cell(page, 2, 2).click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+c');
  const tsv = expected
    .slice(1, 3)
    .map((r) => `${r[1]}\t${r[2] ?? ''}`)
    .join('\n');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(tsv);

  // Epoch milliseconds shown as a UTC timestamp; the copy keeps the number.
  await page.getByTestId('grid-columns').click();
  await page.getByTestId('gcm-format-ts').selectOption('epoch-ms');
  const ms = Number(expected[0]![1]);
  // 2025-01-02T13:17:53.900Z → 2025-01-02 13:17:53.9 (trailing zeros of the fraction dropped).
  const iso = new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/Z$/, '')
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
  await expect(cell(page, 0, 1)).toHaveText(`${iso} UTC`);
  // Hide duration_ms, move kind before ts.
  await page.getByRole('checkbox', { name: 'Show duration_ms' }).uncheck();
  await page.getByRole('button', { name: 'Move kind left' }).click();
  await page.mouse.click(5, 5);
  await expect(page.getByTestId('grid-header').locator('.gh-label')).toHaveText(['device_id', 'kind', 'ts']);
  await expect(page.getByTestId('grid-columns')).toContainText('1 hidden');
  await cell(page, 0, 2).click();
  await page.keyboard.press('Control+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(String(expected[0]![1]));

  // A header dragged by its name onto another takes that column's place.
  const headers = page.getByTestId('grid-header');
  await headers.nth(2).locator('.gh-name').dragTo(headers.nth(0));
  await expect(headers.locator('.gh-label')).toHaveText(['ts', 'device_id', 'kind']);

  // The side panels fold away and come back; the grid gets their room.
  const width = async () => (await page.getByTestId('result-grid').boundingBox())!.width;
  const wide = await width();
  await page.getByTestId('toggle-sidebar').click();
  await page.getByTestId('toggle-plan').click();
  await expect(page.locator('.sidebar')).toBeHidden();
  await expect(page.getByTestId('plan-panel')).toBeHidden();
  expect(await width()).toBeGreaterThan(wide + 500);
  await page.reload();
  await expect(page.locator('.sidebar')).toBeHidden();
  await page.getByTestId('toggle-sidebar').click();
  await page.getByTestId('toggle-plan').click();
  await expect(page.locator('.sidebar')).toBeVisible();
  await expect(page.getByTestId('plan-panel')).toBeVisible();
});

test('screenshots: editing in both themes at 1280x800 and 1440x900', async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true });
  await eachScreen(page, async (suffix) => {
    await setSql(page, "select * from users where user_id in ('u0001', 'u0002', 'u0003');");
    await runStatement(page, 'expect-none');
    await page.screenshot({ path: `${SHOTS}/grid-${suffix}.png`, animations: 'disabled' });
    await cell(page, 0, 9).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('result-grid').press('F2');
    await expect(page.getByTestId('cell-editor-types')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/jsonb-editor-${suffix}.png`, animations: 'disabled' });
    await page.keyboard.press('Escape');
    await page.getByTestId('add-row-open').click();
    await page.screenshot({ path: `${SHOTS}/add-row-${suffix}.png`, animations: 'disabled' });
    await page.keyboard.press('Escape');
    await cell(page, 1, 1).dblclick();
    await page.getByTestId('cell-editor-input').fill('Screenshot Name');
    await page.getByTestId('cell-editor-ok').click();
    await reviewed(page);
    await page.screenshot({ path: `${SHOTS}/edit-review-${suffix}.png`, animations: 'disabled' });
    await page.getByTestId('edit-cancel').click();
    await page.getByTestId('row-number').nth(1).click();
    await page.getByTestId('toggle-sidebar').click();
    await page.getByTestId('toggle-plan').click();
    await page.getByTestId('grid-columns').click();
    await page.screenshot({ path: `${SHOTS}/collapsed-columns-${suffix}.png`, animations: 'disabled' });
    await page.mouse.click(5, 5);
    await page.getByTestId('toggle-sidebar').click();
    await page.getByTestId('toggle-plan').click();
  });
});
