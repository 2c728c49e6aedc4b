import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { Engine, type ScriptResult } from '@dynascope/engine';
import { startDynalite, startLocal, type Backend } from './backends';
import { CUSTOMER_ROWS, createTables, customer, load, order } from './dataset';
import { SHAPES, pages } from './shapes';
import { benchEvents, createEventsTable, event, EVENTS_DDL, FLOOR_COLUMN, FLOOR_NOTE } from './events';
import { benchGovernor } from './governor';
import { benchApiLatency } from './api-latency';
import { buildApiServer } from './api-server';
import { benchFirstStart } from './first-start';
import { benchSessionLatency } from './session-latency';
import { keptNotes } from './kept-notes';

/**
 * `npm run bench` (then `bench:copy`, the export memory of copy-memory.ts, in its own process for --expose-gc): each shape through the engine and through hand-written optimal AWS SDK calls,
 * side by side in one run, on dynalite and DynamoDB Local (each in its own process).
 * ITEMS (default 100,000; LOCAL_ITEMS 20,000 on DynamoDB Local) and LARGE_ITEMS (default 1,000,000; 0 to skip) size the tables.
 * EVENTS (default 100,000; LOCAL_EVENTS 20,000 on DynamoDB Local; 0 to skip; a list such as 100000,1000000
 * measures each size, the largest in bench_events) sizes the events table of issue 18's shapes (events.ts), EVENT_RUNS (default 3; 0 skips them) their runs, LOCAL_EVENT_RUNS (default EVENT_RUNS) on DynamoDB Local; EVENTS_ONLY=1 runs those alone,
 * EVENT_HOST=0 leaves out the same shapes through the host; EVENT_SHAPE=<part of a name> (e.g. `group by kind`) measures only those shapes.
 * API=0 leaves out the HTTP API's measures (compiled server, node:http keep-alive client: `select 1` back
 * to back and between lookups beside a bare node:http server, point lookup vs SDK + an HTTP round trip,
 * API_RUNS runs, default 301, api-latency.ts, measured before the events table is filled; a first start with FIRST_START_EVENTS demo events, default
 * 200,000, and warm restarts); API_ONLY=1 runs those alone (printed, not kept). SESSION_RUNS (default 101; 0 to skip) point lookups in one API session
 * beside the events GROUP BY in another (giving way to them and not, alternating), beside a host-heavy
 * join, and as many with it idle, then the GROUP BY alone and a new session's first lookup beside it
 * (SESSION_ALONE_RUNS, SESSION_FIRST_RUNS; session-latency.ts; also with EVENTS_ONLY); LOCAL_SESSION_RUNS
 * (default SESSION_RUNS) on DynamoDB Local. dynalite's store is LevelDB on disk as the demo runs it
 * (DYNALITE_STORE=memory for in memory); DYNALITE_DIR keeps it and reuses the tables a run filled.
 */
const ITEMS = Number(process.env.ITEMS ?? 100_000);
/** DynamoDB Local scans ~2k items/s here: its table is smaller so a run ends in minutes. */
const LOCAL_ITEMS = Number(process.env.LOCAL_ITEMS ?? 20_000);
const LARGE = Number(process.env.LARGE_ITEMS ?? 1_000_000);

/** Runs per shape: RUNS for slow shapes (Scans), FAST_RUNS for those that take milliseconds. */
const RUNS = Number(process.env.RUNS ?? 5);
const FAST_RUNS = Number(process.env.FAST_RUNS ?? 51);
const BACKENDS = (process.env.BACKENDS ?? 'dynalite,dynamodb-local').split(',');
/** Sizes of the events table, e.g. `100000,1000000`: the shapes are measured at each (memory flat, not proportional). */
const eventSizes = (value: string | undefined, otherwise: number) =>
  (value ?? String(otherwise))
    .split(',')
    .map(Number)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
const EVENTS = eventSizes(process.env.EVENTS, 100_000);
const LOCAL_EVENTS = eventSizes(process.env.LOCAL_EVENTS, 20_000);
const EVENT_RUNS = Number(process.env.EVENT_RUNS ?? 3);
/** DynamoDB Local reads 1M events in about a minute per run: fewer runs there keep a run within hours. */
const LOCAL_EVENT_RUNS = Number(process.env.LOCAL_EVENT_RUNS ?? EVENT_RUNS);
const EVENTS_ONLY = process.env.EVENTS_ONLY === '1';
const API_ONLY = process.env.API_ONLY === '1';
const EVENT_HOST = process.env.EVENT_HOST !== '0';
const API = process.env.API !== '0';
const API_RUNS = Number(process.env.API_RUNS ?? 301);
const FIRST_START_EVENTS = Number(process.env.FIRST_START_EVENTS ?? 200_000);
const SESSION_RUNS = Number(process.env.SESSION_RUNS ?? 101);
/** DynamoDB Local reads 1M events in about a minute: its session line can be left out (0) at that size. */
const LOCAL_SESSION_RUNS = Number(process.env.LOCAL_SESSION_RUNS ?? SESSION_RUNS);

const RESULTS = new URL('../RESULTS.md', import.meta.url);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const log = (s: string) => process.stderr.write(s + '\n');

function consumed(r: ScriptResult): number {
  if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
  return r.statements.reduce((n, s) => n + s.consumedRcu, 0);
}

async function drain(
  engine: Engine,
  sql: string,
  pageSize: number,
): Promise<{ rcu: number; rows: number; first: number }> {
  const t0 = process.hrtime.bigint();
  const r = await engine.execute(sql, { pageSize });
  const first = ms(t0);
  let rcu = consumed(r);
  let rows = r.statements[0]!.rows.length;
  let cursor = r.statements[0]!.cursor;
  while (cursor) {
    const page = await engine.next(cursor, { pageSize });
    rows += page.rows.length;
    rcu += page.consumedRcu;
    cursor = page.cursor;
  }
  return { rcu, rows, first };
}

/** A table an earlier run created (a reused DYNALITE_DIR) is kept as it is. */
async function existing(creating: Promise<void>): Promise<void> {
  await creating.catch((error: Error) => {
    if (error.name !== 'ResourceInUseException') throw error;
  });
}

/** Loads `count` items into `table` unless an earlier run on the same store did. */
async function fill(
  backend: Backend,
  client: DynamoDBClient,
  table: string,
  count: number,
  make: (i: number) => Record<string, AttributeValue>,
  what: string,
): Promise<void> {
  if (backend.loaded(table, count)) {
    log(`  ${backend.name}: ${count} ${what} loaded by an earlier run`);
    return;
  }
  const t0 = process.hrtime.bigint();
  await load(client, table, count, make, (n) => log(`  ${backend.name}: ${n} ${what}`));
  backend.markLoaded(table, count);
  log(`  ${backend.name}: loaded ${count} ${what} in ${(ms(t0) / 1000).toFixed(1)} s`);
}

interface Row {
  backend: string;
  shape: string;
  plan: string;
  engineRcu: number;
  sdkRcu: number;
  engineMs: number;
  sdkMs: number;
  runs: number;
}

async function benchBackend(backend: Backend): Promise<{ rows: Row[]; extra: string[]; events: string[] }> {
  const items = backend.name === 'dynamodb-local' ? LOCAL_ITEMS : ITEMS;
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: backend.endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const tables = { orders: 'bench_orders', customers: 'bench_customers' };
  await existing(createTables(client, tables.orders, tables.customers));
  await fill(backend, client, tables.customers, CUSTOMER_ROWS, customer, 'customers');
  if (!EVENTS_ONLY) await fill(backend, client, tables.orders, items, order, 'items');
  // The API's per-statement measures need only these tables: they run before the events table is
  // filled and scanned, with the emulator as it is after a small load (measured after DynamoDB Local's
  // 1M-item reads, even a bare node:http server beside its JVM took 0.68 ms against 0.54 ms).
  const apiRows = API && !EVENTS_ONLY ? await benchApiLatency(backend, client, tables, API_RUNS) : [];
  log(apiRows.join('\n'));
  const eventTables = (backend.name === 'dynamodb-local' ? LOCAL_EVENTS : EVENTS).map((size, i, all) => ({
    size,
    // The largest in `bench_events` (the session line's, and the name a kept DYNALITE_DIR filled).
    table: i === all.length - 1 ? 'bench_events' : `bench_events_${size}`,
  }));
  for (const { size, table } of eventTables) {
    await existing(createEventsTable(client, table));
    await fill(backend, client, table, size, event, `events (${table})`);
  }
  const events = eventTables.at(-1)?.size ?? 0;

  const engine = await Engine.open({ dataDir: mkdtempSync(join(tmpdir(), 'dynascope-bench-')) });
  consumed(
    await engine.execute(`
      create foreign data wrapper dynamodb_wrapper;
      create server bench foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'bench', aws_secret_access_key 'bench', endpoint_url '${backend.endpoint}');
      create schema bench;
      create foreign table bench.orders (customer text not null, sk text, status text, amount numeric, note text) server bench options (table '${tables.orders}', rowid_column 'customer');
      create foreign table bench.customers (id text not null, name text, tier text) server bench options (table '${tables.customers}', rowid_column 'id');`),
  );

  let t0: bigint;
  const eventRows: string[] = [];
  const eventRuns = backend.name === 'dynamodb-local' ? LOCAL_EVENT_RUNS : EVENT_RUNS;
  if (eventRuns > 0)
    for (const { size, table } of eventTables) {
      consumed(await engine.execute(`drop foreign table if exists bench.events; ${EVENTS_DDL(table)}`));
      eventRows.push(...(await benchEvents(engine, client, backend.name, size, eventRuns, log, EVENT_HOST)));
    }
  const sessionRuns = backend.name === 'dynamodb-local' ? LOCAL_SESSION_RUNS : SESSION_RUNS;
  const sessionRows =
    API && events > 0 && sessionRuns > 0
      ? await benchSessionLatency(backend, client, 'bench_events', events, sessionRuns)
      : [];
  log(sessionRows.join('\n'));
  const rows: Row[] = [];
  if (EVENTS_ONLY) {
    await engine.close();
    client.destroy();
    return { rows, extra: sessionRows, events: eventRows };
  }
  for (const shape of SHAPES) {
    const warm = await engine.execute(shape.sql, { pageSize: 100_000 });
    consumed(warm);
    const plan = warm.statements[0]!.plan!.scans.map(
      (s) => `${s.operation}${s.index ? `(${s.index})` : ''}`,
    ).join(' + ');
    await shape.sdk(client, tables);
    const e: number[] = [];
    const s: number[] = [];
    let engineRcu = 0;
    let sdkRcu = 0;
    t0 = process.hrtime.bigint();
    await drain(engine, shape.sql, 100_000);
    const runs = ms(t0) < 100 ? FAST_RUNS : RUNS;
    for (let i = 0; i < runs; i++) {
      t0 = process.hrtime.bigint();
      engineRcu = (await drain(engine, shape.sql, 100_000)).rcu;
      e.push(ms(t0));
      t0 = process.hrtime.bigint();
      sdkRcu = (await shape.sdk(client, tables)).rcu;
      s.push(ms(t0));
    }
    rows.push({
      backend: `${backend.name} (${items / 1000}k)`,
      shape: shape.name,
      plan,
      engineRcu,
      sdkRcu,
      engineMs: median(e),
      sdkMs: median(s),
      runs,
    });
    log(
      `  ${backend.name}: ${shape.name}: ${plan}, RCU ${engineRcu} vs ${sdkRcu}, ${median(e).toFixed(1)} ms vs ${median(s).toFixed(1)} ms`,
    );
  }

  const extra: string[] = [...sessionRows];
  // Full scan: every item through the engine (a cursor paged 10,000 rows at a time) vs a sequential
  // SDK Scan loop; the median of 3 runs each, alternating.
  const engineScans: number[] = [];
  const sdkScans: number[] = [];
  let full = { rcu: 0, rows: 0, first: 0 };
  let sdk = { rcu: 0, items: 0 };
  for (let i = 0; i < 3; i++) {
    t0 = process.hrtime.bigint();
    full = await drain(engine, 'select * from bench.orders', 10_000);
    engineScans.push(ms(t0));
    t0 = process.hrtime.bigint();
    sdk = await pages(client, 'Scan', { TableName: tables.orders });
    sdkScans.push(ms(t0));
  }
  const engineScan = median(engineScans);
  const sdkScan = median(sdkScans);
  extra.push(
    `| ${backend.name} | full scan of ${items} items | ${Math.round(full.rows / (engineScan / 1000))} items/s (${full.rcu} RCU) | ${Math.round(sdk.items / (sdkScan / 1000))} items/s (${sdk.rcu} RCU) | ${(sdkScan / engineScan).toFixed(2)}x |`,
  );
  const sizes: { items: number; relation: string; table: string }[] = [
    { items, relation: 'bench.orders', table: tables.orders },
  ];
  if (LARGE > 0 && backend.name === 'dynalite') {
    await existing(createTables(client, 'bench_large', 'bench_large_customers'));
    await fill(backend, client, 'bench_large', LARGE, order, 'large items');
    consumed(
      await engine.execute(
        `create foreign table bench.large (customer text not null, sk text, status text, amount numeric, note text) server bench options (table 'bench_large')`,
      ),
    );
    sizes.push({ items: LARGE, relation: 'bench.large', table: 'bench_large' });
  }
  // Time to first page: the first query on the table (its statistics are gathered then), then the
  // median of RUNS later ones; a hand-written Scan with Limit 100 beside it.
  const firstPage = async (relation: string) => {
    const t = process.hrtime.bigint();
    const r = await engine.execute(`select * from ${relation}`, { pageSize: 100 });
    const took = ms(t);
    consumed(r);
    if (r.statements[0]!.cursor) await engine.closeCursor(r.statements[0]!.cursor);
    return took;
  };
  const cold = new Map<string, number>();
  for (const size of sizes)
    if (size.relation !== 'bench.orders') cold.set(size.relation, await firstPage(size.relation));
  const warm = new Map<string, { engine: number[]; sdk: number[] }>(
    sizes.map((x) => [x.relation, { engine: [], sdk: [] }]),
  );
  for (let i = 0; i < Math.max(RUNS, 9); i++) {
    for (const size of sizes) {
      warm.get(size.relation)!.engine.push(await firstPage(size.relation));
      t0 = process.hrtime.bigint();
      await pages(client, 'Scan', { TableName: size.table, Limit: 100 });
      warm.get(size.relation)!.sdk.push(ms(t0));
    }
  }
  for (const size of sizes) {
    const w = warm.get(size.relation)!;
    const coldNote = cold.has(size.relation)
      ? `; first query on the table ${cold.get(size.relation)!.toFixed(0)} ms (with statistics)`
      : '';
    extra.push(
      `| ${backend.name} | time to first page (100 rows), ${size.items} items | ${median(w.engine).toFixed(1)} ms${coldNote} | ${median(w.sdk).toFixed(1)} ms (Scan, Limit 100) | ${(median(w.sdk) / median(w.engine)).toFixed(2)}x |`,
    );
  }
  extra.push(await benchGovernor(engine, backend.name, 'bench.orders'));
  extra.push(...apiRows);
  log(extra.join('\n'));
  await engine.close();
  client.destroy();
  return { rows, extra, events: eventRows };
}

/** API_ONLY: the first start, warm restarts and per-statement measures of the compiled server, printed. */
async function apiOnly(): Promise<void> {
  buildApiServer();
  const lines = FIRST_START_EVENTS > 0 ? await benchFirstStart(FIRST_START_EVENTS, 5) : [];
  for (const name of BACKENDS) {
    const backend = name === 'dynalite' ? await startDynalite() : await startLocal();
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: backend.endpoint,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    try {
      const tables = { orders: 'bench_orders', customers: 'bench_customers' };
      await existing(createTables(client, tables.orders, tables.customers));
      await fill(backend, client, tables.customers, CUSTOMER_ROWS, customer, 'customers');
      const items = backend.name === 'dynamodb-local' ? LOCAL_ITEMS : ITEMS;
      await fill(backend, client, tables.orders, items, order, 'items');
      lines.push(...(await benchApiLatency(backend, client, tables, API_RUNS)));
    } finally {
      client.destroy();
      await backend.stop();
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
  if (API_ONLY) return apiOnly();
  const all: Row[] = [];
  const extra: string[] = [];
  const events: string[] = [];
  if (API) buildApiServer();
  if (API && !EVENTS_ONLY) {
    log('first start and warm restarts of the compiled server');
    extra.push(...(await benchFirstStart(FIRST_START_EVENTS, 5)));
  }
  for (const name of BACKENDS) {
    log(`starting ${name}`);
    // The session-latency line's breakdown reads dynalite's own loop gaps and GC pauses.
    const emulatorGaps =
      API && SESSION_RUNS > 0 ? join(mkdtempSync(join(tmpdir(), 'dynalite-')), 'gaps.txt') : undefined;
    const backend = name === 'dynalite' ? await startDynalite(emulatorGaps) : await startLocal();
    try {
      const r = await benchBackend(backend);
      all.push(...r.rows);
      extra.push(...r.extra);
      events.push(...r.events);
    } finally {
      await backend.stop();
    }
    const pending = BACKENDS.slice(BACKENDS.indexOf(name) + 1);
    // Written after each backend, so a run stopped midway keeps what it measured (a partial run,
    // EVENTS_ONLY, is printed, not kept).
    if (pending.length && !EVENTS_ONLY)
      writeFileSync(RESULTS, results(all, extra, events, pending).join('\n'));
  }
  const lines = results(all, extra, events, []);
  if (!EVENTS_ONLY) writeFileSync(RESULTS, lines.join('\n'));
  process.stdout.write(lines.join('\n'));
}

/** RESULTS.md's text from what was measured so far (`pending`: the backends not measured yet). */
function results(all: Row[], extra: string[], events: string[], pending: string[]): string[] {
  const peak = process.resourceUsage().maxRSS / 1024;
  const notes = keptNotes(existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : null);
  return [
    '# Benchmark results',
    '',
    ...(pending.length
      ? [`**Partial: the run stopped or is still running; not measured yet: ${pending.join(', ')}.**`, '']
      : []),
    `Run ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; medians, engine and SDK alternating in one process (${FAST_RUNS} runs of shapes that take milliseconds, ${RUNS} of the others).`,
    'Ratios are engine / hand-written SDK (1.00 = as good as the optimum; for wall time lower is better).',
    '',
    ...notes,
    '',
    '| backend | shape | engine plan | engine RCU | SDK RCU | RCU ratio | engine ms | SDK ms | time ratio | runs |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...all.map(
      (r) =>
        `| ${r.backend} | ${r.shape} | ${r.plan} | ${r.engineRcu} | ${r.sdkRcu} | ${r.sdkRcu ? (r.engineRcu / r.sdkRcu).toFixed(2) : r.engineRcu ? '∞' : 'n/a (0 reported)'} | ${r.engineMs.toFixed(2)} | ${r.sdkMs.toFixed(2)} | ${(r.engineMs / r.sdkMs).toFixed(2)} | ${r.runs} |`,
    ),
    '',
    '| backend | measure | engine | hand-written SDK | SDK time / engine time |',
    '|---|---|---|---|---|',
    ...extra,
    '',
    `Issue 18's shapes over the events table, each as a ratio of the plain \`count(*)\` scan (DynamoDB counts) run alternately with it (medians of ${EVENT_RUNS}); RSS growth is the benchmark process's peak during the shape's runs over its RSS before them. "(through the host)" adds a WHERE the engine cannot push, so every item goes through the host as before streaming evaluation. ${FLOOR_NOTE}`,
    '',
    `| backend | shape | evaluation | ms | count(*) ms | x count(*) | ${FLOOR_COLUMN} | peak RSS growth |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...events,
    '',
    `Peak RSS of the benchmark process (engine with PGlite + SDK): ${peak.toFixed(0)} MiB.`,
    '',
  ];
}

await main();
