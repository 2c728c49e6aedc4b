import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoStatus } from '@dynascope/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type ServerProcess } from './support/server-process';

const dataDir = mkdtempSync(join(tmpdir(), 'dynascope-fill-'));
const TOKEN = 'demo-fill-test-token-5e1a';
const EVENTS = 150_000;
let current: ServerProcess | undefined;

afterAll(async () => {
  await current?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function demoStatus(base: string): Promise<DemoStatus> {
  const res = await fetch(new URL('/api/demo', base), { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as DemoStatus;
}

async function countEvents(base: string): Promise<number> {
  const res = await fetch(new URL('/api/sql', base), {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sql: 'select count(*) from events' }),
  });
  const body = (await res.json()) as { error?: unknown; statements: { rows: unknown[][] }[] };
  expect(body.error).toBeUndefined();
  expect(res.status).toBe(200);
  return Number(body.statements[0]!.rows[0]![0]);
}

describe('a first start with a big demo', () => {
  it('answers before the events table is filled, shows the fill, and does not fill again on a restart', async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DYNASCOPE_DATA_DIR: dataDir,
      DYNASCOPE_DEMO_EVENTS: String(EVENTS),
      DYNASCOPE_TOKEN: TOKEN,
      DYNASCOPE_PG_PORT: '0',
      DYNASCOPE_WEB_DIST: join(dataDir, 'no-web-build'),
    };
    const spawned = Date.now();
    current = await startServerProcess(env);
    const base = `http://127.0.0.1:${port}/`;
    expect(current.output()).toMatch(/first start only/);

    const health = await fetch(new URL('/api/health', base));
    expect(await health.json()).toEqual({ ok: true });
    const early = (await demoStatus(base)).fill!;
    expect(early).toMatchObject({ table: 'events', total: EVENTS, state: 'loading' });
    // A query on the table being filled sees what is there so far.
    const seen = await countEvents(base);
    const firstAnswerMs = Date.now() - spawned;
    const during = (await demoStatus(base)).fill!;
    expect(during.state).toBe('loading');
    expect(seen).toBeGreaterThanOrEqual(early.written);
    expect(seen).toBeLessThanOrEqual(during.written);
    expect(seen).toBeLessThan(EVENTS);
    console.log(
      `first start: ready in ${current.readyMs} ms, first answer (count(*) of ${seen} events) ${firstAnswerMs} ms after spawn`,
    );
    // The target is 15 s on an idle machine; a fresh PGlite (initdb in WebAssembly) takes most of it.

    // The fill goes on to the end; the progress route says so.
    let fill = during;
    while (fill.state === 'loading') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const next = (await demoStatus(base)).fill!;
      expect(next.written).toBeGreaterThanOrEqual(fill.written);
      fill = next;
    }
    expect(fill).toEqual({ table: 'events', written: EVENTS, total: EVENTS, state: 'done' });
    expect(await countEvents(base)).toBe(EVENTS);
    expect(await current.stop()).toBe(0);

    // The data directory is filled: a restart does not seed again and has nothing to show.
    current = await startServerProcess(env, 60_000);
    expect(current.output()).not.toMatch(/first start only/);
    expect(await demoStatus(base)).toEqual({ fill: null });
    expect(await countEvents(base)).toBe(EVENTS);
    expect(await current.stop()).toBe(0);
    current = undefined;
  }, 300_000);
});
