import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startDemoFixture, TEST_ORIGIN, TEST_TOKEN, type DemoFixture } from './support/demo-fixture';

// A Scan of 30k events with one segment, page after page: slow enough to cancel after its first pages.
let fx: DemoFixture;
beforeAll(async () => {
  fx = await startDemoFixture({ events: 30_000 });
});
afterAll(async () => {
  await fx?.close();
});

const slowScan = 'set dynascope.scan_segments = 1; select * from events where duration_ms < 0';

interface Frame {
  readonly type: string;
  readonly statementIndex?: number;
  readonly consumedRcu?: number;
  readonly error?: {
    readonly sqlstate: string;
    readonly statementIndex: number;
    readonly consumedRcu?: number;
  };
}

describe('a cancelled statement says what it consumed', () => {
  it('the stream: the result error carries the RCU of the pages read before the cancel', async () => {
    const res = await fx.app.request('http://127.0.0.1:5480/api/sql/stream', {
      method: 'POST',
      headers: {
        origin: TEST_ORIGIN,
        authorization: `Bearer ${TEST_TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ sql: slowScan, requestId: 'cost-stream', session: 'cost' }),
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const frames: Frame[] = [];
    let buffered = '';
    let cancelled = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      frames.push(...lines.filter(Boolean).map((l) => JSON.parse(l) as Frame));
      // Cancel once the Scan has read (and reported) its first page.
      if (!cancelled && frames.filter((f) => f.type === 'progress').length >= 1) {
        cancelled = true;
        const answer = await call(fx.app, 'POST', '/api/sql/cancel', { body: { requestId: 'cost-stream' } });
        expect(answer.body).toEqual({ cancelled: true });
      }
    }
    const progress = frames.filter((f) => f.type === 'progress' && f.statementIndex === 1);
    const result = frames.at(-1)!;
    expect(result).toMatchObject({ type: 'result', error: { sqlstate: '57014', statementIndex: 1 } });
    expect(progress.at(-1)!.consumedRcu).toBeGreaterThan(0);
    expect(result.error!.consumedRcu).toBe(progress.at(-1)!.consumedRcu);
  });

  it('POST /api/sql: the error of a statement cancelled before its first page says 0 RCU', async () => {
    const controller = new AbortController();
    controller.abort();
    const res = await call(fx.app, 'POST', '/api/sql', {
      body: { sql: 'select count(*) from events', session: 'cost' },
      signal: controller.signal,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ sqlstate: '57014', consumedRcu: 0 });
  });
});
