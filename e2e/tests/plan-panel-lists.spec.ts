import type { Locator, Page } from '@playwright/test';
import { eachScreen, expect, openApp, runStatement, setSql, test } from './fixtures';

// Issue 17, defect 9: the plan panel lists each thing once and as what it is, inside its card — a
// BatchGetItem's keys as keys (they were an OR'ed key condition), a join condition as the join's (it
// was pushed and residual at once), and chips that stay in their card whatever their text.

const JOIN = `select u.name, o.total, o.status
from users u join orders o on o.customer_id = u.user_id
where u.user_id in ('u0034', 'u0035') and lower(o.status) like '%deliver%';`;

// Predicates with long unbroken values: chips and codes must wrap inside the card.
const LONG = `select user_id, name
from users
where email = 'someone.with.a.very.long.address@subdomain.example-company.com'
  and user_id >= 'u0001_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
  and _attrs->'address'->>'city' = 'Paris';`;

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

const card = (page: Page, relation: string) =>
  page.getByTestId('scan-card').filter({ has: page.locator('.rel', { hasText: relation }) });

/** Every chip and code of the panel's cards, with how far its right edge passes its card's. */
async function overflows(page: Page): Promise<string[]> {
  return page.getByTestId('scan-card').evaluateAll((cards) =>
    cards.flatMap((c) => {
      const right = c.getBoundingClientRect().right;
      return Array.from(c.querySelectorAll('.chip, code'))
        .filter((el) => el.getBoundingClientRect().right > right + 0.5)
        .map((el) => `${el.textContent} by ${Math.round(el.getBoundingClientRect().right - right)} px`);
    }),
  );
}

/** The texts of the chips in a row (`keys`, `join-conditions`) or of a kind (`.chip.residual`). */
async function chips(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((els) =>
    els.flatMap((el) =>
      (el.matches('.chip') ? [el] : Array.from(el.querySelectorAll('.chip'))).map((c) => c.textContent ?? ''),
    ),
  );
}

test("a BatchGetItem's keys are keys, and the join condition is the join's", async ({ page }) => {
  await setSql(page, JOIN);
  await runStatement(page, 'confirm');
  const users = card(page, 'public.users');
  await expect(users.getByTestId('op-badge')).toHaveText('BatchGetItem');
  expect(await chips(users.getByTestId('keys'))).toEqual(["user_id = 'u0034'", "user_id = 'u0035'"]);
  await expect(users.getByTestId('key-condition')).toHaveCount(0);

  const orders = card(page, 'public.orders');
  const condition = 'o.customer_id = u.user_id';
  for (const c of [users, orders]) {
    expect(await chips(c.getByTestId('join-conditions'))).toEqual([condition]);
    expect(await chips(c.locator('.chip.residual'))).not.toContain(condition);
    expect(await chips(c.locator('.chip.pushed'))).not.toContain(condition);
  }
  expect(await chips(orders.locator('.chip.residual'))).toEqual(["lower(o.status) like '%deliver%'"]);
  // Each alternative once.
  const alternatives = await orders.getByTestId('alternative').allTextContents();
  expect(new Set(alternatives).size).toBe(alternatives.length);
  expect(await overflows(page)).toEqual([]);

  await eachScreen(page, async (suffix) => {
    await setSql(page, JOIN);
    await runStatement(page, 'confirm');
    await card(page, 'public.users').getByTestId('keys').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`plan-lists-join-${suffix}.png`) });
  });
});

test('chips and codes with long values wrap inside their card', async ({ page }) => {
  await eachScreen(page, async (suffix) => {
    await setSql(page, LONG);
    await runStatement(page, 'confirm');
    await expect(page.getByTestId('scan-card')).toHaveCount(1);
    expect(await overflows(page), suffix).toEqual([]);
    await page.getByTestId('scan-card').locator('.chip.residual').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`plan-lists-long-${suffix}.png`) });
  });
});
