import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test } from './fixtures';

// The workbench round of session 39: History's entries and the Examples were clickable only — Tab
// went from History's search box straight to "New foreign table", and Enter there opened the
// designer instead of the entry. They are buttons to the keyboard now.

const editorText = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __dynascopeEditor: { getValue(): string } }).__dynascopeEditor.getValue(),
  );

test('Tab reaches a history entry and Enter opens it in a new tab', async ({ page }) => {
  await openApp(page);
  await setSql(page, 'select 42 as answer;');
  await runStatement(page, 'expect-none');
  await setSql(page, 'select 1;');
  await page.getByTestId('history-tab').click();
  await page.getByTestId('history-search').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('history-item').first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('editor-tab')).toHaveCount(2);
  await expect.poll(() => editorText(page)).toBe('select 42 as answer'); // as History keeps it
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('Tab reaches an example and Space opens it in a new tab', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('examples-tab').click();
  const first = page.getByTestId('examples').locator('.history-item').first();
  await expect(first).toBeVisible();
  await page.getByTestId('examples-tab').focus();
  await page.keyboard.press('Tab');
  await expect(first).toBeFocused();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('editor-tab')).toHaveCount(2);
  await expect.poll(() => editorText(page)).not.toBe('');
});
