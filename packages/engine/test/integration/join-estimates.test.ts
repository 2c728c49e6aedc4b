import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';
import { numberedUsers, userId } from '../support/numbered-users';

/**
 * The demo's "Join and aggregate" (apps/api/src/demo/examples.sql) over tables shaped as the demo's:
 * the user is one GetItem, and its key restricts orders (partition + sort key) to one Query while the
 * statement runs. EXPLAIN and the cost guard must price that Query — with the range the run can end
 * in — not the Scan of orders the plan would need without the join.
 */
describe.each(BACKENDS)('join estimates on %s', (backend) => {
  let engine: Engine;
  const users = uniqueName('users');
  const orders = uniqueName('orders');
  const sql = `select u.name, count(*) as orders, sum(o.total) as spent
from je.users u
join je.orders o on o.customer_id = u.user_id
where u.user_id = 'u0034'
group by u.name`;

  beforeAll(async () => {
    const client = clientOf(backend);
    await numberedUsers(client, users, 100);
    await createTable(client, orders, { name: 'customer_id', type: 'S' }, { name: 'order_date', type: 'S' });
    // 100 customers with 10 orders each: a partition is 1% of the table, as the planner assumes.
    const o: Record<string, AttributeValue>[] = [];
    for (let c = 0; c < 100; c++)
      for (let n = 0; n < 10; n++)
        o.push({
          customer_id: { S: userId(c) },
          order_date: { S: `2024-01-${String(n + 1).padStart(2, '0')}` },
          total: { N: `${c}.${n}5` },
          note: { S: 'x'.repeat(150) },
        });
    await putItems(client, orders, o);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema je;
       create foreign table je.users (user_id text not null, name text) server dynamodb_server options (table '${users}', rowid_column 'user_id');
       create foreign table je.orders (customer_id text not null, order_date text not null, total numeric, note text) server dynamodb_server options (table '${orders}');`,
    );
  });
  afterAll(() => engine?.close());

  it('EXPLAIN prices the joined orders at the Query the run makes, within a range the run stays in', async () => {
    const plan = (await engine.explain(sql)).statements[0]!.plan!;
    const [u, o] = ['je.users', 'je.orders'].map((r) => plan.scans.find((s) => s.relation === r)!);
    expect(u!.operation).toBe('GetItem');
    // Planned before anything is read: a Scan of orders unless the join's values restrict it.
    expect(o!.operation).toBe('Scan');
    const scanAlone = Number(/a Scan alone: ~([\d.]+) RCU/.exec(o!.estimateNote)![1]);
    // Each user names one partition of orders: the orders over the users are one user's (10 here).
    expect(o!.estimateNote).toMatch(
      /^at most 1 Query\(s\) of a partition \(~1\d item\(s\) each\) with the values read from je\.users \(o\.customer_id = u\.user_id: ~\d+ items over ~\d+ of je\.users\)/,
    );
    expect(o!.estimatedRcuRange).toEqual({ min: 0, max: scanAlone });
    expect(o!.estimatedRcu).toBeLessThan(scanAlone / 10);

    const [text] = await ok(engine, `explain ${sql}`);
    const lines = text!.rows.map((r) => String(r[0]));
    expect(lines).toContain(
      `  Estimated RCU: ${o!.estimatedRcu}, between 0 and ${scanAlone} as the run decides (${o!.estimateBasis}: ${o!.estimateNote})`,
    );

    const [r] = await ok(engine, sql);
    expect(r!.rows).toEqual([['User 34', '10', '345.00']]);
    const ran = r!.plan!.scans.find((s) => s.relation === 'je.orders')!;
    expect(ran.operation).toBe('Query');
    // Priced as planned: the values read were the one expected, nothing re-priced.
    expect(ran.estimatedRcu).toBe(o!.estimatedRcu);
    expect(ran.consumedRcu!).toBeGreaterThanOrEqual(o!.estimatedRcuRange!.min);
    expect(ran.consumedRcu!).toBeLessThanOrEqual(o!.estimatedRcuRange!.max);
    // The point estimate is the run's figure: one partition of ten small items, 0.5 RCU.
    expect(ran.consumedRcu).toBe(o!.estimatedRcu);
    const consumed = r!.plan!.scans.reduce((n, s) => n + (s.consumedRcu ?? 0), 0);
    const estimated = plan.scans.reduce((n, s) => n + (s.estimatedRcu ?? 0), 0);
    expect(consumed).toBe(estimated);
  });

  it('the cost guard lets the join run under a limit below the Scan it will not make', async () => {
    // A Scan of orders (1000 items of ~200 bytes) would cost ~25 RCU; the GetItem and the Query cost 1.
    await ok(engine, 'set dynascope.max_statement_rcu = 2');
    try {
      const [r] = await ok(engine, sql);
      expect(r!.rows).toEqual([['User 34', '10', '345.00']]);
      expect(r!.plan!.scans.reduce((n, s) => n + (s.consumedRcu ?? 0), 0)).toBe(1);
    } finally {
      await ok(engine, 'reset dynascope.max_statement_rcu');
    }
  });

  it('a user with no orders reads nothing of orders: the low end of the range', async () => {
    const [r] = await ok(engine, sql.replace('u0034', 'u9999'));
    expect(r!.rows).toEqual([]);
    const ran = r!.plan!.scans.find((s) => s.relation === 'je.orders')!;
    expect(ran.consumedRcu ?? 0).toBe(0);
    expect(ran.estimateNote).toMatch(/^skipped: /);
  });
});
