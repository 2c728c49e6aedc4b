import { eachScreen, expect, openApp, runStatement, setSql, test } from './fixtures';

// Issue 17, "The request behind the plan, and code": each scan card shows the exact first DynamoDB
// request and copies the whole read as AWS CLI, JavaScript (SDK v3) or Python (boto3).

const QUERY = `select device_id, ts, kind
from events
where device_id = 7
order by ts desc
limit 5;`;

test.beforeEach(async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
});

test("a scan's request, and its read copied as code", async ({ page }) => {
  await setSql(page, QUERY);
  await runStatement(page, 'expect-none');
  const card = page.getByTestId('scan-card');
  await expect(card.getByTestId('op-badge')).toHaveText('Query');
  const code = card.getByTestId('scan-code');
  await code.getByRole('button', { name: /Request & code/ }).click();

  // The request, exactly as the engine sends it: the JSON of the plan's request.
  const text = code.getByTestId('scan-code-text');
  await expect(text).toHaveAttribute('data-target', 'request');
  const request = JSON.parse((await text.textContent()) ?? '') as Record<string, unknown>;
  expect(request).toMatchObject({
    TableName: 'events',
    KeyConditionExpression: '#n0 = :v0',
    ExpressionAttributeValues: { ':v0': { N: '7' } },
    ScanIndexForward: false,
    Limit: 5,
  });
  await expect(code).toContainText('X-Amz-Target: DynamoDB_20120810.Query');

  const copyAs = async (tab: string) => {
    await code.getByRole('tab', { name: tab }).click();
    await expect(code.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
    await code.getByTestId('scan-code-copy').click();
    await expect(code.getByTestId('scan-code-copy')).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await text.textContent());
    return copied;
  };
  const python = await copyAs('Python');
  expect(python).toContain('client = boto3.client("dynamodb")');
  expect(python).toContain('"ScanIndexForward": False');
  expect(python).toContain('LIMIT = 5');
  const js = await copyAs('JavaScript');
  expect(js).toContain('import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";');
  expect(js).toContain('ExclusiveStartKey = out.LastEvaluatedKey;');
  const cli = await copyAs('AWS CLI');
  expect(cli).toContain('aws dynamodb query');
  expect(cli).toContain('--max-items 5');
  // Another tab's Copy starts again.
  await code.getByRole('tab', { name: 'Request' }).click();
  await expect(code.getByTestId('scan-code-copy')).toHaveText('Copy');

  // The code stays inside its card.
  const overflow = await card.evaluate((c) => {
    const right = c.getBoundingClientRect().right;
    return Array.from(c.querySelectorAll('.scan-code *')).filter(
      (el) => el.getBoundingClientRect().right > right + 0.5,
    ).length;
  });
  expect(overflow).toBe(0);

  await eachScreen(page, async (suffix) => {
    await setSql(page, QUERY);
    await runStatement(page, 'expect-none');
    const shown = page.getByTestId('scan-code');
    await shown.getByRole('button', { name: /Request & code/ }).click();
    await shown.getByRole('tab', { name: 'Python' }).click();
    await shown.getByTestId('scan-code-text').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`copy-as-code-${suffix}.png`) });
  });
});
