import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  fails,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * Spec §6: every access path, chosen by cost, and always the same rows as a plain Scan with the
 * whole WHERE evaluated locally (`where (...) is true` pushes nothing).
 */
describe.each(BACKENDS)('planner on %s', (backend) => {
  let engine: Engine;
  const orders = uniqueName('orders');
  const users = uniqueName('users');
  const customers = uniqueName('customers');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, orders, { name: 'pk', type: 'S' }, { name: 'sk', type: 'S' }, [
      { name: 'by_status', pk: { name: 'status', type: 'S' }, sk: { name: 'sk', type: 'S' } },
      { name: 'by_region_rank', pk: { name: 'region', type: 'S' }, sk: { name: 'rank', type: 'N' } },
      { name: 'by_owner_keys', pk: { name: 'owner', type: 'S' }, projection: 'KEYS_ONLY' },
    ]);
    const items: Record<string, AttributeValue>[] = [];
    for (let p = 0; p < 30; p++) {
      for (let i = 0; i < 20; i++) {
        items.push({
          pk: { S: `p${p}` },
          sk: { S: `item#${String(i).padStart(3, '0')}` },
          status: { S: ['open', 'closed', 'held'][(p + i) % 3]! },
          region: { S: p % 2 ? 'eu' : 'us' },
          ...(i % 4 === 0 && { rank: { N: String(i) } }),
          owner: { S: `o${i % 5}` },
          amount: { N: String(p * 100 + i) },
          pad: { S: 'x'.repeat(200) },
        });
      }
    }
    await putItems(client, orders, items);
    await createTable(client, customers, { name: 'id', type: 'S' });
    await putItems(
      client,
      customers,
      Array.from({ length: 200 }, (_, i) => ({
        id: { S: `o${i}` },
        name: { S: `Customer ${i}` },
        notes: { S: 'n'.repeat(2000) },
      })),
    );
    await createTable(client, users, { name: 'id', type: 'S' });
    await putItems(
      client,
      users,
      Array.from({ length: 100 }, (_, i) => ({
        id: { S: `u${i}` },
        age: { N: String(20 + i) },
        bio: { S: 'b'.repeat(3000) },
      })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema d;
       create foreign table d.orders (pk text not null, sk text, status text, region text, rank integer, owner text, amount numeric, pad text)
         server dynamodb_server options (table '${orders}', rowid_column 'pk');
       create foreign table d.users (id text not null, age integer) server dynamodb_server options (table '${users}', rowid_column 'id');
       create foreign table d.customers (id text not null, name text) server dynamodb_server options (table '${customers}', rowid_column 'id');`,
    );
  });
  afterAll(() => engine?.close());

  async function plan(sql: string) {
    const r = await engine.execute(sql, { pageSize: 100_000 });
    if (r.error) throw new Error(r.error.message);
    const s = r.statements.at(-1)!;
    return { scan: s.plan!.scans[0]!, rows: JSON.parse(toJson(s.rows)) as unknown[][], notices: s.notices };
  }

  /** The same statement with its WHERE made opaque to pushdown: a Scan and local filtering. */
  async function baseline(sql: string) {
    const opaque = sql.replace(/ where (.*?)( order by | limit |$)/, ' where ($1) is true$2');
    const r = await plan(opaque);
    expect(r.scan.operation).toBe('Scan');
    expect(r.scan.filter).toBeNull();
    return r.rows;
  }

  const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

  const shapes: [string, string, (scan: Awaited<ReturnType<typeof plan>>['scan']) => void][] = [
    [
      "select pk, sk, amount from d.orders where pk = 'p3' and sk = 'item#007'",
      'GetItem',
      (s) => expect(s.keyCount).toBe(1),
    ],
    [
      "select id, age from d.users where id in ('u1', 'u7', 'u9', 'u30', 'u31', 'u32', 'u33', 'u34', 'u35', 'u36', 'u37', 'u38', 'u39', 'u40', 'u41', 'u42', 'u43', 'u44', 'u45', 'nobody')",
      'BatchGetItem',
      (s) => expect(s.keyCount).toBe(20),
    ],
    [
      "select pk, sk from d.orders where pk in ('p1', 'p2', 'p3') and sk >= 'item#015'",
      'Query',
      (s) => expect(s.partitionCount).toBe(3),
    ],
    [
      "select pk, sk from d.orders where pk = 'p4' and sk like 'item#01%'",
      'Query',
      (s) => expect(s.keyCondition).toBe('#n0 = :v0 AND begins_with(#n1, :v1)'),
    ],
    [
      "select pk, sk from d.orders where status = 'held' and sk between 'item#002' and 'item#004'",
      'Query',
      (s) => expect(s.index).toBe('by_status'),
    ],
    [
      "select pk, sk, rank from d.orders where region = 'eu' and rank >= 8",
      'Query',
      (s) => expect(s.index).toBe('by_region_rank'),
    ],
  ];
  for (const [sql, operation, check] of shapes) {
    it(`${operation}: ${sql}`, async () => {
      const r = await plan(sql);
      expect(r.scan.operation).toBe(operation);
      check(r.scan);
      expect(r.rows.length).toBeGreaterThan(0);
      expect(sorted(r.rows)).toEqual(sorted(await baseline(sql)));
      expect(r.scan.consumedRcu!).toBeLessThan(
        (await plan(sql.replace(/ where (.*)$/, ' where ($1) is true'))).scan.consumedRcu!,
      );
    });
  }

  it('a join restricts the second relation with the keys the first one read: BatchGetItem, not Scan', async () => {
    const sql =
      "select o.sk, c.name from d.orders o join d.customers c on c.id = o.owner where o.pk = 'p3' order by 1";
    const r = await engine.execute(sql, { pageSize: 1000 });
    const [orders, cust] = r.statements[0]!.plan!.scans;
    expect(orders!.operation).toBe('Query');
    expect(cust).toMatchObject({ operation: 'BatchGetItem', keyCount: 5, returnedCount: 5 });
    expect(cust!.alternatives.some((a) => a.operation === 'Scan')).toBe(true);
    const rows = JSON.parse(toJson(r.statements[0]!.rows)) as unknown[][];
    expect(rows).toHaveLength(20);
    expect(rows[0]).toEqual(['item#000', 'Customer 0']);
    // Nothing to join with: the second relation is not read at all.
    const none = await engine.execute(
      "select c.name from d.orders o join d.customers c on c.id = o.owner where o.pk = 'nope'",
    );
    expect(none.statements[0]!.plan!.scans[1]).toMatchObject({ consumedRcu: 0, returnedCount: 0 });
  });

  it('never reads a sparse index that could miss items: region alone is not enough for by_region_rank', async () => {
    const r = await plan("select pk, sk from d.orders where region = 'eu' and amount < 120");
    expect(r.scan.index).toBeNull();
    expect(r.rows.length).toBe(20);
  });

  it('a hint forces an index, with a NOTICE when it may miss items', async () => {
    const r = await plan(
      "select /*+ index(by_region_rank) */ pk, sk from d.orders where region = 'eu' and amount < 120",
    );
    expect(r.scan.index).toBe('by_region_rank');
    expect(r.notices.join()).toMatch(/index "by_region_rank" may miss items/);
    expect(r.rows.length).toBe(5); // only the items that have a rank: exactly why it is unsafe
  });

  it('an index without the needed attributes fetches items back from the table (or loses to a cheaper path)', async () => {
    const r = await plan(
      "select /*+ index(by_owner_keys) */ pk, sk, amount from d.orders where owner = 'o3' and pk = 'p5'",
    );
    expect(r.scan.index).toBe('by_owner_keys');
    expect(r.scan.fetchBack).toBe(true);
    expect(sorted(r.rows)).toEqual(
      sorted(await baseline("select pk, sk, amount from d.orders where owner = 'o3' and pk = 'p5'")),
    );
  });

  it('count(*) with everything pushed is Select COUNT: no item is transferred', async () => {
    const r = await plan("select count(*) from d.orders where status = 'open' and amount > 1000");
    expect(r.scan.projection).toEqual(['COUNT']);
    expect(r.rows).toEqual([
      [String((await baseline("select pk from d.orders where status = 'open' and amount > 1000")).length)],
    ]);
  });

  it('ORDER BY the sort key DESC with LIMIT reads backwards and stops', async () => {
    const r = await plan("select sk from d.orders where pk = 'p7' order by sk desc limit 3");
    expect(r.scan).toMatchObject({ operation: 'Query', limit: 3, scannedCount: 3 });
    expect(r.rows).toEqual([['item#019'], ['item#018'], ['item#017']]);
  });

  it('a LIMIT DynamoDB can stop at is priced as the items it reads, not the whole table', async () => {
    const limited = await engine.explain('select pk, sk from d.orders limit 5');
    const full = await engine.explain('select pk, sk from d.orders');
    expect(limited.statements[0]!.plan!.scans[0]!.estimatedRcu).toBe(0.5);
    expect(full.statements[0]!.plan!.scans[0]!.estimatedRcu).toBeGreaterThan(0.5);
  });

  it('parallel Scan: Segment/TotalSegments give the same rows', async () => {
    await ok(engine, 'set dynascope.scan_segments = 4');
    const r = await plan('select pk, sk from d.orders where amount >= 2900');
    await ok(engine, 'reset dynascope.scan_segments');
    expect(r.scan.segments).toBe(4);
    expect(sorted(r.rows)).toEqual(
      sorted(await baseline('select pk, sk from d.orders where amount >= 2900')),
    );
  });

  it('strongly consistent reads by setting cost double', async () => {
    const eventual = await plan("select pk from d.orders where pk = 'p1' and sk = 'item#001'");
    await ok(engine, 'set dynascope.consistent_read = on');
    const strong = await plan("select pk from d.orders where pk = 'p1' and sk = 'item#001'");
    await ok(engine, 'reset dynascope.consistent_read');
    expect(strong.scan.consistentRead).toBe(true);
    expect(strong.scan.consumedRcu).toBe(eventual.scan.consumedRcu! * 2);
  });

  it('the cost guard stops a statement above dynascope.max_statement_rcu before it reads', async () => {
    await ok(engine, 'set dynascope.max_statement_rcu = 2');
    const e = await fails(engine, 'select count(*) from d.orders where amount > 5');
    expect(e.sqlstate).toBe('54000');
    expect(e.message).toMatch(
      /statement would read an estimated [\d.]+ RCU, above dynascope.max_statement_rcu \(2\)/,
    );
    expect(e.hint).toMatch(/SET dynascope.max_statement_rcu = \d+/);
    // A key read is cheap enough.
    expect((await plan("select pk from d.orders where pk = 'p1' and sk = 'item#001'")).rows).toEqual([
      ['p1'],
    ]);
    // So is a Scan that stops at its LIMIT, whether rows come from the items or through the host.
    for (const sql of [
      'select pk, sk from d.orders limit 3',
      "select pk, sk || '!' as tagged, upper(status) from d.orders limit 3",
    ]) {
      const limited = await plan(sql);
      expect(limited.rows).toHaveLength(3);
      expect(limited.scan.limit).toBe(3);
      expect(limited.scan.estimatedRcu).toBeLessThanOrEqual(2);
    }
    await ok(engine, 'reset dynascope.max_statement_rcu');
  });

  it('EXPLAIN names the chosen path, its estimate and the rejected ones', async () => {
    const [s] = await ok(engine, "explain select * from d.orders where status = 'open'");
    const text = s!.rows.map((r) => r[0]).join('\n');
    expect(text).toMatch(/DynamoDB Query using by_status/);
    // An index Query's cost depends on how many items hold the value: the range it can end in, and why.
    expect(text).toMatch(
      /Estimated RCU: [\d.]+, between 0 and [\d.]+ as the run decides \((sampled|describe-table): index by_status, status/,
    );
    expect(text).toMatch(/Rejected: Scan ~[\d.]+ RCU/);
  });
});
