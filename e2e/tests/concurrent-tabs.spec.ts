import { expect, openApp, runStatement, setSql, test } from './fixtures';

test('a long statement in one tab does not hold up a point lookup in another (sessions run at once)', async ({
  page,
}) => {
  await openApp(page);
  // The first tab's session reads at most 20 RCU a second: its count over events takes seconds.
  await setSql(page, 'set dynascope.max_rcu_per_second = 20;');
  await runStatement(page, 'expect-none');
  await setSql(page, "select count(*) from events where kind = 'no-such-kind' and duration_ms > -1;");
  await page.keyboard.press('Control+Enter');
  const confirm = page.getByTestId('guard-confirm');
  await expect(confirm.or(page.getByTestId('progress'))).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(page.getByTestId('progress-rate')).toBeVisible({ timeout: 15_000 });

  // A second tab (its own session) runs a point lookup to the end meanwhile.
  await page.getByTestId('new-tab').click();
  await expect(page.getByTestId('editor-tab')).toHaveCount(2);
  await setSql(page, "select user_id from users where user_id = 'u0001';");
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('grid-row')).toHaveCount(1);

  // The first tab's statement is still running; it can still be cancelled.
  await page.getByTestId('editor-tab').first().click();
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'running');
  await page.getByTestId('cancel-run').click();
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'cancelled');
});
