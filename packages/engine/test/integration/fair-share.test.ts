import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';
import { startRequestLog, type LoggedRequest, type RequestLog } from '../support/request-log';

const ITEMS = 1200;

/**
 * A long read gives way to other sessions at work (issue 13 part 3; engine util/fair-share.ts): while
 * session B runs statements, session A's Scan asks for small pages (`Limit`) one request at a time,
 * so an emulator serves B's requests between them; with `dynascope.fair_share = off` the same Scan
 * reads whole pages, its segments at once. Read from the requests themselves (a relay logs each,
 * and when the emulator's answer ended): which were in flight together is order, not timing.
 */
describe.each(BACKENDS)('a long read gives way to other sessions, on %s', (backend) => {
  let engine: Engine;
  let log: RequestLog;
  let table: string;
  /** Per Scan of A's statement as it arrived: how many others of it were in flight then. */
  const overlaps = new Map<LoggedRequest['body'], number>();
  /**
   * While set, the relay holds each Scan of A that arrives with nothing else of A's in flight until
   * another arrives (1 s at most), and stops holding once two were seen together: segments sent at
   * once are then seen together however fast the emulator answers each (CI once saw DynamoDB Local
   * answer one before the next reached the relay), and segments sent one after another never are.
   * (parallelScan reads segment 0's first page alone by design, so the first hold runs out.)
   */
  let holdForPeer = false;
  let releaseHeld: (() => void) | null = null;
  /** A's statement's Scans: its 4 segments (the planner's sample of the table is a Scan too). */
  const isA = (r: LoggedRequest) =>
    r.operation === 'Scan' && r.body.TableName === table && r.body.TotalSegments === 4;

  const run = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session, pageSize: 10_000 });
    if (r.error) throw new Error(`${session}: ${r.error.sqlstate} ${r.error.message}`);
    return r.statements;
  };

  /** A's aggregate over every item, B looking items up until it answers; A's Scans and its rows. */
  const aggregateBeside = async () => {
    const from = log.requests.length;
    let done = false;
    const a = run('select count(body), sum(id) from public.items', 'a').finally(() => (done = true));
    for (let id = 0; !done; id = (id + 13) % ITEMS) {
      const [lookup] = await run(`select id from public.items where id = ${id}`, 'b');
      expect(lookup!.rows).toEqual([[String(id)]]);
    }
    const rows = (await a)[0]!.rows;
    const scans = log.requests.slice(from).filter(isA);
    return { rows, scans };
  };

  beforeAll(async () => {
    log = await startRequestLog(
      endpointOf(backend),
      async (request) => {
        if (!isA(request)) return;
        const running = log.requests.filter((r) => isA(r) && !r.answer && r.body !== request.body);
        overlaps.set(request.body, running.length);
        // A Scan that arrives while one is held is the proof that both were sent at once: let it go.
        releaseHeld?.();
        releaseHeld = null;
        if (running.length > 0) holdForPeer = false;
        else if (holdForPeer)
          await new Promise<void>((resolve) => {
            releaseHeld = resolve;
            setTimeout(resolve, 1000);
          });
      },
      {},
      { recordAnswers: true },
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'fair', log.endpoint);
    table = uniqueName('fair');
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: ITEMS }, (_, i) => ({ id: { N: String(i) }, body: { S: 'x'.repeat(1000) } })),
    );
    await run(
      `create foreign table public.items (id bigint, body text) server fair options (table '${table}', rowid_column 'id')`,
      'setup',
    );
    // A reads in 4 parallel segments: alone, it keeps several requests in flight.
    await run('set dynascope.scan_segments = 4', 'a');
  });

  afterAll(async () => {
    await engine?.close();
    await log?.close();
  });

  const expected = [[String(ITEMS), String((ITEMS * (ITEMS - 1)) / 2)]];

  it('while B is at work, A reads small pages, one request at a time', async () => {
    const { rows, scans } = await aggregateBeside();
    expect(rows).toEqual(expected);
    // About 28 KB of ~1 KB items a page (util/fair-share.ts FAIR_PAGE_RCU): many pages, none whole.
    expect(scans.length).toBeGreaterThan(20);
    for (const scan of scans) {
      expect(scan.body.Limit).toBeLessThanOrEqual(32);
      expect(overlaps.get(scan.body)).toBe(0);
    }
  });

  it('alone on an emulator here, A reads a table larger than a page in pages of a quarter of the size, two at a time at most', async () => {
    // An engine of its own, whose one session (the default one, createDocServer's too) is alone.
    const alone = await openTestEngine();
    try {
      await createDocServer(alone, backend, 'fair', log.endpoint);
      // Its first read (one segment) finds the table larger than one page: DynamoDB cuts it at 1 MB.
      const first = await alone.execute(
        `create foreign table public.items (id bigint, body text) server fair options (table '${table}', rowid_column 'id');
         set dynascope.scan_segments = 1;
         select count(body), sum(id) from public.items;
         set dynascope.scan_segments = 4`,
        { pageSize: 10_000 },
      );
      expect(first.error).toBeUndefined();
      expect(first.statements[2]!.rows).toEqual(expected);
      const from = log.requests.length;
      const r = await alone.execute('select count(body), sum(id) from public.items');
      expect(r.error).toBeUndefined();
      expect(r.statements[0]!.rows).toEqual(expected);
      const scans = log.requests.slice(from).filter(isA);
      // ~256 KB of ~1 KB items a page (util/fair-share.ts TURN_PAGE_RCU), not whole 1 MB ones.
      expect(scans.length).toBeGreaterThan(4);
      for (const scan of scans) {
        expect(scan.body.Limit).toBeGreaterThan(32);
        expect(scan.body.Limit).toBeLessThanOrEqual(300);
        expect(overlaps.get(scan.body)).toBeLessThanOrEqual(1);
      }
    } finally {
      await alone.close();
    }
  });

  it('with dynascope.fair_share = off, A reads whole pages, its segments at once', async () => {
    await run('set dynascope.fair_share = off', 'a');
    holdForPeer = true;
    const { rows, scans } = await aggregateBeside().finally(() => (holdForPeer = false));
    await run('reset dynascope.fair_share', 'a');
    expect(rows).toEqual(expected);
    for (const scan of scans) expect(scan.body.Limit).toBeUndefined();
    expect(Math.max(...scans.map((s) => overlaps.get(s.body) ?? 0))).toBeGreaterThan(0);
  });
});
