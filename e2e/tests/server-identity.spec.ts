import { expect, openApp, test, TOKEN } from './fixtures';

// playwright.config.ts gives the server AWS config files with the role profile `e2e-reader`
// (on top of `e2e-base`'s static keys, region eu-west-1) and moto answering STS.
const auth = { Authorization: `Bearer ${TOKEN}` };

test.afterAll(async ({ request }) => {
  await request.post('/api/sql', {
    headers: auth,
    data: { sql: 'drop server if exists e2e_reader; drop server if exists e2e_broken' },
  });
});

test('a server created from a profile in the editor shows who it is; a broken one shows the fix', async ({
  page,
  request,
}, testInfo) => {
  await openApp(page);
  await page.getByTestId('add-server').click();
  const editor = page.getByTestId('server-editor');
  await expect(editor).toBeVisible();
  await page.getByTestId('server-name').fill('e2e_reader');
  await expect(
    page.getByTestId('server-profile').locator('option', { hasText: 'e2e-reader — role · eu-west-1' }),
  ).toHaveCount(1);
  await page.getByTestId('server-profile').selectOption('e2e-reader');
  await expect(page.getByTestId('server-region')).toHaveAttribute('placeholder', 'eu-west-1');
  await page.getByTestId('server-environment').selectOption('production');
  await expect(page.getByTestId('server-editor-sql')).toHaveText(
    "create server e2e_reader foreign data wrapper dynamodb_wrapper options (\n  profile 'e2e-reader',\n  environment 'production'\n);",
  );
  await page.screenshot({ path: testInfo.outputPath('server-editor.png') });
  await page.getByTestId('server-save').click();
  await expect(editor).toBeHidden();

  const row = page.locator('[data-testid="tree-server"][data-server="e2e_reader"]');
  await expect(row.getByTestId('identity-badge')).toHaveText(/^e2e-reader · 123456789012 · (\d+h)?\d+m$/);
  await expect(row.getByTestId('identity-badge')).toHaveAttribute(
    'title',
    /assumed-role\/e2e-reader\/.*\nvia profile e2e-reader\nexpires /,
  );
  await expect(row.getByTestId('production-badge')).toHaveText('PROD');

  // A server whose profile is gone: a clear state and how to fix it.
  const created = await request.post('/api/sql', {
    headers: auth,
    data: { sql: "create server e2e_broken foreign data wrapper dynamodb_wrapper options (profile 'gone')" },
  });
  expect(created.status()).toBe(200);
  await page.getByTitle('Reload catalog').click();
  const broken = page.locator('[data-testid="tree-server"][data-server="e2e_broken"]');
  await expect(broken.getByTestId('identity-badge')).toHaveText('credentials failed');
  await expect(broken.getByTestId('server-fix')).toContainText('GET /api/aws/profiles lists them');
  await page.locator('.sidebar').screenshot({ path: testInfo.outputPath('identity-badges.png') });

  // Nothing secret of the profile reaches the page.
  expect(await page.content()).not.toContain('e2e-not-a-real-secret');
});
