import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

const editorText = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __dynascopeEditor: { getValue(): string } }).__dynascopeEditor.getValue(),
  );

/** Every value in localStorage, joined: the secret must be in none of them. */
const storage = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .map((k) => localStorage.getItem(k) ?? '')
      .join('\n'),
  );

/** The text of the history list (opened). */
async function historyText(page: Page): Promise<string> {
  await page.getByTestId('history-tab').click();
  await expect(page.getByTestId('history-item').first()).toBeVisible();
  return (await page.getByTestId('history').textContent()) ?? '';
}

/** The secret is in none of the editor text, localStorage (all keys) and the history list. */
async function expectNowhere(page: Page, secret: string): Promise<void> {
  expect(await editorText(page)).not.toContain(secret);
  await expect.poll(() => storage(page)).not.toContain(secret);
  expect(await historyText(page)).not.toContain(secret);
}

test('a secret passed to "vault".create_secret leaves the editor, localStorage and history once the engine has seen it, even when the call fails', async ({
  page,
}) => {
  const secret = 'e2e-editor-s3cret-9Xq';
  await setSql(
    page,
    `-- stored in the vault\nselect "vault".create_secret('${secret}', 'e2e_editor_secret', 'typed in the editor');`,
    { line: 2, column: 1 },
  );
  await runStatement(page, 'expect-none');
  await expect(page.getByRole('status')).toHaveText(
    'The secret is in the vault now; it was removed from the editor',
  );
  expect(await editorText(page)).toBe(
    `-- stored in the vault\nselect "vault".create_secret('********', 'e2e_editor_secret', 'typed in the editor');`,
  );
  await expectNowhere(page, secret);
  // JSON in storage escapes the quotes of "vault".
  await expect.poll(() => storage(page)).toContain(`\\"vault\\".create_secret('********'`);
  await expect(page.getByTestId('history-item').first()).toContainText(`"vault".create_secret('********'`);

  // The same name again fails: the secret leaves the text all the same (Ctrl+Z brings it back).
  const other = 'e2e-other-s3cret-4Lm';
  await setSql(page, `select "vault".create_secret('${other}', 'e2e_editor_secret');`);
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'error');
  await expect(page.getByRole('status')).toHaveText(
    'The secret was removed from the editor (Ctrl+Z brings it back)',
  );
  expect(await editorText(page)).toBe(`select "vault".create_secret('********', 'e2e_editor_secret');`);
  await expectNowhere(page, other);
  await expectNowhere(page, secret);
});
