import { readFileSync } from 'node:fs';
import { exportDownload, expect, openApp, runStatement, setSql, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

/** The first cell of the result grid's first row, as text. */
async function firstCell(page: import('@playwright/test').Page): Promise<string> {
  return (await page.getByTestId('result-grid').locator('.gc:not(.rownum)').first().innerText()).trim();
}

test('Export writes the whole result through COPY, far more than the grid loaded', async ({ page }) => {
  await setSql(page, 'select count(*) from events;');
  await runStatement(page, 'confirm');
  const count = Number((await firstCell(page)).replace(/,/g, ''));
  expect(count).toBeGreaterThan(1000);

  await setSql(page, 'select device_id, ts, kind from events;');
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('row-count')).toHaveText('500');
  const download = await exportDownload(page, 'text');
  // Progress while the bytes arrive, then the total.
  await expect(page.getByTestId('export-progress')).toHaveText(/Export(ing|ed) .*rows/);
  expect(download.suggestedFilename()).toMatch(/^dynascope-.*\.txt$/);
  const text = readFileSync((await download.path())!, 'utf8');
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines).toHaveLength(count);
  expect(lines[0]).toMatch(/^\d+\t\d+\t\w+$/);
  await expect(page.getByTestId('export-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('export-progress')).toHaveText(
    new RegExp(`Exported ${count.toLocaleString('en-US')} rows`),
  );
});

test('DynamoDB JSON is offered for a whole table, and an export can be cancelled', async ({ page }) => {
  await setSql(page, 'select device_id, ts, kind from events limit 3;');
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('export-csv')).toBeVisible();
  await expect(page.getByTestId('export-dynamodb_json')).toHaveCount(0);

  await setSql(page, 'select * from events;');
  await runStatement(page, 'confirm');
  await page.getByTestId('export-dynamodb_json').click();
  const confirm = page.getByTestId('guard-confirm');
  await expect(confirm.or(page.getByTestId('export-status'))).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(page.getByTestId('export-status')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('export-progress')).not.toHaveText(/: 0 rows/, { timeout: 30_000 });
  await page.getByTestId('cancel-export').click();
  await expect(page.getByTestId('export-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('export-progress')).toHaveText(/Export cancelled after [\d,]+ rows/);
  // The session is free again.
  await setSql(page, 'select 1 as one;');
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('result-grid')).toContainText('1');
});
