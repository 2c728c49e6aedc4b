import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import type { Progress } from '../../src/types';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';
import { startRequestLog, type LoggedRequest, type RequestLog } from '../support/request-log';

/**
 * Review h4 item 5: a statement DynamoDB throttles says so while it retries and in its result. Neither
 * emulator throttles: the throttles are the request relay's fault (test/support/request-log.ts), a 400
 * ProvisionedThroughputExceededException the emulator never sees; every other request reaches it.
 */
describe.each(BACKENDS)('throttled reads in progress and result, on %s', (backend) => {
  let client: DynamoDBClient;
  let engine: Engine;
  let relay: RequestLog;
  // Called with each request as it reaches the relay (set by a test).
  let onRequest: ((r: LoggedRequest) => void) | null = null;
  let table: string;

  beforeAll(async () => {
    client = clientOf(backend);
    relay = await startRequestLog(endpointOf(backend), async (r) => onRequest?.(r));
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'throttled', relay.endpoint);
    table = uniqueName('thr_reads');
    await createTable(client, table, { name: 'id', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: 20 }, (_, i) => ({ id: { N: String(i) }, body: { S: `item ${i}` } })),
    );
    await ok(
      engine,
      `create foreign table public.thr_reads (id bigint not null, body text) server throttled options (table '${table}', rowid_column 'id')`,
    );
    // Planned once without faults: the statements below send their Scans only.
    await ok(engine, 'select count(body) from public.thr_reads');
  });

  afterAll(async () => {
    await engine.close();
    await relay.close();
  });

  const throttledSince = (from: number) => relay.requests.slice(from).filter((r) => r.fault === 'throttle');

  it('three throttled Scan requests, then the read: progress counts them before the first page, the result says 3', async () => {
    const from = relay.requests.length;
    // The first three Scan requests are throttled, the fourth reaches the emulator.
    onRequest = (r) => {
      if (r.fault === 'throttle' && throttledSince(from).length >= 3) relay.setFaults({});
    };
    relay.setFaults({ throttle: 1, operations: ['Scan'] });
    const progress: Progress[] = [];
    try {
      const r = await engine.execute('select count(body) from public.thr_reads', {
        onProgress: (p) => progress.push(p),
      });
      expect(r.error).toBeUndefined();
      expect(r.statements[0]!.rows).toEqual([['20']]);
      expect(throttledSince(from)).toHaveLength(3);
      const statement = r.statements[0]!;
      expect(statement.throttledRetries).toBe(3);
      expect(statement.throttledWaitMs).toBeGreaterThan(0);
      // Seen while it happened: the first report is the first throttle's, before any page was read.
      expect(progress[0]).toMatchObject({
        statementIndex: 0,
        relation: '',
        itemsScanned: 0,
        consumedRcu: 0,
        throttledRetries: 1,
      });
      // ... and the page's report carries the statement's count.
      const last = progress.at(-1)!;
      expect(last).toMatchObject({ relation: 'public.thr_reads', itemsScanned: 20, throttledRetries: 3 });
      expect(last.throttledWaitMs).toBe(statement.throttledWaitMs);
    } finally {
      onRequest = null;
      relay.setFaults({});
    }
  });

  it('every request throttled for the retry budget: reports keep coming, their count growing, until it fails', async () => {
    await ok(engine, 'set dynascope.retry_budget_seconds = 1.5');
    relay.setFaults({ throttle: 1, operations: ['Scan'] });
    const progress: { at: number; p: Progress }[] = [];
    try {
      const started = Date.now();
      const r = await engine.execute('select count(body) from public.thr_reads', {
        onProgress: (p) => progress.push({ at: Date.now() - started, p }),
      });
      expect(r.error?.message).toMatch(/^ProvisionedThroughputExceededException: .*throttled for 1\.\d s/);
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress[0]!.at).toBeLessThan(500);
      expect(progress.every(({ p }) => p.relation === '' && p.itemsScanned === 0)).toBe(true);
      const counts = progress.map(({ p }) => p.throttledRetries!);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(new Set(counts).size).toBe(counts.length);
      // At most one report every 250 ms (the backoffs are random: how many retries there were varies).
      const times = progress.map(({ at }) => at);
      for (const [k, at] of times.slice(1).entries()) expect(at - times[k]!).toBeGreaterThanOrEqual(240);
      expect(progress.at(-1)!.p.throttledRetries).toBeGreaterThanOrEqual(3);
      expect(progress.at(-1)!.p.throttledWaitMs).toBeGreaterThan(0);
    } finally {
      relay.setFaults({});
      await ok(engine, 'reset dynascope.retry_budget_seconds');
    }
  });

  it('no throttle, no counts', async () => {
    const progress: Progress[] = [];
    const r = await engine.execute('select count(body) from public.thr_reads', {
      onProgress: (p) => progress.push(p),
    });
    expect(r.statements[0]!.throttledRetries).toBeUndefined();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.throttledRetries === undefined)).toBe(true);
  });
});
