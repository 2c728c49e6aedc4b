import { execFileSync } from 'node:child_process';
import { expect, openApp, test, TOKEN } from './fixtures';

const PG_PORT = Number(process.env.E2E_PG_PORT);

test('the Connect dialog shows how to reach the Postgres wire protocol, and its psql command works', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await page.getByTestId('connect-open').click();
  const dialog = page.getByTestId('connect');
  await expect(dialog.getByTestId('connect-port')).toHaveText(String(PG_PORT));
  await expect(dialog.getByTestId('connect-host')).toHaveText('127.0.0.1');
  await expect(dialog.getByTestId('connect-user')).toHaveText('dynascope');
  const psql = `psql "postgresql://dynascope@127.0.0.1:${PG_PORT}/dynascope"`;
  await expect(dialog.getByTestId('connect-psql')).toHaveText(psql);
  await expect(dialog.getByTestId('connect-jdbc-url')).toHaveText(
    `jdbc:postgresql://127.0.0.1:${PG_PORT}/dynascope?user=dynascope`,
  );
  expect(await dialog.textContent()).not.toContain(TOKEN);

  // Copy puts the command on the clipboard as shown.
  await dialog.getByRole('button', { name: 'Copy' }).first().click();
  await expect(page.getByRole('status')).toHaveText('psql copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(psql);

  // The command, run as shown with the token as password, reaches the demo's tables.
  const uri = /"(.+)"/.exec(psql)![1]!;
  const out = execFileSync(
    '/usr/bin/psql',
    ['-X', '-At', uri, '-c', "select user_id from users where user_id = 'u0001'"],
    {
      env: { ...process.env, PGPASSWORD: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'], // its capacity NOTICE goes to stderr
    },
  ).toString();
  expect(out).toBe('u0001\n');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
