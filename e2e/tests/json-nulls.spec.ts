import { expect, openApp, runStatement, setSql, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

// Issue 17, defect 6: a DynamoDB NULL attribute read through _attrs->'x' is JSON null, shown as
// null in the JSON style; an attribute the item lacks is SQL NULL, shown as the NULL marker.
test('the grid shows JSON null apart from SQL NULL, and copies them apart', async ({ page, context }) => {
  await setSql(
    page,
    `insert into users (user_id, name, _attrs) values ('jn-e2e', 'Nula', '{"gone": null, "kept": 1}');`,
  );
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('error-box')).toHaveCount(0);

  await setSql(
    page,
    `select user_id, _attrs->'gone' as json_null, _attrs->'absent' as sql_null, _attrs->>'gone' as gone_text from users where user_id = 'jn-e2e';`,
  );
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('grid-row')).toHaveCount(1);
  const cells = page.getByTestId('grid-row').first().locator('.gc');
  // 0 is the row number.
  await expect(cells.nth(2)).toHaveAttribute('data-kind', 'json-null');
  await expect(cells.nth(2)).toHaveText('null');
  await expect(cells.nth(3)).toHaveAttribute('data-kind', 'null');
  await expect(cells.nth(3)).toHaveText('NULL');
  await expect(cells.nth(4)).toHaveAttribute('data-kind', 'null');

  // Copy (Ctrl+C on the focused cell): JSON null is the text null, SQL NULL is nothing.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await cells.nth(2).click();
  await page.getByTestId('result-grid').press('Control+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('null');
  await cells.nth(3).click();
  await page.getByTestId('result-grid').press('Control+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('');
});
