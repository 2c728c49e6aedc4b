import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Drives the production build served by the real API (embedded dynalite demo) in Debian's
 * Chromium. The server gets a fresh data directory and a known token on every run.
 */
const port = Number(process.env.E2E_PORT ?? 5487);
process.env.E2E_TOKEN ??= `e2e-${Date.now().toString(36)}`;
if (!process.env.E2E_DATA_DIR) {
  const dir = mkdtempSync(join(tmpdir(), 'dynascope-e2e-'));
  process.env.E2E_DATA_DIR = dir;
  // Only the runner (which started the server) removes it, once the server is gone.
  if (!process.env.TEST_WORKER_INDEX) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}

export default defineConfig({
  testDir: './tests',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    // `npm start` semantics: build the web app, then run the API on it.
    command: 'npm run build -w @dynascope/web && npm run start -w @dynascope/api',
    cwd: '..',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DYNASCOPE_TOKEN: process.env.E2E_TOKEN,
      DYNASCOPE_DATA_DIR: process.env.E2E_DATA_DIR,
      // Enough events that a full Scan takes a few seconds (for the cancel test).
      DYNASCOPE_DEMO_EVENTS: process.env.E2E_DEMO_EVENTS ?? '250000',
    },
  },
});
