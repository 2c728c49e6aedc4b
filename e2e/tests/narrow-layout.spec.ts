import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test } from './fixtures';

// Below 1180 px the whole page scrolled sideways (`.app { min-width: 1180px }`): at 1024 px the theme
// and shortcut buttons and the plan panel were cut off, at 800 px the plan panel, Guard and Connect.
// Now the panels narrow (and wrap) down to ~800 px; narrower, the page scrolls.

/** The right edge of an element, or null when it is not shown. */
const rightEdge = async (page: Page, testId: string) => {
  const box = await page.getByTestId(testId).first().boundingBox();
  return box && box.x + box.width;
};

for (const width of [1024, 800]) {
  test(`at ${width} px nothing is off-screen: top bar, plan panel, result actions`, async ({ page }) => {
    await page.setViewportSize({ width, height: 720 });
    await openApp(page);
    await setSql(page, "select * from public.users where user_id in ('u0001', 'u0002', 'u0003');");
    await runStatement(page, 'confirm');
    await expect(page.getByTestId('plan-panel')).toContainText('BatchGetItem');

    const page_ = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(page_.scrollWidth, 'no page-wide horizontal scroll').toBeLessThanOrEqual(page_.clientWidth);
    for (const id of [
      'run',
      'threshold',
      'connect-open',
      'theme',
      'help',
      'plan-panel',
      'toggle-plan',
      'export-csv',
      'add-row-open',
    ]) {
      await expect(page.getByTestId(id).first(), id).toBeVisible();
      expect(await rightEdge(page, id), id).toBeLessThanOrEqual(width);
    }
    // The grid's actions stay inside the results pane (they wrap below the filter when it is narrow).
    const results = await page.getByTestId('results').boundingBox();
    expect(await rightEdge(page, 'add-row-open')).toBeLessThanOrEqual(results!.x + results!.width);
    await page.screenshot({ path: test.info().outputPath(`narrow-${width}.png`) });
  });
}

test('narrower than the layout, the page scrolls and the top bar’s controls stay reachable', async ({
  page,
}) => {
  await page.setViewportSize({ width: 640, height: 720 });
  await openApp(page);
  await page.getByTestId('help').click();
  await expect(page.getByRole('dialog')).toBeVisible();
});
