import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRequestLog, type RequestLog } from '../../../packages/engine/test/support/request-log';
import { demoEndpointSql } from '../src/demo/demo-sql';
import { startDemoFixture, TEST_ORIGIN, TEST_TOKEN, type DemoFixture } from './support/demo-fixture';

/**
 * Review h4 item 5: the NDJSON progress frames of /api/sql/stream say a statement is being throttled.
 * dynalite never throttles: the demo server reaches it through the engine suite's request relay, whose
 * throttle fault answers ProvisionedThroughputExceededException without passing the request on.
 */
let fx: DemoFixture;
let relay: RequestLog;
beforeAll(async () => {
  fx = await startDemoFixture({ events: 10 });
  relay = await startRequestLog(fx.dynalite.endpoint);
  const moved = await fx.engine.execute(demoEndpointSql(relay.endpoint));
  if (moved.error) throw new Error(moved.error.message);
  // Planned once without faults (DescribeTable, any sample): the statement below sends its Scan only.
  await fx.engine.execute('select count(name) from users', { session: 'thr' });
});
afterAll(async () => {
  await relay?.close();
  await fx?.close();
});

interface Frame {
  readonly type: string;
  readonly relation?: string;
  readonly itemsScanned?: number;
  readonly throttledRetries?: number;
  readonly throttledWaitMs?: number;
  readonly statements?: { readonly throttledRetries?: number; readonly throttledWaitMs?: number }[];
  readonly error?: unknown;
}

async function streamed(sql: string): Promise<Frame[]> {
  const res = await fx.app.request('http://127.0.0.1:5480/api/sql/stream', {
    method: 'POST',
    headers: {
      origin: TEST_ORIGIN,
      authorization: `Bearer ${TEST_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ sql, session: 'thr' }),
  });
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Frame);
}

describe('throttled retries in the stream', () => {
  it('progress frames count them from the first throttle on, and the result says how many', async () => {
    // The first two Scan requests are throttled, then the faults end.
    let throttled = 0;
    relay.setFaults({ throttle: 1, operations: ['Scan'] });
    const from = relay.requests.length;
    const watch = setInterval(() => {
      throttled = relay.requests.slice(from).filter((r) => r.fault === 'throttle').length;
      if (throttled >= 2) relay.setFaults({});
    }, 1);
    try {
      const frames = await streamed('select count(name) from users');
      const progress = frames.filter((f) => f.type === 'progress');
      const result = frames.at(-1)!;
      expect(result.type).toBe('result');
      expect(result.error).toBeUndefined();
      const n = relay.requests.slice(from).filter((r) => r.fault === 'throttle').length;
      expect(n).toBeGreaterThanOrEqual(2);
      expect(progress[0]).toMatchObject({ relation: '', itemsScanned: 0, throttledRetries: 1 });
      expect(progress.at(-1)).toMatchObject({ relation: 'public.users', throttledRetries: n });
      expect(result.statements![0]).toMatchObject({ throttledRetries: n });
      expect(result.statements![0]!.throttledWaitMs).toBe(progress.at(-1)!.throttledWaitMs);
    } finally {
      clearInterval(watch);
      relay.setFaults({});
    }
  });

  it('none throttled: no counts in frames or result', async () => {
    const frames = await streamed('select count(name) from users');
    expect(frames.filter((f) => f.type === 'progress').length).toBeGreaterThan(0);
    expect(frames.every((f) => f.throttledRetries === undefined)).toBe(true);
    expect(frames.at(-1)!.statements![0]!.throttledRetries).toBeUndefined();
  });
});
