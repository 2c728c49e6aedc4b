import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ClientCache } from '../dynamo/client-cache';
import { SharedTableBudgets } from '../dynamo/governor/shared-budgets';
import { NO_LIMITS, optionLimits, registerLimits, tableKey } from '../dynamo/governor/table-limits';
import { Vault } from '../vault/vault';
import { PgHost } from './pg-host';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import {
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  plainKeyServer,
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
    // At the end of its input the other process closes its engine and ends.
    if (child && child.exitCode === null) {
      const exited = once(child, 'exit');
      child.stdin!.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      child.kill();
    }
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

  it(
    'a revocation while the host is asked for the budget refuses the request at once',
    { timeout: 30_000 },
    async () => {
      const url = await createTestDatabase();
      const host = await PgHost.connect(url);
      const budgets = new SharedTableBudgets(url);
      const cache = new ClientCache(new Vault(host, Buffer.alloc(32), 'database'), {
        revocable: true,
        shared: budgets,
      });
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const table = uniqueName('budget_revoke');
      const server = plainKeyServer(990_101, uniqueName('br'), 'dynalite');
      const source = { oid: 990_102, server, options: { table, max_rcu_per_second: '1000' } };
      const key = tableKey(server, table);
      try {
        await createTable(clientOf('dynalite'), table, { name: 'id', type: 'S' });
        registerLimits(key, source, optionLimits(server.options, source.options, undefined, table));
        const dynamo = await cache.clientFor(server);
        const get = () => dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'k' } } }));
        await get(); // its budget's row is made
        // Another connection holds the row: the next request's take waits for it.
        await admin.query('begin');
        await admin.query('select 1 from dynascope.table_budgets where key = $1 for update', [key]);
        const waiting = get();
        waiting.catch(() => undefined);
        await new Promise((r) => setTimeout(r, 300));
        cache.revokeAll();
        // ... and lets it go with the budget paid an hour ahead: the take answers a wait of an hour.
        await admin.query(
          'update dynascope.table_budgets set paid_until = paid_until + 3600e3 where key = $1',
          [key],
        );
        await admin.query('commit');
        const at = Date.now();
        // Before, the wait began with the revocation already past, and sat out the hour.
        await expect(waiting).rejects.toMatchObject({ sqlstate: '55000' });
        expect(Date.now() - at).toBeLessThan(5_000);
      } finally {
        registerLimits(key, source, NO_LIMITS);
        cache.close();
        await budgets.close();
        await admin.end();
        await host.close();
      }
    },
  );
});
