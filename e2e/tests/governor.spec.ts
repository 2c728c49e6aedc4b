import { expect, openApp, runStatement, setSql, test } from './fixtures';

test.beforeEach(async ({ page }) => openApp(page));

test('a rate-limited Scan shows its rate against the limit in the progress line', async ({ page }) => {
  // The tab's session reads at most 20 RCU a second (the throughput governor).
  await setSql(page, 'set dynascope.max_rcu_per_second = 20;');
  await runStatement(page, 'expect-none');
  await setSql(page, "select count(*) from events where kind = 'no-such-kind' and duration_ms > -1;");
  await page.keyboard.press('Control+Enter');
  const confirm = page.getByTestId('guard-confirm');
  await expect(confirm.or(page.getByTestId('progress'))).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  const rate = page.getByTestId('progress-rate');
  await expect(rate).toHaveText(/^[\d.,]+ \/ 20 RCU\/s$/, { timeout: 15_000 });
  // After a few paced pages the rate is close to the limit, never far above it.
  await page.waitForTimeout(3000);
  const perSecond = Number(/^([\d.,]+)/.exec((await rate.textContent()) ?? '')![1]!.replace(/,/g, ''));
  expect(perSecond).toBeGreaterThan(5);
  expect(perSecond).toBeLessThanOrEqual(25);
  await page.getByTestId('cancel-run').click();
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'cancelled');
  // The plan panel says what limits a read, and how long it takes at that rate.
  await setSql(page, "select * from users where user_id = 'u0001';");
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('scan-rate-limit')).toHaveText(
    /^limited to 20 RCU\/s \(session setting\) · about [\d.]+ s at that rate$/,
  );
});
