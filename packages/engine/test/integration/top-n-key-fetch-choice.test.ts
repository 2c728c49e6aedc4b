import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import type { StatementResult } from '../../src/types';
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

/**
 * A top-N reads keys then fetches only when that pays (plan/key-fetch-pays.ts). Over events whose
 * declared columns are all each item has, the "narrow" Scan would read the whole item anyway: the
 * engine sends one kind of Scan (whole items) and no key read. Over the same events with a wide
 * attribute the statement does not sort or check (a 1.5 KB jsonb column, an undeclared note in
 * `_attrs`), it still scans narrow and reads the kept items by key. Both: the rows Postgres gives
 * over an ordinary table of the same rows, on both emulators, requests read from a relay. A declined
 * key read is said in the plan (ScanPlan.keyFetchDeclined, EXPLAIN's `Reads keys then fetches: not
 * chosen — …`) where it was a candidate, and not where the plain read already leaves out all it would.
 */

type Item = Record<string, AttributeValue>;

const COUNT = 2400;
const KINDS = ['click', 'view', 'purchase', 'error', 'login', 'logout', 'scroll', 'share'];
const PAD = 'p'.repeat(1500);
const lit = (s: string) => "'" + s.replace(/'/g, "''") + "'";

/** Event n as bench/src/events.ts makes it (without its map), and the same values as SQL. */
function event(n: number): { item: Item; values: string[] } {
  const device = n % 97;
  const ts = 1_700_000_000_000 + n * 1000 + (n % 7);
  const kind = KINDS[(n * 7 + Math.floor(n / 13)) % KINDS.length]!;
  const duration = (n * 7919) % 5000;
  const value = `${(n * 31) % 10000}.${String((n % 98) + 1).padStart(2, '0')}`;
  return {
    item: {
      device_id: { N: String(device) },
      ts: { N: String(ts) },
      kind: { S: kind },
      duration_ms: { N: String(duration) },
      value: { N: value },
    },
    values: [String(device), String(ts), lit(kind), String(duration), value],
  };
}

const NARROW_COLUMNS =
  'device_id integer not null, ts bigint not null, kind text, duration_ms integer, value numeric, _attrs jsonb';
const WIDE_COLUMNS =
  'device_id integer not null, ts bigint not null, kind text, duration_ms integer, value numeric, payload jsonb, _attrs jsonb';

interface Q {
  readonly sql: string;
  /** Whether the kept items are read by key after a narrow Scan. */
  readonly byKey: boolean;
  /** Whether a key read was a candidate and declined: the plan says why (keyFetchDeclined). */
  readonly declined: boolean;
}

const QUERIES: Q[] = [
  // Every attribute of the item is a declared column the top-N checks: nothing to leave out.
  { sql: `select * from {s}.ev order by ts desc limit 3`, byKey: false, declined: true },
  { sql: `select * from {s}.ev order by value desc, ts limit 3`, byKey: false, declined: true },
  { sql: `select * from {s}.ev where duration_ms > 2500 order by ts limit 3`, byKey: false, declined: true },
  // The same events with 1.5 KB of payload and a note nothing sorts or checks.
  { sql: `select * from {s}.wide order by ts desc limit 3`, byKey: true, declined: false },
  {
    sql: `select device_id, ts, payload from {s}.wide order by value desc, ts limit 3`,
    byKey: true,
    declined: false,
  },
  {
    sql: `select * from {s}.wide where duration_ms > 2500 order by ts limit 3`,
    byKey: true,
    declined: false,
  },
  // The wide attributes not selected: the plain read already projects only what is needed, so a key
  // read was no candidate (nothing said of it).
  { sql: `select device_id, ts, kind from {s}.wide order by ts desc limit 3`, byKey: false, declined: false },
];

/** What the events' narrow Scan would read of an item: device_id, ts, kind, duration_ms, value as their types bound them. */
const DECLINED = /^narrow items ~179 B vs whole ~\d+ B, at least half$/;

async function run(engine: Engine, sql: string): Promise<{ rows: string[]; result: StatementResult }> {
  const r = await engine.execute(sql, { pageSize: 100_000 });
  if (r.error) throw new Error(`${sql}: ${r.error.sqlstate} ${r.error.message}`);
  const s = r.statements.at(-1)!;
  return { rows: s.rows.map((row) => toJson(row)), result: s };
}

describe.each(BACKENDS)('top-N: keys then fetch only when it pays, on %s', (backend) => {
  let engine: Engine;
  let log: RequestLog;
  const client = clientOf(backend);

  beforeAll(async () => {
    log = await startRequestLog(endpointOf(backend));
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'dynamodb_server', log.endpoint);
    const events = Array.from({ length: COUNT }, (_, n) => event(n));
    const narrow = uniqueName('topn_ev');
    const wide = uniqueName('topn_wide');
    for (const table of [narrow, wide])
      await createTable(client, table, { name: 'device_id', type: 'N' }, { name: 'ts', type: 'N' });
    await putItems(
      client,
      narrow,
      events.map((e) => e.item),
    );
    const payload = (n: number) => ({ source: n % 3 ? 'app' : 'web', pad: `${PAD}${n}` });
    await putItems(
      client,
      wide,
      events.map((e, n) => ({
        ...e.item,
        payload: { M: { source: { S: payload(n).source }, pad: { S: payload(n).pad } } },
        note: { S: `note ${n}` },
      })),
    );
    await ok(
      engine,
      `create schema dynamodb; create schema local;
       create foreign table dynamodb.ev (${NARROW_COLUMNS}) server dynamodb_server options (table '${narrow}', rowid_column 'device_id');
       create foreign table dynamodb.wide (${WIDE_COLUMNS}) server dynamodb_server options (table '${wide}', rowid_column 'device_id');
       create table local.ev (${NARROW_COLUMNS});
       insert into local.ev values ${events.map((e) => `(${e.values.join(', ')}, null)`).join(',\n')};
       create table local.wide (${WIDE_COLUMNS});
       insert into local.wide values ${events
         .map(
           (e, n) =>
             `(${e.values.join(', ')}, ${lit(JSON.stringify(payload(n)))}, ${lit(JSON.stringify({ note: `note ${n}` }))})`,
         )
         .join(',\n')};`,
    );
    // Plan once, so the statistics (a sample, where DescribeTable has no sizes yet) are cached.
    await engine.explain('select * from dynamodb.ev');
    await engine.explain('select * from dynamodb.wide');
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
    await log?.close();
  });

  it.each(QUERIES.map((q) => [q.sql, q] as const))('%s', async (_, q) => {
    const from = log.requests.length;
    const foreign = await run(engine, q.sql.replaceAll('{s}', 'dynamodb'));
    const sent = log.requests.slice(from);
    const local = await run(engine, q.sql.replaceAll('{s}', 'local'));
    expect(local.rows).toHaveLength(3);
    expect(foreign.rows).toEqual(local.rows);
    const scan = foreign.result.plan!.scans[0]!;
    const scans = sent.filter((r) => r.operation === 'Scan');
    const keyReads = sent.filter((r) => r.operation === 'BatchGetItem' || r.operation === 'GetItem');
    expect(scans.length).toBeGreaterThan(0);
    // One kind of Scan: the same projection on every page.
    const projections = new Set(scans.map((r) => r.body.ProjectionExpression ?? null));
    expect(projections.size).toBe(1);
    if (q.byKey) {
      expect(scan.keyFetch).toMatchObject({ operation: 'BatchGetItem', maxKeys: 3, readScanAgain: false });
      expect(keyReads.map((r) => r.operation)).toEqual(['BatchGetItem']);
      const keys = Object.values(keyReads[0]!.body.RequestItems as Record<string, { Keys: unknown[] }>)[0]!;
      expect(keys.Keys).toHaveLength(3);
      // The narrow Scan leaves the payload and the note out.
      expect(scan.projection).not.toContain('payload');
      expect([...projections][0]).toEqual(expect.any(String));
    } else {
      expect(scan.keyFetch).toBeUndefined();
      expect(keyReads).toEqual([]);
    }
    if (q.declined)
      expect(scan.keyFetchDeclined).toEqual({ maxKeys: 3, reason: expect.stringMatching(DECLINED) });
    else expect(scan.keyFetchDeclined).toBeUndefined();
  });

  it('EXPLAIN of a top-N that declines says it reads whole items, and why not by key in one line', async () => {
    const explained = await run(engine, `explain select * from dynamodb.ev order by ts desc limit 3`);
    const lines = explained.rows.map((r) => (JSON.parse(r) as string[])[0]!);
    expect(lines[0]).toBe(
      'Streaming Top-N in the engine  (order by ts desc; keeps 3 items; later requests ask for ts >= the worst kept)',
    );
    expect(lines).toContain('  Projection: all attributes');
    expect(lines.filter((l) => /Then|GetItem/.test(l))).toEqual([]);
    // The declined key read: one line, in the Scan's block, after its estimate, before Execution.
    const declined = lines.filter((l) => l.includes('Reads keys then fetches'));
    expect(declined).toHaveLength(1);
    expect(declined[0]).toMatch(
      /^ {2}Reads keys then fetches: not chosen — narrow items ~179 B vs whole ~\d+ B, at least half$/,
    );
    const at = lines.indexOf(declined[0]!);
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.startsWith('  Estimated RCU: ')));
    expect(lines.at(-1)).toMatch(/^Execution: streaming-evaluation /);
    const wide = await run(engine, `explain select * from dynamodb.wide order by ts desc limit 3`);
    const wideLines = wide.rows.map((r) => (JSON.parse(r) as string[])[0]!);
    expect(wideLines).toContain('  Projection: device_id, ts, kind, duration_ms, value');
    expect(wideLines.some((l) => l.startsWith('  Then BatchGetItem of up to 3 kept keys'))).toBe(true);
    // Chosen: nothing declined is said.
    expect(wideLines.filter((l) => /not chosen/.test(l))).toEqual([]);
  });

  it('EXPLAIN says nothing of a key read where none was a candidate: WITH TIES, or nothing to leave out', async () => {
    for (const sql of [
      'explain select * from dynamodb.ev order by ts desc fetch first 3 rows with ties',
      'explain select * from dynamodb.wide order by ts desc fetch first 3 rows with ties',
      'explain select device_id, ts, kind from dynamodb.wide order by ts desc limit 3',
    ]) {
      const r = await run(engine, sql);
      const lines = r.rows.map((row) => (JSON.parse(row) as string[])[0]!);
      expect(lines[0], sql).toMatch(/^Streaming Top-N in the engine /);
      expect(
        lines.filter((l) => /Reads keys then fetches|Then /.test(l)),
        sql,
      ).toEqual([]);
    }
  });
});
