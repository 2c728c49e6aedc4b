import { request, type ClientRequest } from 'node:http';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app';
import type { RunningRequest, RunningRequests } from '../src/sql/running-requests';
import { startDemoFixture, TEST_TOKEN, type DemoFixture } from './support/demo-fixture';
import { freePort } from './support/server-process';

/**
 * POST /api/sql on the Node server (http/client-gone.ts): the statement's signal is the running
 * request's own, aborted when the client's connection closes before the answer — heard on the Node
 * response, without the web Request's AbortSignal, which @hono/node-server makes only when asked for
 * (a fresh AbortSignal and its listener: ~10–50 µs of a point lookup's CPU on Node 20, issue 18).
 */
describe('a statement on the Node server and its client', () => {
  let fx: DemoFixture;
  let port: number;
  let server: ReturnType<typeof serve>;

  beforeAll(async () => {
    fx = await startDemoFixture({ events: 0 });
    port = await freePort();
    const app = createApp({
      engine: fx.engine,
      token: TEST_TOKEN,
      running: fx.running,
      allowedHosts: [`127.0.0.1:${port}`],
    });
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await fx?.close();
  });

  /** Sends POST /api/sql; the request, and its answer's status and body once it comes. */
  function post(sql: string): { req: ClientRequest; answer: Promise<{ status: number; body: string }> } {
    const body = JSON.stringify({ sql, session: 'client-gone' });
    let req!: ClientRequest;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/sql',
          method: 'POST',
          headers: {
            authorization: `Bearer ${TEST_TOKEN}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    return { req, answer };
  }

  /** The running requests registered from now on, as `start` gives them. */
  function registered(): RunningRequest[] {
    const started: RunningRequest[] = [];
    const start = fx.running.start.bind(fx.running);
    vi.spyOn(fx.running as RunningRequests, 'start').mockImplementation((id, client) => {
      const request = start(id, client);
      started.push(request);
      return request;
    });
    return started;
  }

  it("listens to no AbortSignal but the running request's own", async () => {
    const started = registered();
    const listened = new Set<AbortSignal>();
    const add = vi.spyOn(AbortSignal.prototype, 'addEventListener');
    add.mockImplementation(function (
      this: AbortSignal,
      ...args: Parameters<AbortSignal['addEventListener']>
    ) {
      listened.add(this);
      return EventTarget.prototype.addEventListener.apply(this, args);
    });
    try {
      const { answer } = post('select 1 as one');
      const { status, body } = await answer;
      expect(status).toBe(200);
      expect(JSON.parse(body).statements[0].rows).toEqual([[1]]);
    } finally {
      add.mockRestore();
      vi.mocked(fx.running.start).mockRestore();
    }
    expect(started).toHaveLength(1);
    expect([...listened]).toEqual([started[0]!.signal]);
  });

  it('a client whose connection closes while its statement runs aborts it', async () => {
    const started = registered();
    const { req, answer } = post('select pg_sleep(1)');
    answer.catch(() => undefined);
    while (started.length === 0 || fx.running.size === 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const { signal } = started[0]!;
    const aborted = new Promise<unknown>((resolve) =>
      signal.aborted
        ? resolve(signal.reason)
        : signal.addEventListener('abort', () => resolve(signal.reason)),
    );
    req.destroy();
    expect(await aborted).toBe('Client connection prematurely closed.');
    vi.mocked(fx.running.start).mockRestore();
  });

  it('a statement answered in full is not aborted', async () => {
    const started = registered();
    const { answer } = post('select 2 as two');
    expect((await answer).status).toBe(200);
    vi.mocked(fx.running.start).mockRestore();
    expect(started[0]!.signal.aborted).toBe(false);
  });
});
