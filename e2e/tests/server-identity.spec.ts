import { expect, openApp, test, TOKEN } from './fixtures';

// playwright.config.ts gives the server AWS config files with the role profile `e2e-reader`
// (on top of `e2e-base`'s static keys, region eu-west-1) and moto answering STS.
const auth = { Authorization: `Bearer ${TOKEN}` };

test.afterAll(async ({ request }) => {
  await request.post('/api/sql', {
    headers: auth,
    data: {
      sql: `drop server if exists e2e_reader; drop server if exists e2e_broken; drop server if exists e2e_keys;
            drop server if exists e2e_late_aws; drop server if exists e2e_late_local`,
    },
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

test('moving a server of stored keys to another endpoint asks for its keys; an engine refusal shows', async ({
  page,
  request,
}, testInfo) => {
  const sql = async (text: string) => {
    const r = await request.post('/api/sql', { headers: auth, data: { sql: text } });
    expect(r.status()).toBe(200);
    expect((await r.json()).error).toBeUndefined();
  };
  // Keys bound to AWS (no endpoint_url): the engine refuses to send them anywhere else.
  await sql(`select vault.create_secret('AKIAE2EKEYS000000001', 'e2e_keys_access_key_id');
    select vault.create_secret('e2e-keys-secret', 'e2e_keys_secret_access_key');
    create server e2e_keys foreign data wrapper dynamodb_wrapper options (
      vault_access_key_id 'e2e_keys_access_key_id', vault_secret_access_key 'e2e_keys_secret_access_key', region 'eu-west-1')`);
  await openApp(page);
  await page.locator('[data-testid="tree-server"][data-server="e2e_keys"] .tree-row').click();
  const editor = page.getByTestId('server-editor');
  await expect(editor).toBeVisible();
  await page.getByTestId('server-endpointUrl').fill('https://dynamodb.example.invalid');
  await expect(page.getByTestId('server-keys-moved')).toHaveText(
    "Keys stored for AWS are not sent to https://dynamodb.example.invalid: enter this server's keys for the new endpoint.",
  );
  await expect(page.getByTestId('server-accessKeyId')).toHaveAttribute('placeholder', 'enter again');
  await expect(page.getByTestId('server-editor-sql')).toHaveCount(0);
  await expect(page.getByTestId('server-save')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('server-editor-keys-moved.png') });

  await page.getByTestId('server-accessKeyId').fill('AKIAE2EKEYS000000002');
  await page.getByTestId('server-secretAccessKey').fill('e2e-keys-secret-2');
  await expect(page.getByTestId('server-editor-sql')).toHaveText(
    [
      "select vault.create_secret('••••••••••••', 'e2e_keys_access_key_id_2', 'AWS access key ID for e2e_keys');",
      "select vault.create_secret('••••••••••••', 'e2e_keys_secret_access_key_2', 'AWS secret access key for e2e_keys');",
      'alter server e2e_keys options (',
      "  set vault_access_key_id 'e2e_keys_access_key_id_2',",
      "  set vault_secret_access_key 'e2e_keys_secret_access_key_2',",
      "  add endpoint_url 'https://dynamodb.example.invalid'",
      ');',
    ].join('\n'),
  );
  await page.getByTestId('server-save').click();
  await expect(editor).toBeHidden();
  await expect(page.locator('[data-testid="tree-server"][data-server="e2e_keys"] .tree-row')).toHaveAttribute(
    'title',
    /vault_access_key_id = e2e_keys_access_key_id_2\n.*\nendpoint_url = https:\/\/dynamodb\.example\.invalid/s,
  );

  // Keys another server bound to this machine first (named before they existed): the engine refuses
  // even an ALTER that moves nothing of its own, and the editor says so.
  await sql(`create server e2e_late_aws foreign data wrapper dynamodb_wrapper options (
      vault_access_key_id 'e2e_late_k', vault_secret_access_key 'e2e_late_s', region 'eu-west-1');
    create server e2e_late_local foreign data wrapper dynamodb_wrapper options (
      vault_access_key_id 'e2e_late_k', vault_secret_access_key 'e2e_late_s', endpoint_url 'http://127.0.0.1:9');
    select vault.create_secret('AKIAE2ELATE000000001', 'e2e_late_k');
    select vault.create_secret('e2e-late-secret', 'e2e_late_s');
    alter server e2e_late_local options (add region 'us-east-1')`);
  await page.getByTitle('Reload catalog').click();
  await page.locator('[data-testid="tree-server"][data-server="e2e_late_aws"] .tree-row').click();
  await page.getByTestId('server-region').fill('us-east-2');
  await page.getByTestId('server-save').click();
  await expect(page.getByTestId('server-error')).toHaveText(
    /^42501: vault secret "e2e_late_[ks]" goes only to this machine: server "e2e_late_aws" would send it to aws$/,
  );
  await expect(editor).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('server-editor-refused.png') });
});
