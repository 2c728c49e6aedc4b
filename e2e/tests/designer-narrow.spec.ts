import { expect, openApp, test } from './fixtures';

// The workbench round of session 39: at 1024 px the table designer cut its table's facts off —
// "customer…" for the partition key customer_id, "order_dat…", "not repor…" — so a user creating a
// foreign table could not read the key names it was about to map. They wrap onto a second row now.

test('at 1024 px the designer shows its table’s keys and facts whole', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page);
  await page.getByTestId('open-designer').click();
  await page.getByTestId('ddb-table').filter({ hasText: 'orders' }).click();
  const facts = page.locator('.designer .fact b');
  await expect(facts.first()).toContainText('customer_id');
  const cut = await facts.evaluateAll((els) =>
    els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent),
  );
  expect(cut, 'facts cut off').toEqual([]);
  await expect(facts.nth(1)).toContainText('order_date');
  await page.screenshot({ path: test.info().outputPath('designer-1024.png') });
});
