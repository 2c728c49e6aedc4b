/**
 * Screenshots of every screen in both themes, for design review and the README:
 *   BASE_URL=http://127.0.0.1:5480 DYNASCOPE_TOKEN=... npm run screenshots -w @dynascope/e2e [-- outDir]
 * (default outDir: apps/web/screenshots, git-ignored). SCALE=2 for retina shots, ONLY=query,scan to pick,
 * VIEWPORT=1280x800 for the smaller screen.
 * Uses Debian's Chromium (CHROMIUM_PATH overrides); never downloads a browser.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:5480';
const token = process.env.DYNASCOPE_TOKEN ?? '';
const out = process.argv[2] ?? fileURLToPath(new URL('../../apps/web/screenshots', import.meta.url));
const only = process.env.ONLY?.split(',');
/** VIEWPORT=1280x800 for the smaller screen (default 1440x900). */
const [width, height] = (process.env.VIEWPORT ?? '1440x900').split('x').map(Number);
const viewport = { width: width!, height: height! };
mkdirSync(out, { recursive: true });

async function setSql(page: Page, sql: string): Promise<void> {
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.evaluate((text) => {
    const w = window as unknown as { __dynascopeEditor?: { setValue(v: string): void } };
    w.__dynascopeEditor?.setValue(text);
  }, sql);
}

/** Runs the editor's statement and waits for it to finish (confirming the cost guard if asked). */
async function run(page: Page, sql: string, confirm = true): Promise<void> {
  await setSql(page, sql);
  const before = await page
    .getByTestId('results')
    .getAttribute('data-run-id')
    .catch(() => null);
  await page.keyboard.press('Control+Enter');
  const finished = page.locator(
    `[data-testid=results][data-status=done], [data-testid=results][data-status=error]`,
  );
  for (let i = 0; i < 300; i++) {
    if (confirm && (await page.getByTestId('guard-confirm').isVisible()))
      await page.getByTestId('guard-confirm').click();
    if (
      (await finished.count()) &&
      (await page.getByTestId('results').getAttribute('data-run-id')) !== before
    )
      break;
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(700);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

for (const theme of ['light', 'dark'] as const) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: Number(process.env.SCALE ?? 1),
  });
  const page = await context.newPage();
  // Exports end as downloads, not in a native save dialog (File System Access API).
  await page.addInitScript(() =>
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true }),
  );
  await page.addInitScript((t) => {
    const key = 'dynascope.workspace.v1';
    const ws = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (!ws)
      localStorage.setItem(
        key,
        JSON.stringify({
          tabs: [
            { id: 'a', title: 'Orders', sql: '' },
            { id: 'b', title: 'Events scan', sql: '' },
          ],
          activeTabId: 'a',
          history: [],
          theme: t,
          scanRcuThreshold: 25,
        }),
      );
  }, theme);
  await page.goto(`${base}/?token=${token}`);
  await page.locator('.monaco-editor').first().waitFor();
  await page.getByTestId('tree-table').first().waitFor();
  const shot = async (name: string) => {
    if (only && !only.includes(name)) return;
    await page.screenshot({ path: `${out}/${name}-${theme}.png` });
  };
  await shot('empty');
  await run(
    page,
    `-- Returned orders, newest first: status is the partition key of the by_status index\nselect customer_id, order_date, order_id, total, currency, items, gift\nfrom orders\nwhere status = 'returned'\norder by order_date desc\nlimit 40;`,
  );
  await shot('query');
  await run(
    page,
    `-- A point lookup: numeric keeps all 38 digits, bytea and jsonb as Postgres prints them\nselect * from users where user_id = 'u0001';`,
  );
  await shot('point');
  await run(
    page,
    `-- Sorted and filtered in the browser, over the loaded rows only\nselect user_id, name, country, lifetime_value, active, signup_at\nfrom users\nlimit 300;`,
  );
  const ltv = page.getByTestId('grid-header').filter({ hasText: 'lifetime_value' });
  await ltv.click();
  await ltv.click();
  await page.getByTestId('grid-filter').fill('ritchie');
  await shot('grid');
  // The result comes back after a reload, marked restored (sorting is not kept; sort it again).
  await page.reload();
  await page.locator('.monaco-editor').first().waitFor();
  await page.getByTestId('restored-note').waitFor();
  await page.getByTestId('grid-header').filter({ hasText: 'signup_at' }).click();
  await shot('restored');
  await run(
    page,
    `-- kind is not a key: a full Scan, with the filter pushed to DynamoDB\nselect kind, count(*) as events, round(avg(duration_ms)) as avg_ms\nfrom events\nwhere kind in ('error', 'warn')\ngroup by kind;`,
  );
  await shot('scan');
  await run(
    page,
    `-- Counted in the engine as the pages arrive\nselect kind, count(*) from events group by kind;`,
  );
  await shot('engine-aggregate');
  // Only keys (and _attrs) declared: the Scan reads user_id alone, then the 5 kept items whole by key.
  await run(
    page,
    `-- A top-N by keys: a narrow Scan keeps the best 5, then BatchGetItem reads those 5 whole\nselect * from dynamodb.users order by user_id desc limit 5;`,
  );
  await page
    .getByTestId('key-fetch')
    .scrollIntoViewIfNeeded({ timeout: 5000 })
    .catch(() => undefined);
  await shot('top-n-by-key');
  // Reading keys first is weighed and declined here (the narrow items would not be small enough): the
  // plan says so beside the one Scan.
  await run(
    page,
    `-- The best 5 kept as the pages arrive; reading keys first was weighed and declined\nselect * from events order by ts desc limit 5;`,
  );
  await shot('top-n-declined');
  await run(page, `set dynascope.max_wcu_per_second = 5;`);
  await setSql(
    page,
    `-- Explain a write: its WCU estimated before it runs, and the time at the session's write limit\nupdate orders set gift = true where customer_id = 'u0042';`,
  );
  await page.keyboard.press('Control+E');
  await page
    .locator('.explain-tag')
    .waitFor({ timeout: 15000 })
    .catch(() => undefined);
  await page.waitForTimeout(500);
  await shot('write-estimate');
  await run(page, `reset dynascope.max_wcu_per_second;`);
  await run(
    page,
    `-- An inner equi-join with key conditions only: the engine hash-joins the items itself\nselect o.order_date, o.total, o.status, u.name\nfrom orders o join users u on u.user_id = o.customer_id\nwhere o.customer_id = 'u0034';`,
  );
  await shot('join');
  await setSql(
    page,
    `-- Explain only: the plan and its estimate, without reading a single item\nselect o.order_id, o.total, u.name\nfrom orders o join users u on u.user_id = o.customer_id\nwhere o.customer_id in ('u0042', 'u0043') and o.order_date >= '2024-06-01';`,
  );
  await page.keyboard.press('Control+E');
  await page
    .locator('.explain-tag')
    .waitFor({ timeout: 15000 })
    .catch(() => undefined);
  await page.waitForTimeout(500);
  await shot('explain');
  await setSql(page, `select * from events where duration_ms > 100000;`);
  await page.keyboard.press('Control+Enter');
  for (let i = 0; i < 100; i++) {
    if (await page.getByTestId('guard-confirm').isVisible()) await page.getByTestId('guard-confirm').click();
    if (
      ((await page
        .getByTestId('progress-items')
        .innerText({ timeout: 100 })
        .catch(() => '0')) ?? '0') !== '0'
    )
      break;
    await page.waitForTimeout(30);
  }
  await shot('progress');
  await page
    .locator('[data-testid=results][data-status=done]')
    .waitFor({ timeout: 30000 })
    .catch(() => undefined);
  // An export streams the whole result through COPY ... TO STDOUT: rows and bytes as they arrive.
  await run(page, `select * from events;`);
  await page.getByTestId('export-csv').click();
  for (let i = 0; i < 200; i++) {
    if (await page.getByTestId('guard-confirm').isVisible()) await page.getByTestId('guard-confirm').click();
    const text = await page
      .getByTestId('export-progress')
      .innerText({ timeout: 100 })
      .catch(() => '');
    if (/Exporting .*: [1-9]/.test(text)) break;
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(600);
  await shot('export');
  await page
    .locator('[data-testid=export-status]:not([data-status=running])')
    .waitFor({ timeout: 60000 })
    .catch(() => undefined);
  await page.getByTestId('threshold').fill('1');
  await setSql(page, `select count(*) from events where kind = 'warn';`);
  await page.keyboard.press('Control+Enter');
  await page
    .getByTestId('guard-cancel')
    .waitFor({ timeout: 10000 })
    .catch(() => undefined);
  await page.waitForTimeout(400);
  await shot('guard');
  await page.keyboard.press('Escape');
  // A write previewed before it runs: its exact count, before → after, WCU, batched, the read's RCU.
  await setSql(page, `update orders set status = 'on_hold' where customer_id = 'u0034';`);
  await page.keyboard.press('Control+Enter');
  await page
    .getByTestId('write-preview')
    .first()
    .waitFor({ timeout: 15000 })
    .catch(() => undefined);
  await page.waitForTimeout(400);
  await shot('write-preview');
  await page.keyboard.press('Escape');
  // Inside BEGIN the write is held for COMMIT (atomic); rolled back, as dynalite cannot commit it.
  await run(page, `begin;`);
  await run(page, `update orders set status = 'on_hold' where customer_id = 'u0034';`);
  await shot('write-held');
  await run(page, `rollback;`);
  await run(page, `select user_id, nme from users where user_id = 'u0001';`, false);
  await shot('error');
  await page.getByTestId('help').click();
  await page.waitForTimeout(400);
  await shot('shortcuts');
  await page.keyboard.press('Escape');
  await page.getByTestId('open-designer').click();
  await page.getByTestId('ddb-table').filter({ hasText: 'orders' }).click();
  await page
    .getByTestId('table-description')
    .waitFor({ timeout: 20000 })
    .catch(() => undefined);
  await page.waitForTimeout(300);
  await shot('designer');
  await page.getByTestId('mode-import').click();
  await page.waitForTimeout(200);
  await shot('import');
  await page.getByTestId('new-server').click();
  await page.waitForTimeout(200);
  await shot('server');
  await page.keyboard.press('Escape');
  await run(
    page,
    `select user_id, _attrs->'address' as address, _attrs->'tags' as tags from users where user_id in ('u0001','u0002');`,
  );
  const json = page.locator('.gc.json').first();
  if (await json.count()) {
    await json.click();
    await page.waitForTimeout(400);
    await shot('json');
    await page.keyboard.press('Escape');
  }
  await page.getByTestId('history-tab').click();
  await shot('history');
  await page.getByTestId('examples-tab').click();
  await page.waitForTimeout(300);
  await shot('examples');
  await context.close();
}
await browser.close();
console.log(`screenshots in ${out}`);
