import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, test } from './fixtures';

// A new schema and a table whose names need quotes: the designer's script created the schema
// unquoted (`create schema if not exists Sales Data;`, 42601) and the new tab's query cut the
// table's name at its space (`select * from public."My limit 100;`).

/** The active editor tab's text, for expect.poll. */
const editorText = (page: Page) => () =>
  page.evaluate(() =>
    (window as unknown as { __dynascopeEditor: { getValue(): string } }).__dynascopeEditor.getValue(),
  );

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('the designer creates "Sales Data"."My Orders" and opens a tab that queries it', async ({ page }) => {
  await page.getByTestId('open-designer').click();
  await page.getByTestId('ddb-table').filter({ hasText: 'products' }).click();
  await expect(page.getByTestId('table-description')).toBeVisible();
  await page.getByLabel('Schema', { exact: true }).fill('Sales Data');
  await page.getByTestId('design-name').fill('My Orders');
  const preview = page.getByTestId('table-sql');
  await expect(preview).toContainText('create schema if not exists "Sales Data";');
  await expect(preview).toContainText('create foreign table "Sales Data"."My Orders" (');
  await page.getByTestId('create-table').click();
  await expect(page.getByRole('dialog', { name: 'Table designer' })).toHaveCount(0);

  await expect.poll(editorText(page)).toBe('select * from "Sales Data"."My Orders" limit 100;');
  await page.locator('.monaco-editor').first().click();
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('grid-row').first()).toBeVisible();
});

test('a mixed-case schema (Sales) is created quoted, as the table names it', async ({ page }) => {
  await page.getByTestId('open-designer').click();
  await page.getByTestId('ddb-table').filter({ hasText: 'users' }).click();
  await expect(page.getByTestId('table-description')).toBeVisible();
  await page.getByLabel('Schema', { exact: true }).fill('Sales');
  await page.getByTestId('design-name').fill('users_e2e');
  await expect(page.getByTestId('table-sql')).toContainText('create schema if not exists "Sales";');
  await page.getByTestId('create-table').click();
  await expect(page.getByRole('dialog', { name: 'Table designer' })).toHaveCount(0);
  await expect.poll(editorText(page)).toBe('select * from "Sales".users_e2e limit 100;');
  await page.locator('.monaco-editor').first().click();
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'done');
});
