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
import { startRequestLog } from '../support/request-log';

const ITEMS = 1200;

/**
 * Reads of several DynamoDB pages (1 MB each) through a cursor: the first request asks for the first
 * result page only, so it comes back at once whatever the table's size; later pages are read as the
 * cursor asks for them — never more than one DynamoDB page ahead of what it asked for — and every
 * item arrives exactly once, sequential or parallel.
 */
describe.each(BACKENDS)('large reads on %s', (backend) => {
  let engine: Engine;
  let log: Awaited<ReturnType<typeof startRequestLog>>;
  const table = uniqueName('large');
  /** The Scan requests sent since the last call (after a pause: a request sent ahead would show). */
  let seen = 0;
  const scansSince = async () => {
    await new Promise((r) => setTimeout(r, 150));
    const out = log.requests.slice(seen).filter((r) => r.operation === 'Scan');
    seen = log.requests.length;
    return out.map((r) => ({
      limit: r.body.Limit ?? null,
      segment: r.body.Segment ?? null,
      from: r.body.ExclusiveStartKey ? 'key' : 'start',
    }));
  };

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'N' });
    // ~2 KB items: ~2.4 MB, three DynamoDB pages.
    await putItems(
      client,
      table,
      Array.from({ length: ITEMS }, (_, i) => ({
        id: { N: String(i) },
        body: { S: `${i}:`.padEnd(2000, 'x') },
      })),
    );
    log = await startRequestLog(endpointOf(backend));
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'dynamodb_server', log.endpoint);
    await ok(
      engine,
      `create schema l; create foreign table l.items (id bigint not null, body text) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
    // Plan once, so the statistics (a sample, where DescribeTable has no sizes yet) are cached.
    await engine.explain('select id from l.items');
    // The reader's own paging at full speed: the bounds an emulator here gets (util/fair-share.ts) are fair-share.test's.
    await ok(engine, 'set dynascope.fair_share = off');
  });
  afterAll(async () => {
    await engine?.close();
    await log?.close();
  });

  async function readAll(sql: string, pageSize: number) {
    const r = await engine.execute(sql, { pageSize });
    if (r.error) throw new Error(r.error.message);
    const first = r.statements[0]!;
    const scan = first.plan!.scans[0]!;
    const afterFirst = { scanned: scan.scannedCount, pages: scan.pages, rows: first.rows.length };
    const ids = first.rows.map((row) => Number(row[0]));
    let cursor = first.cursor;
    let second: { scanned: number | null; pages: number } | undefined;
    let rcu = first.consumedRcu;
    while (cursor) {
      const page = await engine.next(cursor, { pageSize });
      second ??= { scanned: scan.scannedCount, pages: scan.pages };
      ids.push(...page.rows.map((row) => Number(row[0])));
      rcu += page.consumedRcu;
      cursor = page.cursor;
    }
    return { scan, afterFirst, second, ids, rcu };
  }

  const everyId = Array.from({ length: ITEMS }, (_, i) => i);

  it('the first page of a full-table SELECT costs one small request; later ones one request each, when asked', async () => {
    await scansSince();
    const r = await engine.execute('select id, body from l.items', { pageSize: 25 });
    expect(await scansSince()).toEqual([{ limit: 25, segment: null, from: 'start' }]);
    const page2 = await engine.next(r.statements[0]!.cursor!, { pageSize: 25 });
    expect(page2.rows).toHaveLength(25);
    // One full page (~500 items of 2 KB) serves the next pages: nothing is read ahead of the cursor.
    expect(await scansSince()).toEqual([{ limit: null, segment: null, from: 'key' }]);
    await engine.next(r.statements[0]!.cursor!, { pageSize: 25 });
    expect(await scansSince()).toEqual([]);
    await engine.closeCursor(r.statements[0]!.cursor!);
  });

  it('pages through everything, every item once', async () => {
    const r = await readAll('select id, body from l.items', 25);
    expect(r.scan.operation).toBe('Scan');
    expect(r.afterFirst).toEqual({ scanned: 25, pages: 1, rows: 25 });
    // The next 25 rows come from one full DynamoDB page, read when they are asked for.
    expect(r.second!.pages).toBe(2);
    expect(r.second!.scanned).toBeGreaterThan(25 + 25);
    expect(r.second!.scanned).toBeLessThan(ITEMS);
    expect([...r.ids].sort((a, b) => a - b)).toEqual(everyId);
    expect(r.rcu).toBeGreaterThan(0);
  });

  it('a cursor that reads everything at once gets every item once, reading ahead', async () => {
    await scansSince();
    const r = await readAll('select id, body from l.items', 100_000);
    const scans = await scansSince();
    expect(scans[0]).toEqual({ limit: null, segment: null, from: 'start' });
    expect(scans.length).toBeGreaterThanOrEqual(3);
    expect(r.afterFirst.rows).toBe(ITEMS);
    expect([...r.ids].sort((a, b) => a - b)).toEqual(everyId);
    expect(r.scan.scannedCount).toBe(ITEMS);
  });

  it('a parallel Scan starts with one small request too, and gets every item once', async () => {
    await ok(engine, 'set dynascope.scan_segments = 4');
    try {
      await scansSince();
      const first = await engine.execute('select id, body from l.items', { pageSize: 25 });
      expect(await scansSince()).toEqual([{ limit: 25, segment: 0, from: 'start' }]);
      // The next page needs one more request, not one per segment.
      await engine.next(first.statements[0]!.cursor!, { pageSize: 25 });
      expect(await scansSince()).toEqual([{ limit: null, segment: 0, from: 'key' }]);
      await engine.next(first.statements[0]!.cursor!, { pageSize: 25 });
      expect(await scansSince()).toEqual([]);
      await engine.closeCursor(first.statements[0]!.cursor!);
      const r = await readAll('select id, body from l.items', 25);
      expect(r.scan.segments).toBe(4);
      expect(r.afterFirst).toEqual({ scanned: 25, pages: 1, rows: 25 });
      expect([...r.ids].sort((a, b) => a - b)).toEqual(everyId);
      const all = await readAll('select id from l.items', 100_000);
      expect([...all.ids].sort((a, b) => a - b)).toEqual(everyId);
      expect(all.scan.scannedCount).toBe(ITEMS);
      // Reading everything: all four segments were read.
      expect(new Set((await scansSince()).map((x) => x.segment))).toEqual(new Set([0, 1, 2, 3]));
    } finally {
      await ok(engine, 'reset dynascope.scan_segments');
    }
  });

  it('a locally filtered large read still returns exactly the matching rows', async () => {
    const r = await readAll("select id from l.items where body like '%1:x%' and id % 7 = 1", 10);
    const expected = everyId.filter((i) => `${i}:`.padEnd(2000, 'x').includes('1:x') && i % 7 === 1);
    expect([...r.ids].sort((a, b) => a - b)).toEqual(expected);
    expect(r.afterFirst.scanned).toBeLessThanOrEqual(ITEMS);
  });
});
