import {
  CreateTableCommand,
  type AttributeValue,
  type DynamoDBClient,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { Engine, ScriptResult } from '@dynascope/engine';
import { TURN_IN_FLIGHT } from '../../packages/engine/src/util/fair-share';
import { waitForActive } from './dataset';
import { scanUnparsed, type UnparsedScan } from './unparsed-scan';

/**
 * Issue 18's shapes over an events table (the demo's: device_id, ts, kind, duration_ms, value), each as
 * a ratio of the plain `count(*)` scan (DynamoDB counts, nothing transferred) measured alternately in
 * the same loop, with the process's peak RSS growth while the shape runs and how much of it is the V8
 * heap (committed): V8 lets its old generation grow up to ~4x what was live at the last full GC before
 * collecting again, and the Scan pages in flight (~6 MiB of objects each) are most of what is live.
 * The same shapes forced through the host (a WHERE the engine cannot push) follow, for comparison.
 * Beside each ratio, the emulator's floor (EVENT_FLOOR=0 leaves it out): the engine's first Scan request
 * sent again, in requests of the size the engine's were and as many segments in flight (floorRead),
 * its items never parsed (unparsed-scan.ts: the SDK is handed each body with `Items` emptied, found
 * without walking the items), against the count(*)'s request sent the same way: what the emulator
 * itself takes to return those items, the least the engine's ratio could be. It must scan as many
 * items as the engine did, or the bench fails. (A top-N's or DISTINCT's floor sends its planned request,
 * without the condition the engine's later requests carry: the engine can come in under it.)
 * (It replaced the same reads through the SDK's deserialiser, which parses every item in this process
 * on the 2 cores the emulator also runs on: at 1M events that came out above the engine, group by kind
 * 1.77x vs 1.34x.)
 */

const KINDS = ['click', 'view', 'purchase', 'error', 'login', 'logout', 'scroll', 'share'];
const DEVICES = 1000;

/** Event n: ~120-byte items, 1,000 devices, 8 kinds, integer durations, two-decimal values. */
export function event(n: number): Record<string, AttributeValue> {
  return {
    device_id: { N: String(n % DEVICES) },
    ts: { N: String(1_700_000_000_000 + n * 1000 + (n % 7)) },
    kind: { S: KINDS[(n * 7 + Math.floor(n / 13)) % KINDS.length]! },
    duration_ms: { N: String((n * 7919) % 5000) },
    value: { N: `${(n * 31) % 10000}.${String(n % 100).padStart(2, '0')}` },
    payload: { M: { source: { S: n % 3 ? 'app' : 'web' }, version: { N: String(n % 5) } } },
  };
}

export async function createEventsTable(client: DynamoDBClient, table: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'device_id', KeyType: 'HASH' },
        { AttributeName: 'ts', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'device_id', AttributeType: 'N' },
        { AttributeName: 'ts', AttributeType: 'N' },
      ],
    }),
  );
  await waitForActive(client, table);
}

export const EVENTS_DDL = (table: string) =>
  `create foreign table bench.events (device_id integer not null, ts bigint not null, kind text, duration_ms integer, value numeric, payload jsonb, _attrs jsonb) server bench options (table '${table}', rowid_column 'device_id')`;

export const BASELINE = 'select count(*) from bench.events';

export const EVENT_SHAPES: readonly { readonly name: string; readonly sql: string }[] = [
  {
    name: 'group by kind: count, avg, sum',
    sql: 'select kind, count(*), avg(value), sum(duration_ms) from bench.events group by kind',
  },
  {
    name: 'group by device_id order by 2 desc limit 5',
    sql: 'select device_id, count(*) from bench.events group by device_id order by 2 desc limit 5',
  },
  {
    name: 'count(distinct) × 2',
    sql: 'select count(distinct kind), count(distinct device_id) from bench.events',
  },
  { name: 'select distinct kind', sql: 'select distinct kind from bench.events' },
  { name: 'top-N: order by ts desc limit 10', sql: 'select * from bench.events order by ts desc limit 10' },
];

/** The same statement with a WHERE the engine leaves to the host: every item goes through it. */
function forcedThroughHost(sql: string): string {
  return sql.replace(/from bench\.events( |$)/, 'from bench.events where device_id + 0 = device_id$1');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

function checked(r: ScriptResult): ScriptResult {
  if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
  return r;
}

/** Runs a statement to the end; the largest RSS and V8 heap (committed) seen meanwhile, sampled every 10 ms, beside its time. */
async function timed(
  engine: Engine,
  sql: string,
): Promise<{ ms: number; peakRss: number; peakHeap: number; plan: string; scan: ScanRequest | null }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapTotal);
  };
  sample();
  const sampler = setInterval(sample, 10);
  const t0 = process.hrtime.bigint();
  try {
    const r = checked(await engine.execute(sql, { pageSize: 100_000 }));
    const took = ms(t0);
    sample();
    const plan = r.statements[0]!.plan;
    const first = plan?.scans[0];
    return {
      scan:
        first?.request.operation === 'Scan'
          ? {
              input: first.request.input as ScanCommandInput,
              segments: first.segments ?? 1,
              scanned: first.scannedCount,
              pages: first.pages,
            }
          : null,
      ms: took,
      peakRss,
      peakHeap,
      // A top-N whose Scan projects only what it sorts and checks, then reads the kept items by key.
      plan:
        (plan?.engineEvaluation?.replace(/ in the engine.*/, '') ?? 'host') +
        (plan?.scans[0]?.keyFetch ? ' by key' : ''),
    };
  } finally {
    clearInterval(sampler);
  }
}

interface ScanRequest {
  readonly input: ScanCommandInput;
  readonly segments: number;
  /** The items the engine's Scan read (ScannedCount over its pages; a top-N that read its Scan again counts both). */
  readonly scanned: number | null;
  /** The requests it sent. */
  readonly pages: number;
}

/**
 * The engine's Scan again, its items never parsed (scanUnparsed), in requests the size of the engine's
 * and, as the engine's, asking for the consumed capacity:
 * on an emulator on this machine it asks for pages of ~256 KB, not 1 MB, and keeps at most
 * TURN_IN_FLIGHT segments in flight (util/fair-share.ts), so each request's Limit is the items it
 * scanned over the requests it sent, and as many segments are read at once, each to its end. Throws
 * unless it scanned as many items as the engine did.
 */
async function floorRead(
  client: DynamoDBClient,
  scan: ScanRequest,
): Promise<{ ms: number; pages: number; walked: number }> {
  if (scan.scanned === null)
    throw new Error(`the engine reported no items scanned: ${JSON.stringify(scan.input)}`);
  // As the engine sends every read (its consumed capacity is reported): dynalite then sizes each item
  // scanned once more, ~1.2 µs an item on this machine (its CPU time over 200k events: 2.0 s for the
  // engine's count(*), 1.75 s for the same Scan sent without it).
  const input = {
    ...scan.input,
    ReturnConsumedCapacity: 'TOTAL' as const,
    Limit: Math.max(1, Math.ceil(scan.scanned / Math.max(1, scan.pages))),
  };
  const reads: UnparsedScan[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  const reader = async () => {
    for (let segment = next++; segment < scan.segments; segment = next++)
      reads.push(
        await scanUnparsed(
          client,
          scan.segments > 1 ? { ...input, Segment: segment, TotalSegments: scan.segments } : input,
        ),
      );
  };
  await Promise.all(Array.from({ length: Math.min(scan.segments, TURN_IN_FLIGHT) }, reader));
  const took = ms(t0);
  const total = (field: 'scanned' | 'pages' | 'walked') => reads.reduce((n, r) => n + r[field], 0);
  if (total('scanned') !== scan.scanned)
    throw new Error(
      `the floor read scanned ${total('scanned')} items, the engine ${scan.scanned}: not the same reads (${JSON.stringify(scan.input)})`,
    );
  return { ms: took, pages: total('pages'), walked: total('walked') };
}

/** The floor column's header and what RESULTS.md says of it. */
export const FLOOR_COLUMN =
  "emulator floor: the same Scans, items unparsed, x count(*) | the engine's ms over its floor's";
export const FLOOR_NOTE =
  "The emulator floor: the engine's own Scan request sent again (asking for the consumed capacity, as the engine does), in as many requests of the same size as the engine sent (on an emulator here it asks for ~256 KB pages, at most 2 segments in flight), with each response's `Items` array cut out of the body before the AWS SDK deserialises it, so no item is parsed in the benchmark process, against the count(*)'s request sent the same way, in each run right after the engine's count(*) and statement — what the emulator itself takes to return those items, the least the engine's ratio could be (the bench fails if it scanned a different number of items than the engine). The engine over its floor (its statement's median over the floor's same Scans') is what its own evaluation adds to the reads: 1.00x is the emulator's time alone. The floor's reads run between the engine's, so the peak RSS growth counts what they leave in the process too. A top-N or a DISTINCT of one column is the exception: its planned request is sent, without the condition its later requests carry (the engine's `top-n-threshold.ts`, `distinct-seen.ts`), so it returns every item where the engine's return few, and the engine can come in under it.";

/**
 * Each shape `runs` times alternately with the count(*) baseline; medians. Then (`throughHost`) the same
 * shapes through the host (measured last: the host's memory, once grown, stays grown). Table rows of RESULTS.md.
 */
export async function benchEvents(
  engine: Engine,
  client: DynamoDBClient,
  backend: string,
  events: number,
  runs: number,
  log: (s: string) => void,
  throughHost = true,
): Promise<string[]> {
  const out: string[] = [];
  const floor = process.env.EVENT_FLOOR !== '0';
  await timed(engine, BASELINE);
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const measure = async (label: string, sql: string) => {
    const { rss: before, heapTotal: heapBefore } = process.memoryUsage();
    const first = await timed(engine, sql);
    let peak = first.peakRss;
    let peakHeap = first.peakHeap;
    const shape: number[] = [];
    const base: number[] = [];
    const floorShape: number[] = [];
    const floorBase: number[] = [];
    let plan = '';
    let walked = 0;
    let pages = '';
    // Each round: the engine's count(*) and statement, then (floor) the same Scans with their items
    // unparsed, side by side with them, so that the engine over its floor compares reads of one moment.
    for (let i = 0; i < runs; i++) {
      const b = await timed(engine, BASELINE);
      base.push(b.ms);
      const t = await timed(engine, sql);
      shape.push(t.ms);
      peak = Math.max(peak, t.peakRss);
      peakHeap = Math.max(peakHeap, t.peakHeap);
      plan = t.plan;
      if (floor && b.scan && first.scan) {
        const onBase = await floorRead(client, b.scan);
        const onShape = await floorRead(client, first.scan);
        floorBase.push(onBase.ms);
        floorShape.push(onShape.ms);
        walked += onBase.walked + onShape.walked;
        pages = `${onShape.pages} / ${onBase.pages} requests`;
      }
    }
    const ratio = median(shape) / median(base);
    const floorText = floorShape.length
      ? `${(median(floorShape) / median(floorBase)).toFixed(2)}x (${median(floorShape).toFixed(0)} / ${median(floorBase).toFixed(0)} ms, ${pages}, ${first.scan!.segments} segments${walked ? `; ${walked} pages' items walked to be cut out` : ''})`
      : 'n/a';
    const overFloor = floorShape.length ? `${(median(shape) / median(floorShape)).toFixed(2)}x` : 'n/a';
    out.push(
      `| ${backend} (${events / 1000}k events) | ${label} | ${plan} | ${median(shape).toFixed(0)} | ${median(base).toFixed(0)} | ${ratio.toFixed(2)}x | ${floorText} | ${overFloor} | ${mib(peak - before)} MiB (of ${mib(before)}; V8 heap +${mib(peakHeap - heapBefore)}) |`,
    );
    log(
      `  ${backend}: ${label}: ${plan}, ${median(shape).toFixed(0)} ms vs count(*) ${median(base).toFixed(0)} ms = ${ratio.toFixed(2)}x; emulator floor ${floorText}; the engine over it ${overFloor}`,
    );
  };
  // EVENT_SHAPE=<part of a name> measures only the shapes whose name holds it (an experiment on one shape).
  const only = process.env.EVENT_SHAPE;
  const shapes = EVENT_SHAPES.filter((s) => !only || s.name.includes(only));
  if (!shapes.length) throw new Error(`EVENT_SHAPE=${only}: no events shape has that in its name`);
  for (const s of shapes) await measure(s.name, s.sql);
  if (throughHost)
    for (const s of shapes) await measure(`${s.name} (through the host)`, forcedThroughHost(s.sql));
  return out;
}
