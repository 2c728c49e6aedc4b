import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Backend } from './backends';
import { freshDataDir, startApiServer } from './api-server';
import { EVENTS_DDL, EVENT_SHAPES, event } from './events';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
/** A pause between two probes: a person's lookups, not a load test. */
const PAUSE_MS = 10;

interface Probes {
  readonly lookup: number[];
  readonly one: number[];
  readonly sdk: number[];
}
const probes = (): Probes => ({ lookup: [], one: [], sdk: [] });

/** Median, p99 and max of latencies, in ms. */
function spread(latencies: number[]): { median: number; p99: number; max: number; text: string } {
  const s = [...latencies].sort((a, b) => a - b);
  const r = { median: at(s, 0.5), p99: at(s, 0.99), max: s.at(-1)! };
  return {
    ...r,
    text: `median ${r.median.toFixed(1)} / p99 ${r.p99.toFixed(1)} / max ${r.max.toFixed(1)} ms`,
  };
}

const PROBE = fileURLToPath(new URL('./loop-gap-probe.mjs', import.meta.url));

/** A time window, epoch ms. */
type Window = [number, number];

/**
 * The server's longest event-loop gap ending within the windows (loop-gap-probe.mjs's lines), and the
 * longest CPU-bound one (each gap counted for no more than the CPU time the process used within it).
 */
function loopGaps(file: string, windows: readonly Window[]): { text: string } {
  let wall = 0;
  let cpu = 0;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // No gap over 2 ms at all.
  }
  for (const line of text.split('\n')) {
    const [end, gap, used] = line.split(' ').map(Number);
    if (!end || !windows.some(([from, to]) => end >= from && end <= to)) continue;
    wall = Math.max(wall, gap!);
    cpu = Math.max(cpu, Math.min(gap!, used!));
  }
  return { text: `max ${wall.toFixed(1)} ms (CPU-bound ${cpu.toFixed(1)} ms)` };
}

/**
 * Issue 13 part 3 / issue 18 "Concurrency": a point lookup in session B while session A aggregates
 * every item of the events table, through the HTTP API (compiled server, own process, demo off),
 * beside the same lookups with A idle, in one run. A's GROUP BY runs again whenever it ends until B
 * has made `runs` lookups. Target: B's worst lookup within 150 ms. Each probe also times B's
 * `select 1` (the engine's own wait: no DynamoDB) and the same GetItem sent by hand from this process
 * (the emulator's wait: an emulator serves A's Scan pages and B's GetItem on the same threads); and the
 * server's longest event-loop gap while A's statement runs, and while it is idle (loop-gap-probe.mjs:
 * the engine's share, a stretch of JavaScript no other session's request can interrupt). Rows for the
 * measures table.
 */
export async function benchSessionLatency(
  backend: Backend,
  client: DynamoDBClient,
  eventsTable: string,
  events: number,
  runs: number,
): Promise<string[]> {
  const dataDir = freshDataDir();
  const gapsFile = join(dataDir, 'loop-gaps.txt');
  const server = await startApiServer(dataDir, {
    DYNASCOPE_DEMO: '0',
    DYNASCOPE_BENCH_LOOP_GAPS: gapsFile,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROBE}`,
  });
  try {
    await server.sql(`
      create foreign data wrapper dynamodb_wrapper;
      create server bench foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'bench', aws_secret_access_key 'bench', endpoint_url '${backend.endpoint}');
      create schema bench;
      ${EVENTS_DDL(eventsTable)}`);
    const key = event(Math.floor(events / 2));
    const lookupSql = `select * from bench.events where device_id = ${key.device_id!.N} and ts = ${key.ts!.N}`;
    const getItem = new GetItemCommand({
      TableName: eventsTable,
      Key: { device_id: key.device_id!, ts: key.ts! },
    });
    const aggregate = EVENT_SHAPES[0]!.sql;
    const timed = async (run: () => Promise<unknown>) => {
      const t0 = process.hrtime.bigint();
      await run();
      return ms(t0);
    };
    /** One probe: B's lookup and `select 1` through the API, then the hand-written GetItem. */
    const probe = async (into: Probes) => {
      into.lookup.push(
        await timed(async () => {
          const r = (await server.sql(lookupSql, 'bench-b')) as { statements: { rows: unknown[] }[] };
          if (r.statements[0]!.rows.length !== 1)
            throw new Error(`the lookup found ${r.statements[0]!.rows.length} rows`);
        }),
      );
      into.one.push(await timed(() => server.sql('select 1', 'bench-b')));
      into.sdk.push(await timed(() => client.send(getItem)));
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    };
    // Warm both sessions (catalog, plan cache, statistics) before measuring.
    for (let i = 0; i < 20; i++) await probe(probes());
    await server.sql(aggregate, 'bench-a');

    const idle = probes();
    const idleFrom = Date.now();
    for (let i = 0; i < runs; i++) await probe(idle);
    const idleWindow: Window = [idleFrom, Date.now()];

    const busy = probes();
    const aggregates: number[] = [];
    const busyWindows: Window[] = [];
    let running: Promise<unknown> | null = null;
    const startA = () => {
      const t0 = process.hrtime.bigint();
      const from = Date.now();
      running = server.sql(aggregate, 'bench-a').then(() => {
        aggregates.push(ms(t0));
        busyWindows.push([from, Date.now()]);
        running = null;
      });
    };
    while (busy.lookup.length < runs) {
      if (!running) {
        startA();
        // Probes start once A's statement is under way in the server.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await probe(busy);
    }
    await running;
    const b = spread(busy.lookup);
    const a = spread(idle.lookup);
    const aSeconds = (aggregates.reduce((n, x) => n + x, 0) / aggregates.length / 1000).toFixed(1);
    const beside = `beside a ${events.toLocaleString('en-US')}-item aggregate in session A`;
    return [
      `| ${backend.name} | point lookup in session B ${beside} (API, ${runs} lookups ${PAUSE_MS} ms apart; A's GROUP BY ran ${aggregates.length}x, ${aSeconds} s each; target max ≤ 150 ms) | ${b.text} | with A idle: ${a.text} | ${(a.median / b.median).toFixed(2)}x (medians), max ${b.max <= 150 ? 'within' : 'over'} 150 ms |`,
      `| ${backend.name} | the server's event loop while A's GROUP BY runs: its longest gap between two turns of a 1 ms timer (the engine's share of B's wait; CPU-bound: no more than the CPU time the process used within it, the rest is the loaded machine's scheduler) | ${loopGaps(gapsFile, busyWindows).text} | with A idle: ${loopGaps(gapsFile, [idleWindow]).text} | |`,
      `| ${backend.name} | the same probes: \`select 1\` in session B ${beside} (the engine's own wait) and the lookup's GetItem sent by hand (the emulator's wait) | select 1: ${spread(busy.one).text} (A idle: ${spread(idle.one).text}) | GetItem: ${spread(busy.sdk).text} (A idle: ${spread(idle.sdk).text}) | |`,
    ];
  } finally {
    await server.stop();
  }
}
