import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { MAX_REQUEST_LIMIT } from '../../src/fetch/read-request';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';
import { startRequestLog, type RequestLog } from '../support/request-log';

const READS = new Set(['Query', 'Scan']);

/**
 * A LIMIT past 2³¹−1 (`limit 2147483647 offset 2`, a bigint LIMIT, the wire's text `'999999999999999'`)
 * asks DynamoDB for no bound: its `Limit` is a 32-bit integer that real DynamoDB refuses beyond that,
 * though both emulators take it, so the test reads the requests sent rather than waiting for an
 * error. The rows are still cut where the LIMIT says, and the plan shows the request as sent.
 */
describe.each(BACKENDS)('a LIMIT beyond 32 bits on %s', (backend) => {
  let engine: Engine;
  let log: RequestLog;
  const table = uniqueName('big_limit');

  async function reads(sql: string): Promise<{ rows: unknown[][]; limits: unknown[]; planned: unknown[] }> {
    // EXPLAIN first: a Scan's planning samples the table (a Scan with Limit 100) on dynalite.
    const explained = await engine.explain(sql);
    expect(explained.error).toBeUndefined();
    const planned = explained.statements[0]!.plan!.scans.map(
      (s) => (s.request.input as { Limit?: number }).Limit,
    );
    const before = log.requests.length;
    const result = await rows(engine, sql);
    const limits = log.requests
      .slice(before)
      .filter((q) => READS.has(q.operation))
      .map((q) => q.body.Limit);
    return { rows: result, limits, planned };
  }

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: 12 }, (_, i) => ({ pk: { S: `p${i % 2}` }, sk: { N: String(i) } })),
    );
    log = await startRequestLog(endpointOf(backend));
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'dynamodb_server', log.endpoint);
    await ok(
      engine,
      `create schema bl;
       create foreign table bl.t (pk text not null, sk int not null) server dynamodb_server options (table '${table}', rowid_column 'pk')`,
    );
  });
  afterAll(async () => {
    await engine?.close();
    await log?.close();
  });

  it.each([
    ['a Scan', `select sk from bl.t limit 2147483647 offset 2`, 10],
    [
      'a Query in key order',
      `select sk from bl.t where pk = 'p1' order by sk desc limit 2147483647 offset 2`,
      4,
    ],
    ['a bigint LIMIT', `select sk from bl.t limit 9007199254740991`, 12],
    ['a LIMIT as text', `select sk from bl.t where pk = 'p0' order by sk limit '999999999999999'`, 6],
  ])('%s sends no Limit above 2147483647', async (_, sql, count) => {
    const { rows: found, limits, planned } = await reads(sql);
    expect(found).toHaveLength(count);
    expect(limits.length).toBeGreaterThan(0);
    expect(limits.every((l) => l === undefined)).toBe(true);
    expect(planned).toEqual([undefined]);
  });

  it('a LIMIT of exactly 2147483647 is still sent', async () => {
    const {
      rows: found,
      limits,
      planned,
    } = await reads(`select sk from bl.t where pk = 'p1' order by sk limit 2147483646 offset 1`);
    expect(found).toEqual([[3], [5], [7], [9], [11]]);
    expect(limits).toEqual([MAX_REQUEST_LIMIT]);
    expect(planned).toEqual([MAX_REQUEST_LIMIT]);
  });

  it.each([
    ['an ordered Query', `select sk from bl.t where pk = 'p1' order by sk limit 0`],
    [
      'an ordered Query the host finishes',
      `select sk, sk + 1 from bl.t where pk = 'p1' order by sk desc limit 0`,
    ],
    ['a Scan', `select sk from bl.t limit 0`],
    ['a Scan the host finishes', `select sk, sk * 2 from bl.t limit 0 offset 1`],
    ['a Scan filtered locally', `select sk from bl.t where sk * 2 = 4 limit 0`],
    ['a Query offset', `select sk from bl.t where pk = 'p0' order by sk limit 0 offset 3`],
    // Postgres's Limit never pulls a row, whatever computes them: nothing is read for them either.
    ['a count', `select count(*) from bl.t limit 0`],
    ['an aggregate', `select pk, sum(sk) from bl.t group by pk limit 0`],
    ['a top-N', `select sk from bl.t order by sk desc limit 0`],
    ['a top-N with ties', `select sk from bl.t order by sk fetch first 0 rows with ties`],
    ['a DISTINCT', `select distinct pk from bl.t limit 0`],
    ['a join', `select a.sk, b.sk from bl.t a join bl.t b on a.pk = b.pk limit 0`],
  ])('LIMIT 0 over %s answers no rows and reads nothing', async (_, sql) => {
    const { rows: found, limits, planned } = await reads(sql);
    expect(found).toEqual([]);
    // DynamoDB refuses a Limit of 0 (ValidationException): no request is sent, none planned with it.
    expect(limits).toEqual([]);
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.every((l) => l === undefined)).toBe(true);
    for (const scan of (await engine.explain(sql)).statements[0]!.plan!.scans)
      expect(scan).toMatchObject({ limit: 0, estimatedRcu: 0 });
  });

  it.each([
    ['an ordered Query', `select sk, 1 / 0 from bl.t where pk = 'p1' order by sk limit 0`],
    ['a Scan', `select sk, 1 / 0 from bl.t limit 0`],
    ['an aggregate', `select pk, count(*), 1 / 0 from bl.t group by pk limit 0`],
  ])('LIMIT 0 over %s still raises the errors Postgres raises as it plans', async (_, sql) => {
    const r = await engine.execute(sql);
    expect(r.error).toMatchObject({ sqlstate: '22012', message: 'division by zero' });
  });
});
