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

/**
 * What the plan lists, each thing once and as what it is (issue 17, defect 9): a BatchGetItem's keys
 * as keys (it was shown as an OR'ed key condition), the alternatives without duplicates (a join's
 * re-plan listed the Scan twice, once at the join's price), and a join condition as the join's (it
 * was listed as pushed and as a residual filter of both reads).
 */
describe.each(BACKENDS)('plan lists on %s', (backend) => {
  let engine: Engine;
  const users = uniqueName('users');
  const orders = uniqueName('orders');
  const join = `select u.name, o.total
from pl.users u
join pl.orders o on o.customer_id = u.user_id
where u.user_id = 'u0003'`;

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, users, { name: 'user_id', type: 'S' });
    await createTable(client, orders, { name: 'customer_id', type: 'S' }, { name: 'order_date', type: 'S' });
    const id = (i: number) => `u${String(i).padStart(4, '0')}`;
    await putItems(
      client,
      users,
      // Items large enough that a Scan (50 of ~430 bytes: 3 RCU) costs more than three keys (1.5).
      Array.from({ length: 50 }, (_, i) => ({
        user_id: { S: id(i) },
        name: { S: `User ${i}` },
        bio: { S: 'b'.repeat(400) },
      })),
    );
    const o: Record<string, AttributeValue>[] = [];
    for (let c = 0; c < 50; c++)
      for (let n = 0; n < 4; n++)
        o.push({
          customer_id: { S: id(c) },
          order_date: { S: `2024-0${n + 1}-01` },
          total: { N: `${c}.${n}` },
        });
    await putItems(client, orders, o);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema pl;
       create foreign table pl.users (user_id text not null, name text) server dynamodb_server options (table '${users}', rowid_column 'user_id');
       create foreign table pl.orders (customer_id text not null, order_date text not null, total numeric) server dynamodb_server options (table '${orders}');`,
    );
  });
  afterAll(() => engine?.close());

  it("a BatchGetItem's keys are listed as keys, not as an OR'ed key condition", async () => {
    const sql = `select name from pl.users where user_id in ('u0001', 'u0002', 'u0011')`;
    const [r] = await ok(engine, sql);
    const scan = r!.plan!.scans[0]!;
    expect(scan.operation).toBe('BatchGetItem');
    expect(scan.keyConditionText).toBeNull();
    expect(scan.keyCount).toBe(3);
    expect(scan.keys).toEqual(["user_id = 'u0001'", "user_id = 'u0002'", "user_id = 'u0011'"]);
    // A Query per value of a key-only table reads what the BatchGetItem does: not an alternative. No
    // figures at hand (dynalite's DescribeTable reports no size, nothing sampled yet): nothing read to
    // price a Scan before a read by key.
    expect(scan.alternatives.map((a) => a.operation)).toEqual(
      scan.estimateBasis === 'unknown' ? [] : ['Scan'],
    );
    expect(r!.rows.map((row) => row[0]).sort()).toEqual(['User 1', 'User 11', 'User 2']);

    const [text] = await ok(engine, `explain ${sql}`);
    const lines = text!.rows.map((row) => String(row[0]));
    expect(lines).toContain("  Keys: 3 (user_id = 'u0001'; user_id = 'u0002'; user_id = 'u0011')");
    expect(lines.some((l) => l.startsWith('  Key Condition:'))).toBe(false);
  });

  it('a GetItem keeps its one key as its key condition', async () => {
    const [r] = await ok(engine, `select name from pl.users where user_id = 'u0001'`);
    const scan = r!.plan!.scans[0]!;
    expect(scan.operation).toBe('GetItem');
    expect(scan.keyConditionText).toBe("user_id = 'u0001'");
    expect(scan.keys).toBeUndefined();
    expect(scan.alternatives.map((a) => a.operation)).toEqual(
      scan.estimateBasis === 'unknown' ? [] : ['Scan'],
    );
  });

  it("a join's restricted read lists each alternative once, at its own price", async () => {
    const planned = (await engine.explain(join)).statements[0]!.plan!.scans.find(
      (s) => s.relation === 'pl.orders',
    )!;
    const scanAlone = planned.estimatedRcuRange!.max;
    const [r] = await ok(engine, join);
    const o = r!.plan!.scans.find((s) => s.relation === 'pl.orders')!;
    expect(o.operation).toBe('Query');
    const paths = o.alternatives.map((a) => `${a.operation} ${a.index}`);
    expect(new Set(paths).size).toBe(paths.length);
    expect(o.alternatives).toEqual([{ operation: 'Scan', index: null, estimatedRcu: scanAlone }]);
  });

  it("a join condition is the join's: not pushed, not a residual filter of either read", async () => {
    const [r] = await ok(engine, join);
    expect(r!.rows).toEqual([
      ['User 3', '3'],
      ['User 3', '3.1'],
      ['User 3', '3.2'],
      ['User 3', '3.3'],
    ]);
    const [u, o] = ['pl.users', 'pl.orders'].map((rel) => r!.plan!.scans.find((s) => s.relation === rel)!);
    for (const scan of [u!, o!]) expect(scan.joinConditions).toEqual(['o.customer_id = u.user_id']);
    expect(u!.pushed).toEqual(["u.user_id = 'u0003'"]);
    // What the join pushes to orders is the values read from users, not the join condition.
    expect(o!.pushed).toEqual(['customer_id IN (1 value read from pl.users)']);
    expect(o!.keyConditionText).toBe("customer_id = 'u0003'");

    const [text] = await ok(engine, `explain ${join}`);
    const lines = text!.rows.map((row) => String(row[0]));
    expect(
      lines.filter((l) => l === '  Join Condition: o.customer_id = u.user_id (evaluated by the join)'),
    ).toHaveLength(2);
    expect(lines.some((l) => l.startsWith('  Local Filter:'))).toBe(false);
  });
});
