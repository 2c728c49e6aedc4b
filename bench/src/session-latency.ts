import type { Backend } from './backends';
import { freshDataDir, startApiServer } from './api-server';
import { EVENTS_DDL, EVENT_SHAPES, event } from './events';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
/** A pause between two lookups: a person's lookups, not a load test of the connection. */
const PAUSE_MS = 10;

/** Median, p99 and max of latencies, in ms. */
function spread(latencies: number[]): { median: number; p99: number; max: number; text: string } {
  const s = [...latencies].sort((a, b) => a - b);
  const r = { median: at(s, 0.5), p99: at(s, 0.99), max: s.at(-1)! };
  return {
    ...r,
    text: `median ${r.median.toFixed(1)} / p99 ${r.p99.toFixed(1)} / max ${r.max.toFixed(1)} ms`,
  };
}

/**
 * Issue 13 part 3 / issue 18 "Concurrency": a point lookup in session B while session A aggregates
 * every item of the events table, through the HTTP API (compiled server, own process, demo off),
 * beside the same lookups with A idle, in one run. A's GROUP BY runs again whenever it ends until B
 * has made `runs` lookups. Target: B's worst lookup within 150 ms. A row for the measures table.
 */
export async function benchSessionLatency(
  backend: Backend,
  eventsTable: string,
  events: number,
  runs: number,
): Promise<string[]> {
  const server = await startApiServer(freshDataDir(), { DYNASCOPE_DEMO: '0' });
  try {
    await server.sql(`
      create foreign data wrapper dynamodb_wrapper;
      create server bench foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'bench', aws_secret_access_key 'bench', endpoint_url '${backend.endpoint}');
      create schema bench;
      ${EVENTS_DDL(eventsTable)}`);
    const key = event(Math.floor(events / 2));
    const lookupSql = `select * from bench.events where device_id = ${key.device_id!.N} and ts = ${key.ts!.N}`;
    const aggregate = EVENT_SHAPES[0]!.sql;
    const lookup = async () => {
      const t0 = process.hrtime.bigint();
      const r = (await server.sql(lookupSql, 'bench-b')) as { statements: { rows: unknown[] }[] };
      const took = ms(t0);
      if (r.statements[0]!.rows.length !== 1)
        throw new Error(`the lookup found ${r.statements[0]!.rows.length} rows`);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      return took;
    };
    // Warm both sessions (catalog, plan cache, statistics) before measuring.
    for (let i = 0; i < 20; i++) await lookup();
    await server.sql(aggregate, 'bench-a');

    const idle: number[] = [];
    for (let i = 0; i < runs; i++) idle.push(await lookup());

    const busy: number[] = [];
    const aggregates: number[] = [];
    let running: Promise<unknown> | null = null;
    const startA = () => {
      const t0 = process.hrtime.bigint();
      running = server.sql(aggregate, 'bench-a').then(() => {
        aggregates.push(ms(t0));
        running = null;
      });
    };
    while (busy.length < runs) {
      if (!running) {
        startA();
        // Lookups start once A's statement is under way in the server.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      busy.push(await lookup());
    }
    await running;
    const b = spread(busy);
    const a = spread(idle);
    const aSeconds = (aggregates.reduce((n, x) => n + x, 0) / aggregates.length / 1000).toFixed(1);
    return [
      `| ${backend.name} | point lookup in session B beside a ${events.toLocaleString('en-US')}-item aggregate in session A (API, ${runs} lookups ${PAUSE_MS} ms apart; A's GROUP BY ran ${aggregates.length}x, ${aSeconds} s each; target max ≤ 150 ms) | ${b.text} | with A idle: ${a.text} | ${(a.median / b.median).toFixed(2)}x (medians), ${b.max <= 150 ? 'max within' : 'max over'} 150 ms |`,
    ];
  } finally {
    await server.stop();
  }
}
