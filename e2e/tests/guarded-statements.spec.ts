import { mkdirSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { expect, openApp, setSql, test, TOKEN } from './fixtures';

/**
 * The cost guard asks before a write that another statement runs (h4 items 1-2): a data-modifying
 * WITH's UPDATE through a server marked production shows the confirmation dialog, and Cancel
 * writes nothing (read back through the API).
 */

const SHOTS = process.env.E2E_SHOTS_DIR ?? 'test-results/guarded-statements-shots';

async function rows(request: APIRequestContext, sql: string): Promise<unknown[][]> {
  const res = await request.post('/api/sql', {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { sql },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).statements[0].rows;
}

test("a data-modifying WITH's UPDATE on a production server asks first", async ({ page, request }) => {
  await rows(request, "alter server demo options (add environment 'production')");
  try {
    await openApp(page);
    await setSql(
      page,
      "with u as (update users set name = 'via cte' where user_id = 'u0004' returning *) select * from u;",
    );
    await page.keyboard.press('Control+Enter');
    const dialog = page.getByTestId('cost-guard');
    await expect(dialog).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('This statement writes to production')).toBeVisible();
    // The write is previewed as the plain UPDATE is.
    await expect(dialog).toContainText('Changes 1 row of public.users (DynamoDB table users).');
    await expect(dialog).toContainText('Writes to public.users through demo, a production server.');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/cte-production-write.png` });
    await page.getByTestId('guard-cancel').click();
    await expect(dialog).toHaveCount(0);
  } finally {
    await rows(request, 'alter server demo options (drop environment)');
  }
  expect(await rows(request, "select name from users where user_id = 'u0004'")).not.toEqual([['via cte']]);
});
