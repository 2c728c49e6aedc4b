import { expect, openApp, runStatement, setSql, test } from './fixtures';

/**
 * Prices follow the table and the setting (issue 17, "Cost you can read"): the demo's tables are
 * on-demand; a tab's SET dynascope.price_per_million_rru prices its statements, in the results bar
 * and beside the plan panel's RCU estimate.
 */
test("a tab's dynascope.price_per_million_rru prices its statements", async ({ page }) => {
  await openApp(page);
  await setSql(page, 'select count(*) from orders;');
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('statement-price')).toContainText('on-demand');
  await expect(page.getByTestId('plan-price')).toHaveAttribute('title', /per million RRU.*us-east-1/);

  await setSql(page, "set dynascope.price_per_million_rru = '1000';");
  await runStatement(page, 'expect-none');
  await setSql(page, 'select count(*) from orders;');
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('statement-price')).toHaveAttribute(
    'title',
    'on-demand price: $1000 per million RRU, $0.625 per million WRU (set by dynascope.price_per_million_*)',
  );
  await expect(page.getByTestId('plan-price')).toHaveAttribute('title', /\$1000 per million RRU/);
});
