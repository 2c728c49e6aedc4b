import type { Page } from '@playwright/test';
import { expect, openApp, runStatement, setSql, test } from './fixtures';

/** The first result column's texts, in the order the grid shows its rows. */
function firstColumn(page: Page): Promise<string[]> {
  return page
    .getByTestId('grid-row')
    .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('.gc')[1]?.textContent ?? ''));
}

test('each editor tab is a session of its own: a SET in one tab does not change another', async ({
  page,
}) => {
  await openApp(page);
  const day = "select to_char(date '2024-03-05', 'DD') || ' ' || date '2024-03-05'::text as d;";
  await setSql(page, "set datestyle = 'German';");
  await runStatement(page, 'expect-none');
  await setSql(page, day);
  await runStatement(page, 'expect-none');
  expect(await firstColumn(page)).toEqual(['05 05.03.2024']);

  await page.getByTestId('new-tab').click();
  await expect(page.getByTestId('editor-tab')).toHaveCount(2);
  await setSql(page, day);
  await runStatement(page, 'expect-none');
  expect(await firstColumn(page)).toEqual(['05 2024-03-05']);

  // Back in the first tab, its setting still holds.
  await page.getByTestId('editor-tab').first().click();
  await setSql(page, day);
  await runStatement(page, 'expect-none');
  expect(await firstColumn(page)).toEqual(['05 05.03.2024']);
});
