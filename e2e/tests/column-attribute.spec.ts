import { expect, openApp, runStatement, setSql, test } from './fixtures';

// Issue 17, defect 3: a column renamed in the designer kept its new name's attribute (NULL, the
// value in _attrs). The designer maps it to its attribute with the column option `attribute`.

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('columns renamed in the designer read their attributes: keys and values, none left in _attrs', async ({
  page,
}) => {
  await page.getByTestId('open-designer').click();
  await page.getByTestId('ddb-table').filter({ hasText: 'products' }).click();
  await expect(page.getByTestId('table-description')).toBeVisible();
  await page.getByTestId('design-name').fill('products_mapped_e2e');
  await page.getByLabel('column name for sku').fill('product_sku');
  await page.getByLabel('column name for price').fill('unit_price');
  await expect(page.getByTestId('attribute-mapping')).toHaveText(['reads sku', 'reads price']);
  const preview = page.getByTestId('table-sql');
  await expect(preview).toContainText("product_sku text options (attribute 'sku') not null");
  await expect(preview).toContainText("unit_price numeric options (attribute 'price')");
  await expect(preview).toContainText("rowid_column 'product_sku'");
  await page.getByTestId('create-table').click();
  await expect(page.getByRole('dialog', { name: 'Table designer' })).toHaveCount(0);

  await setSql(
    page,
    `select case when count(*) > 0 and count(product_sku) = count(*) and count(unit_price) = count(*)
                  and not bool_or(coalesce(_attrs ? 'sku' or _attrs ? 'price', false))
             then 'mapped-ok' else 'mapped-broken' end as verdict
       from dynamodb.products_mapped_e2e;`,
  );
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('result-grid')).toContainText('mapped-ok');

  // A key lookup by the renamed key column is a GetItem of the attribute.
  await setSql(
    page,
    `select product_sku from dynamodb.products_mapped_e2e where product_sku = (select min(sku) from public.products);`,
  );
  await runStatement(page, 'confirm');
  await expect(page.getByTestId('grid-row')).toHaveCount(1);
});
