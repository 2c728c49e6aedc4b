import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Engine } from '@dynascope/engine';
import { createApp, type AppType } from '../../src/app';
import { DEMO_ACCESS_KEY_ID, DEMO_REGION, DEMO_SECRET_ACCESS_KEY } from '../../src/demo/demo-sql';
import { loadExamples } from '../../src/demo/load-examples';
import { seedDemoData } from '../../src/demo/seed-demo-data';
import { wireDemo } from '../../src/demo/wire-demo';
import { startDynalite, type DynaliteProcess } from '../../src/dynalite/start-dynalite';
import { RunningRequests } from '../../src/sql/running-requests';
import { createTestDatabase, testPostgresUrl } from '../../../../packages/engine/test/support/pg-database';

export const TEST_TOKEN = 'test-token-3f9a1c';
export const TEST_ORIGIN = 'http://127.0.0.1:5480';

export interface DemoFixture {
  readonly app: AppType;
  readonly engine: Engine;
  readonly running: RunningRequests;
  readonly dynalite: DynaliteProcess;
  close(): Promise<void>;
}

/**
 * A real engine on a fresh data directory — in the run on the PostgreSQL host (npm run test:pg), on a
 * fresh database of its cluster —, wired to a real in-memory dynalite holding the demo data (with
 * `events` items in the events table), behind the real app.
 */
export async function startDemoFixture(options: {
  events: number;
  maxBodyBytes?: number;
}): Promise<DemoFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dynascope-api-'));
  const dynalite = await startDynalite();
  const client = new DynamoDBClient({
    endpoint: dynalite.endpoint,
    region: DEMO_REGION,
    credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
  });
  await seedDemoData(client, { events: options.events });
  client.destroy();
  const engine = await Engine.open(
    testPostgresUrl()
      ? { dataDir, databaseUrl: await createTestDatabase(), vaultKey: 'api-test-vault-key' }
      : { dataDir },
  );
  await wireDemo(engine, dynalite.endpoint);
  const running = new RunningRequests();
  const app = createApp({
    engine,
    token: TEST_TOKEN,
    running,
    examples: loadExamples(),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  return {
    app,
    engine,
    running,
    dynalite,
    async close() {
      await engine.close();
      await dynalite.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every response body a test saw, to check afterwards that none holds a credential. */
export const seenBodies: string[] = [];

export interface Call {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  /** The body parsed as JSON (undefined when it is not JSON); tests assert its shape themselves. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON, checked by expect()
  readonly body: any;
}

/** Sends a request to the app as the SPA would (loopback Host, same Origin, the token). */
export async function call(
  app: AppType,
  method: string,
  path: string,
  options: {
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
    signal?: AbortSignal;
    token?: string | null;
  } = {},
): Promise<Call> {
  const headers: Record<string, string> = { origin: TEST_ORIGIN, ...options.headers };
  const token = options.token === undefined ? TEST_TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await app.request(`http://127.0.0.1:5480${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await res.text();
  seenBodies.push(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, text, headers: res.headers, body: parsed };
}
