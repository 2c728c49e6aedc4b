import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test, TOKEN } from './fixtures';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

/** The text of one result column in the order the grid shows its rows (0 = first data column). */
function columnTexts(page: Page, column: number): Promise<string[]> {
  return page
    .getByTestId('grid-row')
    .evaluateAll((rows, c) => rows.map((r) => r.querySelectorAll('.gc')[c + 1]?.textContent ?? ''), column);
}

const header = (page: Page, name: string) => page.getByTestId('grid-header').filter({ hasText: name });

// 38 significant digits (DynamoDB's limit): the first two are the same double, so only an exact sort orders them.
const BIG_LO = '12345678901234567890123456789012345678';
const BIG_HI = '12345678901234567890123456789012345679';
const NINES = '9999999999999999999999999999999999999';

test('a numeric header click sorts exact 38-digit numbers ascending, descending, then as loaded; the filter narrows the sorted rows', async ({
  page,
}) => {
  await setSql(
    page,
    `insert into users (user_id, name, lifetime_value) values
      ('sort-a', 'Ann', ${BIG_HI}), ('sort-b', 'bob', -2), ('sort-c', 'Cy', ${BIG_LO}),
      ('sort-d', 'dee', -1.5), ('sort-e', 'Eve', null), ('sort-f', 'fay', ${NINES});`,
  );
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('error-box')).toHaveCount(0);
  await setSql(
    page,
    "select user_id, name, lifetime_value from users where user_id in ('sort-a', 'sort-b', 'sort-c', 'sort-d', 'sort-e', 'sort-f');",
  );
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('grid-row')).toHaveCount(6);
  const loaded = await columnTexts(page, 2);
  expect([...loaded].sort()).toEqual(['-1.5', '-2', BIG_LO, BIG_HI, NINES, 'NULL'].sort());
  await expect(page.getByTestId('grid-view-summary')).toHaveCount(0);

  const ltv = header(page, 'lifetime_value');
  await expect(ltv).toHaveAttribute('aria-sort', 'none');
  await ltv.click();
  await expect(ltv).toHaveAttribute('aria-sort', 'ascending');
  expect(await columnTexts(page, 2)).toEqual(['-2', '-1.5', NINES, BIG_LO, BIG_HI, 'NULL']);
  expect(await columnTexts(page, 0)).toEqual(['sort-b', 'sort-d', 'sort-f', 'sort-c', 'sort-a', 'sort-e']);
  await expect(page.getByTestId('grid-view-summary')).toHaveText(
    'showing 6 of 6 loaded rows (sorted locally)',
  );

  await ltv.click();
  await expect(ltv).toHaveAttribute('aria-sort', 'descending');
  expect(await columnTexts(page, 2)).toEqual(['NULL', BIG_HI, BIG_LO, NINES, '-1.5', '-2']);

  // The filter keeps the descending order: only the two 38-digit numbers contain these digits.
  await page.getByTestId('grid-filter').fill('3456789012');
  await expect(page.getByTestId('grid-row')).toHaveCount(2);
  expect(await columnTexts(page, 2)).toEqual([BIG_HI, BIG_LO]);
  await expect(page.getByTestId('grid-view-summary')).toHaveText(
    'showing 2 of 6 loaded rows (sorted/filtered locally)',
  );
  // Any column, case-insensitively.
  await page.getByTestId('grid-filter').fill('ANN');
  expect(await columnTexts(page, 0)).toEqual(['sort-a']);
  await page.getByTestId('grid-filter').fill('no such text');
  await expect(page.getByTestId('grid-no-match')).toHaveText('No loaded row contains “no such text”.');
  await page.getByTestId('grid-filter').press('Escape');
  await expect(page.getByTestId('grid-filter')).toHaveValue('');
  await expect(page.getByTestId('grid-row')).toHaveCount(6);

  await ltv.click();
  await expect(ltv).toHaveAttribute('aria-sort', 'none');
  expect(await columnTexts(page, 2)).toEqual(loaded);
  await expect(page.getByTestId('grid-view-summary')).toHaveCount(0);

  // Text sorts by code point, as the server's C collation does: upper case first.
  await header(page, 'name').click();
  expect(await columnTexts(page, 1)).toEqual(['Ann', 'Cy', 'Eve', 'bob', 'dee', 'fay']);

  // The keyboard sorts too; Shift+Enter on a header adds a second sort column instead of running the script.
  const runId = await page.getByTestId('results').getAttribute('data-run-id');
  await header(page, 'name').press('Enter');
  await expect(header(page, 'name')).toHaveAttribute('aria-sort', 'descending');
  expect(await columnTexts(page, 1)).toEqual(['fay', 'dee', 'bob', 'Eve', 'Cy', 'Ann']);
  await ltv.press('Shift+Enter');
  await expect(ltv).toHaveAttribute('aria-sort', 'ascending');
  await expect(ltv.getByTestId('sort-indicator')).toHaveText('2');
  await expect(page.getByTestId('results')).toHaveAttribute('data-run-id', runId!);
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'done');
});

test('the filter counts matches among the loaded rows and keeps applying as Next page loads more', async ({
  page,
  request,
}) => {
  // One Scan segment: the first page is then the same items every time (parallel segments answer
  // in whatever order they finish, so two runs of the statement may load different first pages).
  const oneSegment = 'set dynascope.scan_segments = 1;';
  await setSql(page, oneSegment);
  await runStatement(page, 'expect-none');
  const sql = 'select device_id, ts, kind from events limit 1200;';
  await setSql(page, sql);
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('row-count')).toHaveText('500');
  // What the filter should find: the rows of the server's first page with "error" in any cell.
  const res = await request.post('/api/sql', {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { sql: `${oneSegment} ${sql}`, session: 'result-grid-filter-reference' },
  });
  const firstPage = ((await res.json()) as { statements: { rows: unknown[][] }[] }).statements[1]!.rows;
  const expected = firstPage.filter((row) =>
    row.some((cell) => String(cell).toLowerCase().includes('error')),
  ).length;
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(500);

  await page.getByTestId('grid-filter').fill('ErRoR');
  await expect(page.getByTestId('grid-view-summary')).toHaveText(
    `showing ${expected} of 500 loaded rows (filtered locally; Next page loads more from DynamoDB)`,
  );
  for (const kind of await columnTexts(page, 2)) expect(kind).toBe('error');

  await page.getByTestId('next-page').click();
  await expect(page.getByTestId('row-count')).toHaveText('1,000');
  await expect(page.getByTestId('grid-view-summary')).toContainText(
    'of 1,000 loaded rows (filtered locally; Next page loads more from DynamoDB)',
  );
  const shown = Number(
    /showing ([\d,]+)/.exec(await page.getByTestId('grid-view-summary').innerText())![1]!.replace(/,/g, ''),
  );
  expect(shown).toBeGreaterThan(expected);
  for (const kind of await columnTexts(page, 2)) expect(kind).toBe('error');
});

test('a reload shows each tab’s last result again, marked restored, without cursors or secrets', async ({
  page,
}) => {
  await setSql(page, 'select device_id, ts, kind from events limit 1200;');
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('next-page')).toBeVisible();
  await expect(page.getByTestId('restored-note')).toHaveCount(0);
  const firstRows = await columnTexts(page, 0);

  await page.getByTestId('new-tab').click();
  await setSql(page, "select vault.create_secret('e2e-result-secret-value', 'e2e_result_secret');");
  await runStatement(page, 'confirm');
  const secretId = (await columnTexts(page, 0))[0]!;
  expect(secretId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);

  await page.reload();
  await page.locator('.monaco-editor').first().waitFor();
  await expect(page.getByTestId('restored-note')).toHaveText(
    /^restored from \d\d:\d\d — run again to refresh$/,
  );
  expect(await columnTexts(page, 0)).toEqual([secretId]);
  const kept = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('dynascope.result.v1.'))
      .map((k) => localStorage.getItem(k))
      .join('\n'),
  );
  expect(kept).toContain("vault.create_secret('********'");
  expect(kept).not.toContain('e2e-result-secret-value');

  await page.getByTestId('editor-tab').first().click();
  await expect(page.getByTestId('restored-note')).toBeVisible();
  await expect(page.getByTestId('row-count')).toHaveText('500');
  await expect(page.getByTestId('result-bar')).toContainText(
    'rows kept of the first page, more were available',
  );
  await expect(page.getByTestId('next-page')).toHaveCount(0);
  expect(await columnTexts(page, 0)).toEqual(firstRows);
  // A restored result sorts like any other.
  await header(page, 'device_id').click();
  await expect(page.getByTestId('grid-view-summary')).toHaveText(
    'showing 500 of 500 loaded rows (sorted locally; only the first page was kept — run again for more)',
  );

  await page.locator('.monaco-editor').first().click();
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('restored-note')).toHaveCount(0);
  await expect(page.getByTestId('next-page')).toBeVisible();
});

test('a result over the size cap is not kept, and after a reload says so', async ({ page }) => {
  await setSql(page, "select g, repeat('x', 5000) as padding from generate_series(1, 500) g;");
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('row-count')).toHaveText('500');
  await page.reload();
  await page.locator('.monaco-editor').first().waitFor();
  await expect(page.getByTestId('restored-note')).toBeVisible();
  await expect(page.getByTestId('rows-dropped')).toContainText('Rows not kept after the reload');
  await expect(page.getByTestId('rows-dropped')).toContainText(
    /The result \(2\.\d MB of JSON\) is over the 2 MB kept per tab\. Run again to see it\./,
  );
  await expect(page.getByTestId('result-grid')).toHaveCount(0);
  await expect(page.getByTestId('export-csv')).toHaveCount(0);
  // Running again brings the rows back.
  await page.locator('.monaco-editor').first().click();
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('row-count')).toHaveText('500');
  await expect(page.getByTestId('restored-note')).toHaveCount(0);
});
