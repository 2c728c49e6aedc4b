import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

const editorText = (page: Page) =>
  page.evaluate(() => (window as unknown as { __dynascopeEditor: { getValue(): string } }).__dynascopeEditor.getValue());

/** Every value in localStorage, joined: the secret must be in none of them. */
const storage = (page: Page) => page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k) ?? '').join('\n'));

test('a secret typed into vault.create_secret leaves the editor and localStorage once it is stored; a failed call keeps it', async ({ page }) => {
  const secret = 'e2e-editor-s3cret-9Xq';
  await setSql(page, `-- stored in the vault\nselect vault.create_secret('${secret}', 'e2e_editor_secret', 'typed in the editor');`, { line: 2, column: 1 });
  await runStatement(page, 'expect-none');
  await expect(page.getByRole('status')).toHaveText('The secret is in the vault now; it was removed from the editor');
  expect(await editorText(page)).toBe(`-- stored in the vault\nselect vault.create_secret('********', 'e2e_editor_secret', 'typed in the editor');`);
  await expect.poll(() => storage(page)).not.toContain(secret);
  await expect.poll(() => storage(page)).toContain("vault.create_secret('********'");

  // The same name again fails: the text stays as typed.
  const other = 'e2e-other-s3cret-4Lm';
  await setSql(page, `select vault.create_secret('${other}', 'e2e_editor_secret');`);
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'error');
  expect(await editorText(page)).toContain(`'${other}'`);
});
