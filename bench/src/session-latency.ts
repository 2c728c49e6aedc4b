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

/**
 * Issue 13 part 3 / issue 18 "Concurrency": a point lookup in session B while session A aggregates
 * every item of the events table, through the HTTP API (compiled server, own process, demo off),
 * beside the same lookups with A idle, in one run. A's GROUP BY runs again whenever it ends until B
 * has made `runs` lookups. Target: B's worst lookup within 150 ms. Each probe also times B's
 * `select 1` (the engine's own wait: no DynamoDB) and the same GetItem sent by hand from this process
 * (the emulator's wait: an emulator serves A's Scan pages and B's GetItem on the same threads). Rows
 * for the measures table.
 */
export async function benchSessionLatency(
  backend: Backend,
  client: DynamoDBClient,
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
    for (let i = 0; i < runs; i++) await probe(idle);

    const busy = probes();
    const aggregates: number[] = [];
    let running: Promise<unknown> | null = null;
    const startA = () => {
      const t0 = process.hrtime.bigint();
      running = server.sql(aggregate, 'bench-a').then(() => {
        aggregates.push(ms(t0));
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
      `| ${backend.name} | the same probes: \`select 1\` in session B ${beside} (the engine's own wait) and the lookup's GetItem sent by hand (the emulator's wait) | select 1: ${spread(busy.one).text} (A idle: ${spread(idle.one).text}) | GetItem: ${spread(busy.sdk).text} (A idle: ${spread(idle.sdk).text}) | |`,
    ];
  } finally {
    await server.stop();
  }
}
