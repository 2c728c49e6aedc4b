import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY } from '../src/demo/demo-sql';
import { freePort, startServerProcess, type ServerProcess } from './support/server-process';

const dataDir = mkdtempSync(join(tmpdir(), 'dynascope-server-'));
const TOKEN = 'server-test-token-71c2';
let current: ServerProcess | undefined;

afterAll(async () => {
  await current?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(new URL(path, base), {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  expect(text).not.toContain(DEMO_SECRET_ACCESS_KEY);
  expect(text).not.toContain(DEMO_ACCESS_KEY_ID);
  return { status: res.status, text, body: JSON.parse(text) };
}

describe('the real server', () => {
  it('starts on a fresh data directory with the demo, runs every example, and restarts quickly', async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DYNASCOPE_DATA_DIR: dataDir,
      DYNASCOPE_DEMO_EVENTS: '2000',
      DYNASCOPE_WEB_DIST: join(dataDir, 'no-web-build'),
    };
    current = await startServerProcess({ ...env, DYNASCOPE_TOKEN: TOKEN });
    const base = `http://127.0.0.1:${port}/`;
    expect(current.url).toBe(base); // a token from the environment is not printed
    expect(current.output()).toMatch(/first start only/);

    const health = await fetch(new URL('/api/health', base));
    expect(await health.json()).toEqual({ ok: true });
    const page = await fetch(base);
    expect(await page.text()).toMatch(/npm run build/);

    const { body } = await api(base, TOKEN, 'GET', '/api/examples');
    expect(body.examples.length).toBeGreaterThanOrEqual(8);
    for (const example of body.examples) {
      const run = await api(base, TOKEN, 'POST', '/api/sql', { sql: example.sql });
      expect(run.body.error, example.title).toBeUndefined();
      expect(run.status, example.title).toBe(200);
      expect(run.body.statements[0].rowCount, example.title).toBeGreaterThan(0);
    }

    // A second server on the same data directory refuses to start (PGlite and LevelDB are single-process).
    await expect(startServerProcess({ ...env, PORT: String(await freePort()) }, 30_000)).rejects.toThrow(
      /exited with 1[\s\S]*another Dynascope server \(pid \d+\) is using/,
    );

    expect(await current.stop()).toBe(0);
    const firstOutput = current.output();
    expect(firstOutput).toMatch(/shutting down/);
    for (const secret of [DEMO_SECRET_ACCESS_KEY, DEMO_ACCESS_KEY_ID, TOKEN])
      expect(firstOutput).not.toContain(secret);

    // Second start: same data, new dynalite port, a random token printed in the URL.
    current = await startServerProcess(env, 60_000);
    expect(current.readyMs).toBeLessThan(15_000);
    expect(current.output()).not.toMatch(/first start only/);
    const token = new URL(current.url).searchParams.get('token');
    expect(token).toMatch(/^[\w-]{20,}$/);
    const again = await api(base, token!, 'POST', '/api/sql', {
      sql: "select count(*) from events where kind = 'error'",
    });
    expect(again.status).toBe(200);
    const wrong = await fetch(new URL('/api/catalog', base), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(wrong.status).toBe(401);
    expect(await current.stop()).toBe(0);
    current = undefined;
  }, 240_000);

  it('with DYNASCOPE_DEMO=0 starts with an empty catalog and no embedded DynamoDB', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'dynascope-nodemo-'));
    const port = await freePort();
    const server = await startServerProcess({
      PORT: String(port),
      DYNASCOPE_DATA_DIR: emptyDir,
      DYNASCOPE_DEMO: '0',
      DYNASCOPE_TOKEN: TOKEN,
      DYNASCOPE_WEB_DIST: join(emptyDir, 'no-web-build'),
    });
    try {
      const base = `http://127.0.0.1:${port}/`;
      const catalog = await api(base, TOKEN, 'GET', '/api/catalog');
      expect(catalog.body.servers).toEqual([]);
      expect(catalog.body.tables.filter((table: { kind: string }) => table.kind === 'foreign')).toEqual([]);
      expect((await api(base, TOKEN, 'GET', '/api/examples')).body).toEqual({ examples: [] });
      expect(server.output()).not.toMatch(/dynalite/);
    } finally {
      await server.stop();
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});
