import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test } from './fixtures';

// The workbench round of session 39, as a user saw it in Chromium: a Scan's plan card cut its
// "Items scanned → returned" figures off (14,301 → 3,575 4× at 1024 px, and at 1440 px) and, once
// they wrapped, the RCU's price ran into them (at 1024 px); the result bar split its actions over
// lines (Load next page on one, CSV and Text on the next, at 1280 px) and the grid's filter put its
// actions on a line of their own at 1024 px (a row of results less); and a statement that returned
// no rows showed an empty grid with nothing said.

/**
 * Right edges of the scan card and of every figure in it, as laid out, and the figures whose text
 * runs past their own cell (into the one beside it) or is cut off: wider than their box.
 */
const cardEdges = (page: Page) =>
  page.evaluate(() => {
    const card = document.querySelector('[data-testid=scan-card]')!.getBoundingClientRect();
    const metrics = Array.from(document.querySelectorAll('[data-testid=scan-card] .metric'));
    const figures = metrics.flatMap((m) => [m, ...Array.from(m.querySelectorAll('*'))]);
    return {
      card: card.right,
      widest: Math.max(...figures.map((e) => e.getBoundingClientRect().right)),
      outside: metrics.flatMap((m) => {
        const cell = m.getBoundingClientRect();
        return [m, ...Array.from(m.querySelectorAll('*'))]
          .filter(
            (e) => e.getBoundingClientRect().right > cell.right + 0.5 || e.scrollWidth > e.clientWidth + 1,
          )
          .map((e) => e.textContent);
      }),
    };
  });

/** The top of a button, to say which line of the result bar it is on. */
const top = async (page: Page, testId: string) => (await page.getByTestId(testId).boundingBox())!.y;

test("from 1024 to 1440 px wide a Scan's figures fit its plan card and the result and grid actions keep to a line", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 800 });
  await openApp(page);
  await setSql(page, "select * from public.events where kind = 'click';");
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('op-badge').first()).toHaveText('Scan');
  await expect(page.getByTestId('next-page')).toBeVisible();
  // Where a line of the bar or of the card breaks depends on the figures' widths: every width is tried.
  for (let width = 1440; width >= 1024; width -= 8) {
    await page.setViewportSize({ width, height: 800 });
    const edges = await cardEdges(page);
    expect
      .soft(edges.widest, `at ${width} px every figure inside the scan card`)
      .toBeLessThanOrEqual(edges.card + 0.5);
    expect.soft(edges.outside, `at ${width} px no figure runs out of its cell or is cut off`).toEqual([]);
    const actions = await Promise.all(['next-page', 'export-csv', 'export-text'].map((id) => top(page, id)));
    expect.soft(new Set(actions).size, `at ${width} px Load next page, CSV and Text on one line`).toBe(1);
    const tools = await Promise.all(
      ['grid-filter', 'add-row-open', 'grid-columns'].map((id) => top(page, id)),
    );
    expect
      .soft(Math.max(...tools) - Math.min(...tools), `at ${width} px the grid's tools on one line`)
      .toBeLessThan(8);
    if (width === 1024 || width === 1440)
      await page.screenshot({ path: test.info().outputPath(`result-layout-${width}.png`) });
  }
});

test('a statement that returned no rows says so in the grid', async ({ page }) => {
  await openApp(page);
  await setSql(page, "select * from public.orders where customer_id = 'nobody';");
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('row-count')).toHaveText('0');
  await expect(page.getByTestId('grid-empty')).toHaveText('No rows: the statement returned none.');
  // A filter that matches none of the loaded rows still says that, not this.
  await setSql(page, "select * from public.users where user_id = 'u0001';");
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('grid-empty')).toHaveCount(0);
});
