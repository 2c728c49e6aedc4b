import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
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
import { startRequestLog, type RequestLog } from '../support/request-log';

const LOOKUPS = new Set(['GetItem', 'BatchGetItem']);

/**
 * Point lookups are sent through the client's cached middleware (dynamo/send-cached.ts), without the
 * SDK's per-call options: their abort signal travels in the async context instead. A cancelled
 * lookup must still stop at once — with its request in flight (the relay holds it: an answer that
 * does not come, which neither emulator can cause) and while it waits to retry after a throttle (the
 * relay's throttle says Retry-After: 30, so the wait is long for certain) — and the lookups after it
 * answer as before.
 */
describe.each(BACKENDS)('a cancelled point lookup stops at once on %s', (backend) => {
  let engine: Engine;
  let log: RequestLog;
  let holding = false;
  const held: (() => void)[] = [];
  const table = uniqueName('lookup_cancel');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    // Enough items that a read of two keys is cheaper by BatchGetItem than by a Scan.
    await putItems(client, table, [
      { id: { S: 'k1' }, v: { S: 'one' } },
      { id: { S: 'k2' }, v: { S: 'two' } },
      ...Array.from({ length: 60 }, (_, i) => ({ id: { S: `f${i}` }, v: { S: 'x'.repeat(500) } })),
    ]);
    log = await startRequestLog(endpointOf(backend), async (request) => {
      if (holding && LOOKUPS.has(request.operation)) await new Promise<void>((resolve) => held.push(resolve));
    });
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'dynamodb_server', log.endpoint);
    await ok(
      engine,
      `create foreign table lc (id text not null, v text) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
    await ok(engine, `select v from lc where id = 'k1'`);
  });
  afterAll(async () => {
    for (const release of held) release();
    await engine?.close();
    await log?.close();
  });

  /** Runs `sql`, cancels it once `sent` lookups of it reached the relay (and `after` ms more), and says how long the cancel took. */
  async function cancelled(sql: string, sent: number, after = 0) {
    const before = log.requests.length;
    const cancel = new AbortController();
    const running = engine.execute(sql, { signal: cancel.signal });
    while (log.requests.slice(before).filter((r) => LOOKUPS.has(r.operation)).length < sent)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, after));
    const at = performance.now();
    cancel.abort();
    const result = await running;
    return {
      error: result.error,
      ms: performance.now() - at,
      lookups: log.requests
        .slice(before)
        .filter((r) => LOOKUPS.has(r.operation))
        .map((r) => r.operation),
    };
  }

  it('a GetItem whose answer does not come: 57014 at once, and the next lookup answers', async () => {
    holding = true;
    const r = await cancelled(`select v from lc where id = 'k1'`, 1).finally(() => (holding = false));
    expect(r.error?.sqlstate).toBe('57014');
    expect(r.ms).toBeLessThan(1000);
    expect(r.lookups).toEqual(['GetItem']);
    expect((await ok(engine, `select v from lc where id = 'k2'`))[0]!.rows).toEqual([['two']]);
  });

  it('a BatchGetItem whose answer does not come: 57014 at once, and the next lookup answers', async () => {
    holding = true;
    const r = await cancelled(`select v from lc where id in ('k1', 'k2') order by v`, 1).finally(
      () => (holding = false),
    );
    expect(r.error?.sqlstate).toBe('57014');
    expect(r.ms).toBeLessThan(1000);
    expect(r.lookups).toEqual(['BatchGetItem']);
    expect((await ok(engine, `select v from lc where id in ('k1', 'k2') order by v`))[0]!.rows).toEqual([
      ['one'],
      ['two'],
    ]);
  });

  it('a throttled GetItem waiting 30 s to retry: 57014 at once, with no request after the cancel', async () => {
    log.setFaults({ throttle: 1, operations: ['GetItem'], retryAfterSeconds: 30 });
    const r = await cancelled(`select v from lc where id = 'k1'`, 1, 100).finally(() => log.setFaults({}));
    expect(r.error?.sqlstate).toBe('57014');
    expect(r.ms).toBeLessThan(1000);
    expect(r.lookups).toEqual(['GetItem']);
    expect((await ok(engine, `select v from lc where id = 'k1'`))[0]!.rows).toEqual([['one']]);
  });
});
