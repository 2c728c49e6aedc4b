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
    "a host that does not take the budget: the statement's notice, one warning, and another when it answers",
    { timeout: 60_000 },
    async () => {
      const url = await createTestDatabase();
      const warnings: string[] = [];
      const own = await Engine.open({
        databaseUrl: url,
        vaultKey: 'shared-key',
        onWarning: (l) => warnings.push(l),
      });
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const take = 'dynascope.take_table_budget(text, text, double precision)';
      try {
        const table = uniqueName('budget_down');
        const client = clientOf('dynalite');
        await createTable(client, table, { name: 'id', type: 'N' });
        await putItems(client, table, [{ id: { N: '1' } }, { id: { N: '2' } }]);
        await createDocServer(own, 'dynalite', 'down');
        await ok(
          own,
          `create foreign table public.down_t (id bigint) server down
             options (table '${table}', rowid_column 'id', max_rcu_per_second '1000')`,
        );
        const read = async () => {
          const r = await own.execute('select count(*) from public.down_t');
          expect(r.error).toBeUndefined();
          expect(r.statements[0]!.rows).toEqual([['2']]);
          return r.statements[0]!.notices.filter((n) => n.includes('held in this API process only'));
        };
        expect(await read()).toEqual([]);
        // The host cannot take it (its function is gone): the read is paced by this process's budget alone, and says so.
        await admin.query(`alter function ${take} rename to take_table_budget_off`);
        const held = await read();
        expect(held).toHaveLength(1);
        expect(held[0]).toMatch(
          new RegExp(
            `^the limit of 1000 RCU/s on DynamoDB table "${table}" held in this API process only: the host did not take its shared budget \\(.*SQLSTATE 42883\\)$`,
          ),
        );
        expect(await read()).toHaveLength(1);
        // The server's log hears of it once (at most once a minute), never the URL.
        const down = warnings.filter((w) => w.includes('did not take'));
        expect(down).toHaveLength(1);
        expect(down[0]).toContain("tables' throughput limits hold in each API process alone");
        expect(warnings.join('\n')).not.toContain(url);
        await admin.query(
          `alter function dynascope.take_table_budget_off(text, text, double precision) rename to take_table_budget`,
        );
        expect(await read()).toEqual([]);
        expect(warnings.filter((w) => w.includes("takes tables' budgets again"))).toHaveLength(1);
        // It took the budget again: the table's row was paid for this read.
        const row = await admin.query(
          'select count(*)::int as n from dynascope.table_budgets where key like $1',
          [`%|${table}`],
        );
        expect(row.rows[0].n).toBe(1);
      } finally {
        await admin.end();
        await own.close();
      }
    },
  );

  it(
    'a revocation during the take refuses the request before the host answers, and a take it then makes is given back',
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
      const table = uniqueName('budget_race');
      const server = plainKeyServer(990_111, uniqueName('bg'), 'dynalite');
      // 0.05 RCU/s: a GetItem's estimate takes ~10 s of the budget.
      const source = { oid: 990_112, server, options: { table, max_rcu_per_second: '0.05' } };
      const key = tableKey(server, table);
      const waiters = async () =>
        (
          await admin.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
              where wait_event_type = 'Lock' and query like '%take_table_budget%'`,
          )
        ).rows[0]!.n;
      const paidAhead = async () =>
        (
          await admin.query<{ ms: number }>(
            `select paid_until - extract(epoch from clock_timestamp()) * 1000 as ms
               from dynascope.table_budgets where key = $1 and kind = 'read'`,
            [key],
          )
        ).rows[0]!.ms;
      try {
        await createTable(clientOf('dynalite'), table, { name: 'id', type: 'S' });
        registerLimits(key, source, optionLimits(server.options, source.options, undefined, table));
        const dynamo = await cache.clientFor(server);
        // Another connection holds the budget's row: the request's take waits for it.
        await admin.query(`insert into dynascope.table_budgets values ($1, 'read', 0)`, [key]);
        const holder = new pg.Client({ connectionString: url });
        await holder.connect();
        await holder.query('begin');
        await holder.query('select 1 from dynascope.table_budgets where key = $1 for update', [key]);
        const waiting = dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'k' } } }));
        waiting.catch(() => undefined);
        for (let i = 0; i < 100 && (await waiters()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(await waiters()).toBe(1);
        cache.revokeAll();
        await expect(waiting).rejects.toMatchObject({ sqlstate: '55000' });
        // Refused while the host still held the take (before, it waited for the lock's timeout, 1.5 s).
        expect(await waiters()).toBe(1);
        await holder.query('commit');
        await holder.end();
        // The take then went through (~10 s of budget paid ahead) and was given back.
        let ahead = Infinity;
        for (let i = 0; i < 100 && (ahead = await paidAhead()) > 1_000; i++)
          await new Promise((r) => setTimeout(r, 20));
        expect(ahead).toBeLessThanOrEqual(1_000);
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
