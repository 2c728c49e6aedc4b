import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test } from './fixtures';

/** Where the dialog's screenshots go (looked at by hand; git-ignored test output). */
const SHOTS = process.env.E2E_SHOTS_DIR ?? 'test-results/import-shots';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

/** Opens the Import dialog of a foreign table from the sidebar. */
async function openImport(page: Page, table: string): Promise<void> {
  const row = page.locator(`[data-testid=tree-table][data-table="${table}"]`);
  await row.hover();
  await row.getByTestId('import-table').click();
  await expect(page.getByRole('dialog', { name: 'Import' })).toBeVisible();
}

/** `select count(*) ...` run in the editor, as a number. */
async function count(page: Page, sql: string): Promise<number> {
  await setSql(page, sql);
  await runStatement(page);
  const cell = page.getByTestId('result-grid').locator('.gc:not(.rownum)').first();
  return Number((await cell.innerText()).trim().replace(/,/g, ''));
}

test('Import checks a CSV file, shows its first rows and WCU, then writes every row', async ({ page }) => {
  const rows = Array.from(
    { length: 1200 },
    (_, i) => `imp${String(i).padStart(4, '0')},Imported ${i},${20 + (i % 50)}`,
  );
  const csv = `user_id,name,age\n${rows.join('\n')}\n`;
  await openImport(page, 'public.users');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-sql')).toHaveText(
    'copy public.users (user_id, name, age) from stdin (format csv, header true)',
  );
  await page.getByTestId('import-check').click();
  await expect(page.getByTestId('import-rows')).toHaveText('1,200');
  expect(Number((await page.getByTestId('import-wcu').innerText()).replace(/,/g, ''))).toBeGreaterThanOrEqual(
    1200,
  );
  const preview = page.getByTestId('import-preview');
  await expect(preview.locator('th')).toHaveText(['user_id', 'name', 'age']);
  await expect(preview.locator('tbody tr').first().locator('td')).toHaveText(['imp0000', 'Imported 0', '20']);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/import-checked.png` });
  // Checking wrote nothing.
  await page.getByTestId('import-close').click();
  expect(await count(page, "select count(*) from users where user_id like 'imp%';")).toBe(0);

  await openImport(page, 'public.users');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-done')).toHaveText(/^Imported 1,200 rows · [\d,]+ WCU consumed$/);
  await page.screenshot({ path: `${SHOTS}/import-done.png` });
  await page.getByTestId('import-close').click();
  expect(await count(page, "select count(*) from users where user_id like 'imp%';")).toBe(1200);
  await setSql(page, "select name, age from users where user_id = 'imp0042';");
  await runStatement(page);
  await expect(page.getByTestId('result-grid')).toContainText('Imported 42');
  await expect(page.getByTestId('result-grid')).toContainText('62');
});

test('a malformed file shows the line and column and writes nothing', async ({ page }) => {
  const lines = Array.from({ length: 40 }, (_, i) => `bad${i},${i === 29 ? 'thirty' : 30}`);
  await openImport(page, 'public.users');
  await page.getByTestId('import-file').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`user_id,age\n${lines.join('\n')}\n`),
  });
  await page.getByTestId('import-check').click();
  await expect(page.getByTestId('import-error')).toContainText(
    'invalid input syntax for type integer: "thirty"',
  );
  await expect(page.getByTestId('import-error-context')).toHaveText(
    'COPY users, line 31, column age: "thirty"',
  );
  await expect(page.getByTestId('import-run')).toHaveCount(0);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/import-error.png` });
  await page.getByTestId('import-close').click();
  expect(await count(page, "select count(*) from users where user_id like 'bad%';")).toBe(0);
});

test('Import shows the rows written as they land, and Cancel stops the writes, saying how many were written', async ({
  page,
}) => {
  const csv = `user_id,age\n${Array.from({ length: 400 }, (_, i) => `imc${String(i).padStart(4, '0')},${i % 90}`).join('\n')}\n`;
  // The table's write limit paces the import (40 WCU/s: 10 s for 400 rows), so it can be watched and stopped.
  await setSql(page, "alter foreign table users options (add max_wcu_per_second '40');");
  await runStatement(page);
  try {
    await openImport(page, 'public.users');
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'paced.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-check').click();
    await expect(page.getByTestId('import-rows')).toHaveText('400');
    await page.getByTestId('import-run').click();
    const progress = page.getByTestId('import-progress');
    await expect(progress).toContainText(
      /Writing to DynamoDB: [1-9][\d,]* of 400 rows · [\d.,]+ WCU · [\d.,]+ \/ 40 WCU\/s/,
    );
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/import-writing.png` });
    await page.getByTestId('import-cancel').click();
    const cancelled = page.getByTestId('import-cancelled');
    await expect(cancelled).toHaveText(
      /^Cancelled after [\d,]+ of 400 rows were written\. They stay; importing the same file again completes it\.$/,
    );
    await page.screenshot({ path: `${SHOTS}/import-cancelled.png` });
    const written = Number(/after ([\d,]+) of/.exec(await cancelled.innerText())![1]!.replace(/,/g, ''));
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(400);
    // Importing the same file again completes it.
    await page.getByTestId('import-run').click();
    await expect(page.getByTestId('import-done')).toHaveText(/^Imported 400 rows · [\d,]+ WCU consumed$/, {
      timeout: 30_000,
    });
    await page.getByTestId('import-close').click();
    expect(await count(page, "select count(*) from users where user_id like 'imc%';")).toBe(400);
  } finally {
    await setSql(page, 'alter foreign table users options (drop max_wcu_per_second);');
    await runStatement(page);
  }
});

/** Chooses a CSV file in the open Import dialog and checks it. */
async function checkFile(page: Page, name: string, csv: string, rows: string): Promise<void> {
  await page
    .getByTestId('import-file')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-check').click();
  await expect(page.getByTestId('import-rows')).toHaveText(rows);
}

test("Import runs in the editor tab's session: its SET dynascope.max_wcu_per_second paces the writes", async ({
  page,
}) => {
  const csv = `user_id,age\n${Array.from({ length: 120 }, (_, i) => `ims${String(i).padStart(4, '0')},${i % 90}`).join('\n')}\n`;
  // The tab's own setting (no table option): 20 WCU/s, about 6 s for 120 rows.
  await setSql(page, 'set dynascope.max_wcu_per_second = 20;');
  await runStatement(page);
  try {
    await openImport(page, 'public.users');
    await checkFile(page, 'session.csv', csv, '120');
    await page.getByTestId('import-run').click();
    await expect(page.getByTestId('import-progress')).toContainText(
      /Writing to DynamoDB: [1-9][\d,]* of 120 rows · [\d.,]+ WCU · [\d.,]+ \/ 20 WCU\/s/,
    );
    await expect(page.getByTestId('import-done')).toHaveText(/^Imported 120 rows · [\d,]+ WCU consumed$/, {
      timeout: 30_000,
    });
    await page.getByTestId('import-close').click();
    expect(await count(page, "select count(*) from users where user_id like 'ims%';")).toBe(120);
  } finally {
    await setSql(page, 'reset dynascope.max_wcu_per_second;');
    await runStatement(page);
  }
});

test("inside the tab's BEGIN block an Import is held for its COMMIT, like an INSERT: ROLLBACK drops it; the demo's COMMIT says why it cannot write it", async ({
  page,
}) => {
  const csv = 'user_id,age\nimt1,31\nimt2,32\nimt3,33\n';
  const held = page.getByTestId('import-done');
  await setSql(page, 'begin;');
  await runStatement(page);
  await openImport(page, 'public.users');
  await checkFile(page, 'block.csv', csv, '3');
  await page.getByTestId('import-run').click();
  await expect(held).toHaveText(
    "Held 3 rows for this tab's COMMIT: its transaction block (BEGIN) is open, so nothing is written until it commits (ROLLBACK drops them).",
  );
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/import-held.png` });
  await page.getByTestId('import-close').click();
  // The block reads its own held writes, as Postgres would.
  expect(await count(page, "select count(*) from users where user_id like 'imt%';")).toBe(3);
  await setSql(page, 'rollback;');
  await runStatement(page);
  expect(await count(page, "select count(*) from users where user_id like 'imt%';")).toBe(0);

  await setSql(page, 'begin;');
  await runStatement(page);
  await openImport(page, 'public.users');
  await checkFile(page, 'block.csv', csv, '3');
  await page.getByTestId('import-run').click();
  await expect(held).toHaveText(/^Held 3 rows for this tab's COMMIT/);
  await page.getByTestId('import-close').click();
  // COMMIT sends them in one TransactWriteItems, which the demo's dynalite does not have: it says so
  // and writes nothing (on DynamoDB and DynamoDB Local the engine's test sees them written).
  await setSql(page, 'commit;');
  await runStatement(page);
  await expect(page.getByTestId('results')).toContainText(
    'this DynamoDB endpoint has no TransactWriteItems: the transaction block was rolled back',
  );
  expect(await count(page, "select count(*) from users where user_id like 'imt%';")).toBe(0);
});
