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

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
/** The Scan that samples a table for the planner (fetch/sample-stats.ts): one page of 100 items. */
const isSample = (r: { operation: string; body: Record<string, unknown> }) =>
  r.operation === 'Scan' && r.body.Limit === 100 && r.body.Select === undefined;

/**
 * A read by key never waits for a statistics refresh (issues 13 part 3 / 18): once a table's
 * statistics have expired, `where id = ...` sends one GetItem and `where id in (...)` only
 * BatchGetItem — no sample Scan before them — and their EXPLAIN still prices them, saying the figures
 * are old. A Scan, or a Query by partition key, still samples again first. dynalite's DescribeTable
 * reports no size, so there the planner samples; DynamoDB Local's counts items as they are written,
 * so there fresh figures cost nothing to read and no sample is ever sent.
 */
describe.each(BACKENDS)('a read by key plans with the statistics at hand on %s', (backend) => {
  let engine: Engine;
  let log: RequestLog;
  const table = uniqueName('lookup');
  const untouched = uniqueName('lookup_new');
  const composite = uniqueName('lookup_pk_sk');
  const items = Array.from({ length: 60 }, (_, i) => ({ id: { S: `k${i}` }, v: { S: 'x'.repeat(500) } }));

  /** The reads a statement sent (DescribeTable aside: its cache has a clock of its own). */
  async function readsOf(sql: string): Promise<{ operation: string; body: Record<string, unknown> }[]> {
    const before = log.requests.length;
    await ok(engine, sql);
    return log.requests.slice(before).filter((r) => READS.has(r.operation));
  }
  const expire = () => engine['tables'].expireStatistics();

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await createTable(client, untouched, { name: 'id', type: 'S' });
    await createTable(client, composite, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(client, table, items);
    await putItems(client, untouched, items);
    await putItems(
      client,
      composite,
      items.map((item, i) => ({ pk: { S: `p${i % 3}` }, sk: { N: String(i) }, v: item.v })),
    );
    log = await startRequestLog(endpointOf(backend));
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'dynamodb_server', log.endpoint);
    await ok(
      engine,
      `create schema lk;
       create foreign table lk.t (id text not null, v text) server dynamodb_server options (table '${table}', rowid_column 'id');
       create foreign table lk.n (id text not null, v text) server dynamodb_server options (table '${untouched}', rowid_column 'id');
       create foreign table lk.c (pk text not null, sk int not null, v text) server dynamodb_server options (table '${composite}', rowid_column 'pk')`,
    );
    // A Scan of each table plans with fresh statistics: sampled where DescribeTable has no size.
    const first = await readsOf(`select count(*) from lk.t where v > 'a'`);
    expect(first.filter(isSample).length).toBe(backend === 'dynalite' ? 1 : 0);
    await readsOf(`select count(*) from lk.c where v > 'a'`);
  });
  afterAll(async () => {
    await engine?.close();
    await log?.close();
  });

  it('a lookup by the whole key sends one GetItem and nothing else once the statistics expired', async () => {
    expire();
    const reads = await readsOf(`select v from lk.t where id = 'k7'`);
    expect(reads.map((r) => r.operation)).toEqual(['GetItem']);
    expect(await ok(engine, `select length(v) from lk.t where id = 'k7'`).then((r) => r[0]!.rows)).toEqual([
      [500],
    ]);
  });

  it('a lookup of several keys sends only BatchGetItem once the statistics expired', async () => {
    expire();
    const reads = await readsOf(`select id from lk.t where id in ('k1', 'k2', 'k3')`);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.operation === 'BatchGetItem')).toBe(true);
  });

  it('EXPLAIN of the lookup still shows an estimate, from the expired figures, and says they are', async () => {
    expire();
    const before = log.requests.length;
    const [s] = (await engine.explain(`select v from lk.t where id = 'k7'`)).statements;
    expect(log.requests.slice(before).filter((r) => READS.has(r.operation))).toEqual([]);
    const scan = s!.plan!.scans[0]!;
    expect(scan.operation).toBe('GetItem');
    // One item of ~510 bytes, eventually consistent: one read unit, half an RCU.
    expect(scan.estimatedRcu).toBe(0.5);
    expect(scan.estimateBasis).toBe(backend === 'dynalite' ? 'sampled' : 'describe-table');
    expect(scan.estimateNote).toMatch(/; expired \d+ s ago, not refreshed for a read by key$/);
    expect(scan.samplingRcu).toBeUndefined();
    const [text] = await ok(engine, `explain select v from lk.t where id = 'k7'`);
    expect(text!.rows.map((r) => r[0]).join('\n')).toMatch(
      /Estimated RCU: 0\.5 \((sampled|describe-table): .*not refreshed for a read by key\)/,
    );
  });

  it('a Scan still refreshes expired statistics before it reads', async () => {
    expire();
    const reads = await readsOf(`select count(*) from lk.t where v > 'b'`);
    expect(reads.filter(isSample).length).toBe(backend === 'dynalite' ? 1 : 0);
    const [s] = (await engine.explain(`select * from lk.t where v > 'c'`)).statements;
    expect(s!.plan!.scans[0]!.estimateNote).not.toContain('not refreshed');
  });

  it('a Query by partition key still refreshes expired statistics (its estimate is a share of the table)', async () => {
    expire();
    const reads = await readsOf(`select sk from lk.c where pk = 'p1'`);
    expect(reads.filter(isSample).length).toBe(backend === 'dynalite' ? 1 : 0);
    expect(reads.filter((r) => !isSample(r)).map((r) => r.operation)).toEqual(['Query']);
  });

  it('with no statistics cached, a point lookup reads nothing first and is priced with an assumed item', async () => {
    const one = await readsOf(`select v from lk.n where id = 'k3'`);
    expect(one.map((r) => r.operation)).toEqual(['GetItem']);
    const [s] = (await engine.explain(`select v from lk.n where id = 'k3'`)).statements;
    const scan = s!.plan!.scans[0]!;
    expect(scan.estimatedRcu).toBe(0.5);
    if (backend === 'dynalite') {
      expect(scan.estimateBasis).toBe('unknown');
      expect(scan.estimateNote).toContain('an item of ~1024 bytes assumed');
    } else expect(scan.estimateBasis).toBe('describe-table');
    // Several keys may cost more than a small table's Scan (review-lookup-unsampled): with no figures
    // described, they are priced on a sample first.
    const several = await readsOf(`select v from lk.n where id in ('k4', 'k5')`);
    expect(several.filter(isSample).length).toBe(backend === 'dynalite' ? 1 : 0);
  });
});
