import { eachScreen, expect, openApp, runStatement, setSql, test } from './fixtures';

/** The plan panel says, in plain words, how the engine answers the statement (Plan.shape). */

test('the plan panel names the execution shape of a count, a GROUP BY and a LIMIT', async ({ page }) => {
  await openApp(page);
  const shape = page.getByTestId('plan-shape');
  await setSql(page, 'select count(*) from orders;');
  await runStatement(page, 'confirm');
  await expect(shape).toHaveAttribute('data-shape', 'count');
  await expect(shape).toHaveText('DynamoDB counts the matching items; none is transferred.');

  await setSql(page, 'select status, count(*) from orders group by status;');
  await runStatement(page, 'confirm');
  await expect(shape).toHaveAttribute('data-shape', 'streaming-evaluation');

  await setSql(page, 'select upper(status) from orders limit 3;');
  await runStatement(page, 'confirm');
  await expect(shape).toHaveText(
    'Each page goes through Postgres as it arrives; reading stops once LIMIT is met.',
  );

  // A statement over no foreign table has no plan on the wire: the panel says so, with no shape line.
  await setSql(page, 'select 1;');
  await runStatement(page, 'expect-none');
  await expect(page.getByTestId('plan-panel')).toContainText('This statement does not read DynamoDB.');
  await expect(shape).toHaveCount(0);

  await eachScreen(page, async (suffix) => {
    await setSql(page, 'select status, count(*) from orders group by status;');
    await runStatement(page, 'confirm');
    await expect(shape).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`plan-shape-${suffix}.png`) });
  });
});
