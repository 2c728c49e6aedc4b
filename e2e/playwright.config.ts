import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Drives the production build served by the real API (embedded dynalite demo) in Debian's
 * Chromium. The server gets a fresh data directory and a known token on every run.
 */
const port = Number(process.env.E2E_PORT ?? 5487);
/** The Postgres wire protocol's port (the Connect dialog's test runs psql against it). */
const pgPort = Number(process.env.E2E_PG_PORT ?? 5488);
process.env.E2E_PG_PORT = String(pgPort);
process.env.E2E_TOKEN ??= `e2e-${Date.now().toString(36)}`;
if (!process.env.E2E_DATA_DIR) {
  const dir = mkdtempSync(join(tmpdir(), 'dynascope-e2e-'));
  process.env.E2E_DATA_DIR = dir;
  // Only the runner (which started the server) removes it, once the server is gone.
  if (!process.env.TEST_WORKER_INDEX) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}

// The server editor's test: AWS config files with a role profile on top of static keys, and moto
// (preinstalled; no IAM enforced here) answering STS through the SDK's own AWS_ENDPOINT_URL_STS.
const motoPort = Number(process.env.E2E_MOTO_PORT ?? 5489);
const awsDir = process.env.E2E_AWS_DIR ?? writeAwsFiles();

function writeAwsFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dynascope-e2e-aws-'));
  process.env.E2E_AWS_DIR = dir;
  writeFileSync(
    join(dir, 'config'),
    '[profile e2e-reader]\nrole_arn = arn:aws:iam::123456789012:role/e2e-reader\nsource_profile = e2e-base\nregion = eu-west-1\n',
  );
  writeFileSync(
    join(dir, 'credentials'),
    '[e2e-base]\naws_access_key_id = AKIAE2EEXAMPLE000000\naws_secret_access_key = e2e-not-a-real-secret\n',
  );
  if (!process.env.TEST_WORKER_INDEX) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export default defineConfig({
  testDir: './tests',
  // The server listens before its demo `events` table is filled: wait for the fill (webServer runs first).
  globalSetup: './wait-for-demo.ts',
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
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      command: `moto_server -H 127.0.0.1 -p ${motoPort}`,
      url: `http://127.0.0.1:${motoPort}/moto-api/`,
      timeout: 60_000,
      reuseExistingServer: false,
      stderr: 'ignore', // its request log
    },
    {
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
        DYNASCOPE_PG_PORT: String(pgPort),
        DYNASCOPE_TOKEN: process.env.E2E_TOKEN,
        DYNASCOPE_DATA_DIR: process.env.E2E_DATA_DIR,
        // Enough events that a full Scan takes a few seconds (for the cancel test).
        DYNASCOPE_DEMO_EVENTS: process.env.E2E_DEMO_EVENTS ?? '250000',
        AWS_CONFIG_FILE: join(awsDir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'),
        AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${motoPort}`,
        AWS_PROFILE: '',
      },
    },
  ],
});
