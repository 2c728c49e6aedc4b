import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import {
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  ok,
  putItems,
  uniqueName,
} from '../../test/support/harness';
import { createTestDatabase } from '../../test/support/pg-database';
import { startRequestLog, type RequestLog } from '../../test/support/request-log';
import { answersOf, expectPaced, measure } from '../../test/support/paced';

/** Another API process on the same database (test/support/engine-process.ts), and its answers line by line. */
async function otherProcess(
  url: string,
): Promise<{ child: ChildProcess; run(sql: string): Promise<unknown> }> {
  const script = fileURLToPath(new URL('../../test/support/engine-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, url], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`the other process ended (${child.exitCode})`);
    return line.value;
  };
  expect(await next()).toBe('ready');
  return {
    child,
    run: async (sql) => {
      child.stdin!.write(`${sql}\n`);
      return JSON.parse(await next());
    },
  };
}

/**
 * A foreign table's throughput limit (its `max_rcu_per_second` option) holds for every API process on
 * one PostgreSQL host together (dynamo/governor/shared-budgets.ts): before, each process paced its own
 * sessions by it, and two processes read the table at twice the limit.
 */
describe('the throughput governor across API processes on one PostgreSQL host', () => {
  let engine: Engine | undefined;
  let relay: RequestLog | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.stdin?.end();
    child?.kill();
    await engine?.close();
    await relay?.close();
  });

  it('two processes reading one limited table share its budget', { timeout: 90_000 }, async () => {
    const url = await createTestDatabase();
    relay = await startRequestLog(endpointOf('dynalite'), undefined, {}, { recordAnswers: true });
    engine = await Engine.open({ databaseUrl: url, vaultKey: 'shared-key' });
    const table = uniqueName('shared_budget');
    const client = clientOf('dynalite');
    await createTable(client, table, { name: 'id', type: 'N' });
    // 200 items of ~2 KB: 50 RCU a full read (eventually consistent: 0.5 RCU a 4 KB).
    await putItems(
      client,
      table,
      Array.from({ length: 200 }, (_, i) => ({ id: { N: String(i) }, body: { S: 'x'.repeat(2000) } })),
    );
    await createDocServer(engine, 'dynalite', 'gov', relay.endpoint);
    await ok(
      engine,
      `create foreign table public.limited (id bigint, body text) server gov
         options (table '${table}', rowid_column 'id', max_rcu_per_second '25')`,
    );
    const other = await otherProcess(url);
    child = other.child;
    const read = 'select count(body) from public.limited';

    const from = relay.requests.length;
    const startedAt = Date.now();
    const [here, there] = await Promise.all([engine.execute(read), other.run(read)]);
    const endedAt = Date.now();
    expect(here.error).toBeUndefined();
    expect(here.statements[0]!.rows).toEqual([['200']]);
    expect(there).toEqual({ rows: [['200']] });
    const m = measure(answersOf(relay, from, table, ['Scan']), startedAt, endedAt);
    expect(m.total).toBeGreaterThanOrEqual(100);
    // Both processes' reads together, not each one's.
    expectPaced(m, 25);
  });
});
