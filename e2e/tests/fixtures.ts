import { test as base, expect, type Download, type Page } from '@playwright/test';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The token the server was started with (playwright.config.ts). */
export const TOKEN = process.env.E2E_TOKEN ?? '';

/**
 * Every test: any request to a non-loopback address is aborted and fails the test, so the
 * app provably works offline (no CDN, no fonts, no telemetry); exports are downloads.
 */
export const test = base.extend<{ outsideRequests: string[] }>({
  outsideRequests: [
    async ({ context }, use) => {
      const outside: string[] = [];
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === 'data:' || url.protocol === 'blob:' || LOOPBACK.has(url.hostname))
          return route.continue();
        outside.push(url.href);
        return route.abort('blockedbyclient');
      });
      // Exports stream into a file chosen in a save dialog where the File System Access API exists;
      // without it they end as an ordinary download, which Playwright can read.
      await context.addInitScript(() =>
        Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true }),
      );
      await use(outside);
      expect(outside, 'requests to non-loopback addresses').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the app the way the server's start-up URL does, and waits for the editor and catalog. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(`/?token=${TOKEN}`);
  await page.locator('.monaco-editor').first().waitFor();
  await expect(page.getByTestId('tree-table').first()).toBeVisible();
}

/** Replaces the active editor tab's text (typing would fight Monaco's auto-closing quotes). */
export async function setSql(
  page: Page,
  sql: string,
  cursorAt?: { line: number; column: number },
): Promise<void> {
  await page.waitForFunction(() => '__dynascopeEditor' in window);
  await page.evaluate(
    ({ sql, cursorAt }) => {
      const editor = (
        window as unknown as {
          __dynascopeEditor: { setValue(v: string): void; setPosition(p: object): void; focus(): void };
        }
      ).__dynascopeEditor;
      editor.setValue(sql);
      editor.setPosition(
        cursorAt ? { lineNumber: cursorAt.line, column: cursorAt.column } : { lineNumber: 1, column: 1 },
      );
      editor.focus();
    },
    { sql, cursorAt: cursorAt ?? null },
  );
}

async function runId(page: Page): Promise<string | null> {
  const results = page.getByTestId('results');
  return (await results.count()) ? results.getAttribute('data-run-id') : null;
}

/**
 * Presses Ctrl+Enter (or `key`) and waits for the run to end. When the cost guard asks,
 * `guard: 'confirm'` runs anyway; `'expect-none'` fails the test.
 */
export async function runStatement(
  page: Page,
  guard: 'confirm' | 'expect-none' = 'confirm',
  key = 'Control+Enter',
): Promise<void> {
  const before = await runId(page);
  await page.keyboard.press(key);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (await page.getByTestId('cost-guard').isVisible()) {
      if (guard === 'expect-none')
        throw new Error('the cost guard asked for a statement that should not need it');
      await page.getByTestId('guard-confirm').click();
    }
    const id = await runId(page);
    const status = id ? await page.getByTestId('results').getAttribute('data-status') : null;
    if (id && id !== before && status !== 'running') return;
    if (Date.now() > deadline) throw new Error(`the statement did not finish (status ${status})`);
    await page.waitForTimeout(100);
  }
}

/** Clicks an export button, confirms the cost guard if it asks, and waits for the download. */
export async function exportDownload(
  page: Page,
  format: 'csv' | 'text' | 'dynamodb_json',
): Promise<Download> {
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByTestId(`export-${format}`).click();
  const confirm = page.getByTestId('guard-confirm');
  await expect(confirm.or(page.getByTestId('export-status'))).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  return download;
}

/** The results grid's cell of a shown row (0 = first) and result column (the row number is not one). */
export const gridCell = (page: Page, row: number, column: number) =>
  page
    .getByTestId('grid-row')
    .nth(row)
    .locator('.gc')
    .nth(column + 1);

/**
 * Opens the app once per theme (light, dark) and screen (1280x800, 1440x900) and calls `shoot`
 * with the shot's suffix (`dark-1280x800`): the screenshots every new screen needs.
 */
export async function eachScreen(page: Page, shoot: (suffix: string) => Promise<void>): Promise<void> {
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  for (const want of ['light', 'dark'] as const)
    for (const [width, height] of [
      [1280, 800],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      await openApp(page);
      if ((await theme()) !== want) await page.getByRole('button', { name: /theme/i }).first().click();
      await expect.poll(theme).toBe(want);
      await shoot(`${want}-${width}x${height}`);
    }
}
