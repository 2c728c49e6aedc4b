import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Backend } from './backends';
import { freshDataDir, startApiServer } from './api-server';
import { SHAPES } from './shapes';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await run();
  return ms(t0);
}

/**
 * Per-statement overhead through the HTTP API (issue 18): the compiled server in its own process
 * (demo off) with the bench's orders table, and side by side, alternating run by run —
 * `select 1` and the point lookup through POST /api/sql, GET /api/health (one HTTP round trip to a
 * trivial endpoint) and the hand-written GetItem from this process. Rows for the measures table.
 */
export async function benchApiLatency(
  backend: Backend,
  client: DynamoDBClient,
  tables: { orders: string; customers: string },
  runs: number,
): Promise<string[]> {
  const server = await startApiServer(freshDataDir(), { DYNASCOPE_DEMO: '0' });
  try {
    await server.sql(`
      create foreign data wrapper dynamodb_wrapper;
      create server bench foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'bench', aws_secret_access_key 'bench', endpoint_url '${backend.endpoint}');
      create schema bench;
      create foreign table bench.orders (customer text not null, sk text, status text, amount numeric, note text) server bench options (table '${tables.orders}', rowid_column 'customer');`);
    const lookup = SHAPES.find((shape) => shape.name.startsWith('point lookup'))!;
    const one = () => server.sql('select 1');
    const api = () => server.sql(lookup.sql);
    const sdk = () => lookup.sdk(client, tables);
    for (let i = 0; i < 20; i++) for (const run of [one, server.health, api, sdk]) await run();
    const t = { one: [] as number[], health: [] as number[], api: [] as number[], sdk: [] as number[] };
    for (let i = 0; i < runs; i++) {
      t.one.push(await timed(one));
      t.health.push(await timed(server.health));
      t.api.push(await timed(api));
      t.sdk.push(await timed(sdk));
    }
    const [oneMs, healthMs, apiMs, sdkMs] = [median(t.one), median(t.health), median(t.api), median(t.sdk)];
    const reference = sdkMs + healthMs;
    return [
      `| ${backend.name} | API \`select 1\` (POST /api/sql, compiled server; target ≤ 1.5 ms), ${runs} runs | ${oneMs.toFixed(2)} ms | GET /api/health ${healthMs.toFixed(2)} ms (one HTTP round trip) | ${(healthMs / oneMs).toFixed(2)}x |`,
      `| ${backend.name} | API point lookup (POST /api/sql) vs GetItem + one HTTP round trip (target: SDK time / engine time ≥ 0.77, i.e. within 1.3x), ${runs} runs | ${apiMs.toFixed(2)} ms | ${sdkMs.toFixed(2)} + ${healthMs.toFixed(2)} = ${reference.toFixed(2)} ms | ${(reference / apiMs).toFixed(2)}x |`,
    ];
  } finally {
    await server.stop();
  }
}
