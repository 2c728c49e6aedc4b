import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Backend } from './backends';
import { freshDataDir, startApiServer, startHttpFloor } from './api-server';
import { POINT_KEY, SHAPES } from './shapes';

/**
 * Rounds run first and not measured: the server's JIT settles only after ~1,000 statements (the
 * first hundreds take ~2x as long), and every round of the lookups' sequence holds five requests.
 */
const WARM_UP = { backToBack: 1000, betweenLookups: 300 };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await run();
  return ms(t0);
}

/**
 * Runs each step in turn `runs` times (after `warmUp` rounds) and gives each step's median. With
 * `rotate`, those steps trade places round by round (each takes each of their places in turn): of
 * requests to one emulator back to back, the first finds it idle and the next ones awake, which
 * would favour whichever step always came later.
 */
async function alternating<K extends string>(
  runs: number,
  warmUp: number,
  steps: Record<K, () => Promise<unknown>>,
  rotate: readonly NoInfer<K>[] = [],
) {
  const entries = Object.entries(steps) as [K, () => Promise<unknown>][];
  const slots = entries.flatMap(([name], i) => (rotate.includes(name) ? [i] : []));
  const round = (i: number) => {
    const order = [...entries];
    slots.forEach((slot, j) => (order[slot] = entries[slots[(j + i) % slots.length]!]!));
    return order;
  };
  for (let i = 0; i < warmUp; i++) for (const [, run] of round(i)) await run();
  const times = Object.fromEntries(entries.map(([name]) => [name, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < runs; i++) for (const [name, run] of round(i)) times[name].push(await timed(run));
  return Object.fromEntries(entries.map(([name]) => [name, median(times[name])])) as Record<K, number>;
}

const f = (x: number) => x.toFixed(2);

/**
 * Per-statement overhead through the HTTP API (issue 18): the compiled server in its own process
 * (demo off) with the bench's orders table, a node:http client on one kept-alive connection, and
 * beside it a bare node:http server (http-floor.mjs: what any server on this machine pays).
 * - Back to back: `select 1` alternating with GET /api/health (one HTTP round trip to a trivial
 *   endpoint) and the bare server's answer after one worker round trip: a client sending statements.
 * - Between lookups: `select 1`, health, the point lookup through POST /api/sql, the hand-written
 *   GetItem from this process, the same GetItem sent by the bare server (POST /getitem) and the bare
 *   server's worker round trip, in turn (the three lookups trading places round by round). Each
 *   request finds the server idle for a few milliseconds; on these VMs waking an idle thread costs
 *   ~0.5 ms (an IPI to a halted vCPU), which the bare server pays too.
 * - The lookup's reference is given two ways: the bare server's GetItem (the SDK call and one HTTP
 *   round trip measured as one), which is the target's reading, and beside it, for reference, the
 *   GetItem's time plus health's (two measures summed). On these VMs the first is 0.3-0.5 ms more
 *   than the sum (2026-12-06): as we read it, by how long each waiter sat idle — health answers a
 *   client that sent it a moment ago, while a lookup's answer reaches a client that has waited for
 *   DynamoDB (and DynamoDB's reaches a server that has), whose vCPU may have halted meanwhile; the
 *   bare server's lookup waits as the API's does. A sum of two parts measured apart is what no
 *   server sending that GetItem reaches here, the hand-written one included, so the target (within
 *   1.3x of "the hand-written SDK call plus one HTTP round trip") is read against the hand-written
 *   server that makes exactly that call in exactly that round trip (decided in session 44).
 * Rows for the measures table.
 */
export async function benchApiLatency(
  backend: Backend,
  client: DynamoDBClient,
  tables: { orders: string; customers: string },
  runs: number,
): Promise<string[]> {
  const [server, floor] = await Promise.all([
    startApiServer(freshDataDir(), { DYNASCOPE_DEMO: '0' }),
    startHttpFloor({ endpoint: backend.endpoint, table: tables.orders, key: POINT_KEY }),
  ]);
  try {
    await server.sql(`
      create foreign data wrapper dynamodb_wrapper;
      create server bench foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'bench', aws_secret_access_key 'bench', endpoint_url '${backend.endpoint}');
      create schema bench;
      create foreign table bench.orders (customer text not null, sk text, status text, amount numeric, note text) server bench options (table '${tables.orders}', rowid_column 'customer');`);
    const lookup = SHAPES.find((shape) => shape.name.startsWith('point lookup'))!;
    const one = () => server.sql('select 1');
    const steady = await alternating(runs, WARM_UP.backToBack, {
      one,
      health: server.health,
      floor: floor.worker,
    });
    const idle = await alternating(
      runs,
      WARM_UP.betweenLookups,
      {
        one,
        health: server.health,
        api: () => server.sql(lookup.sql),
        sdk: () => lookup.sdk(client, tables),
        bare: floor.getItem,
        floor: floor.worker,
      },
      ['api', 'sdk', 'bare'],
    );
    const reference = idle.sdk + idle.health;
    return [
      `| ${backend.name} | API \`select 1\` back to back (POST /api/sql, compiled server, node:http keep-alive client; target ≤ 1.5 ms), ${runs} runs | ${f(steady.one)} ms | GET /api/health ${f(steady.health)} ms; a bare node:http server with one worker round trip ${f(steady.floor)} ms | ${f(steady.health / steady.one)}x |`,
      `| ${backend.name} | API \`select 1\` between lookups (the server idle a few ms before each), ${runs} runs | ${f(idle.one)} ms | GET /api/health ${f(idle.health)} ms; the bare server ${f(idle.floor)} ms | ${f(idle.health / idle.one)}x |`,
      `| ${backend.name} | API point lookup (POST /api/sql) vs GetItem + GET /api/health measured apart and summed (for reference: no server reaches the sum here, see the next row), ${runs} runs | ${f(idle.api)} ms | ${f(idle.sdk)} + ${f(idle.health)} = ${f(reference)} ms | ${f(reference / idle.api)}x |`,
      `| ${backend.name} | API point lookup (POST /api/sql) vs the same GetItem sent by a bare node:http server (POST /getitem: the SDK call and one HTTP round trip measured as one; the target's reading: bare / API ≥ 0.77, i.e. within 1.3x), ${runs} runs | ${f(idle.api)} ms | ${f(idle.bare)} ms | ${f(idle.bare / idle.api)}x |`,
    ];
  } finally {
    await Promise.all([server.stop(), floor.stop()]);
  }
}
