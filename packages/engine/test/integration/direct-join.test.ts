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
 * Inner equi-joins of two foreign tables answered from the items (run/direct-join.ts): the same rows
 * as the host computes for the same join (run through a subquery, which the direct path does not take),
 * and no temp table behind them.
 */
describe.each(BACKENDS)('direct joins on %s', (backend) => {
  let engine: Engine;
  const orders = uniqueName('orders');
  const customers = uniqueName('customers');
  const scores = uniqueName('scores');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, orders, { name: 'customer', type: 'S' }, { name: 'sk', type: 'S' });
    await createTable(client, customers, { name: 'id', type: 'S' });
    await createTable(client, scores, { name: 'n', type: 'N' });
    const o: Record<string, AttributeValue>[] = [];
    for (let i = 0; i < 40; i++) {
      o.push({
        customer: { S: `c${i % 7}` },
        sk: { S: `2024-${String(1 + (i % 12)).padStart(2, '0')}#${i}` },
        amount: { N: String(i * 1.5) },
        qty: { N: String(i % 4) },
        ...(i % 5 === 0 && { ref: { S: `c${i % 3}` } }),
      });
    }
    await putItems(client, orders, o);
    // c5 and c6 have no customer item; c0..c4 do, c9 has no order.
    await putItems(
      client,
      customers,
      // A long bio (not a column) makes a Scan of them cost more than reading a few by key.
      ['c0', 'c1', 'c2', 'c3', 'c4', 'c9'].map((id, i) => ({
        id: { S: id },
        name: { S: `Customer ${id}` },
        tier: { S: i % 2 ? 'gold' : 'std' },
        bio: { S: 'b'.repeat(3000) },
        ...(i === 2 && { nick: { NULL: true } }),
      })),
    );
    await putItems(
      client,
      scores,
      [0, 1, 2, 3, 7].map((n) => ({ n: { N: String(n) }, label: { S: `q${n}` }, weight: { N: `${n}.0` } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema j;
       create foreign table j.orders (customer text not null, sk text, amount numeric, qty integer, ref text) server dynamodb_server options (table '${orders}', rowid_column 'customer');
       create foreign table j.customers (id text not null, name text, tier text, nick text) server dynamodb_server options (table '${customers}', rowid_column 'id');
       create foreign table j.scores (n numeric not null, label text, weight numeric) server dynamodb_server options (table '${scores}', rowid_column 'n');`,
    );
  });
  afterAll(() => engine?.close());

  /** Temp tables after running `sql` with none before: the host evaluated it if there are any. */
  const tempTablesFor = async (sql: string) => {
    await ok(engine, 'discard temp');
    const r = await engine.execute(sql);
    const n = Number(
      (await ok(engine, "select count(*) from pg_class where relpersistence = 't' and relkind = 'r'"))[0]!
        .rows[0]![0],
    );
    return { r, n };
  };
  const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

  async function both(sql: string) {
    const { r, n: created } = await tempTablesFor(sql);
    if (r.error) throw new Error(r.error.message);
    const direct = r.statements[0];
    const [host] = await ok(engine, `select * from (${sql}) q`);
    return {
      direct: JSON.parse(toJson(direct!.rows)) as unknown[][],
      host: JSON.parse(toJson(host!.rows)) as unknown[][],
      created,
      columns: direct!.columns,
      plan: direct!.plan!,
    };
  }

  // [sql, rows, answered from the items]: a filter on a text column is widened for DynamoDB (the
  // attribute may hold another type) and re-checked locally, so such a join runs in the host.
  const cases: [string, number, boolean][] = [
    [
      "select o.sk, o.amount, c.name from j.orders o join j.customers c on c.id = o.customer where o.customer = 'c1'",
      6,
      true,
    ],
    ['select o.customer, o.sk, c.tier from j.orders o join j.customers c on o.customer = c.id', 30, true],
    [
      "select c.name, o.sk from j.customers c join j.orders o on o.customer = c.id where c.tier = 'gold'",
      12,
      false,
    ],
    ['select o.sk, c.name from j.orders o, j.customers c where o.ref = c.id', 8, true],
    ['select o.sk, s.label, s.weight from j.orders o join j.scores s on s.n = o.qty', 40, true],
    [
      'select a.sk, b.sk from j.orders a join j.orders b on a.customer = b.customer and a.qty = b.qty',
      64,
      true,
    ],
    [
      'select o.sk, c.nick from j.orders o join j.customers c on c.id = o.customer where o.amount > 20 and c.nick is null',
      20,
      true,
    ],
  ];

  for (const [sql, count, direct] of cases) {
    it(sql, async () => {
      const r = await both(sql);
      expect(r.created === 0).toBe(direct);
      expect(r.direct).toHaveLength(count);
      expect(sorted(r.direct)).toEqual(sorted(r.host));
    });
  }

  it('select * lists the columns of the FROM items in their written order', async () => {
    const r = await both(
      "select * from j.customers c join j.orders o on o.customer = c.id where c.id = 'c2'",
    );
    expect(r.created).toBe(0);
    expect(r.columns.map((c) => c.name)).toEqual([
      'id',
      'name',
      'tier',
      'nick',
      'customer',
      'sk',
      'amount',
      'qty',
      'ref',
    ]);
    expect(sorted(r.direct)).toEqual(sorted(r.host));
  });

  it('the second relation is read by key with the values the first one read', async () => {
    const r = await both(
      "select o.sk, c.name from j.orders o join j.customers c on c.id = o.customer where o.customer = 'c3'",
    );
    const [first, second] = r.plan.scans;
    expect(first!.operation).toBe('Query');
    expect(second!.operation).toBe('GetItem');
  });

  it('the plan and EXPLAIN say the engine joins, and on what', async () => {
    const sql =
      "select o.sk, c.name from j.orders o join j.customers c on c.id = o.customer where o.customer = 'c3'";
    const [r] = await ok(engine, sql);
    expect(r!.plan!.engineJoin).toBe('c.id = o.customer');
    const [explained] = await ok(engine, `explain ${sql}`);
    expect(explained!.rows[0]).toEqual(['Hash Join in the engine  (c.id = o.customer)']);
    expect(explained!.rows.map((x) => x[0]).filter((l) => String(l).startsWith('Foreign Scan'))).toHaveLength(
      2,
    );
    const [host] = await ok(
      engine,
      'select o.sk, c.name from j.orders o left join j.customers c on c.id = o.customer',
    );
    expect(host!.plan!.engineJoin).toBeUndefined();
  });

  it('EXPLAIN prices the joined relation at the key reads the join will make, and the cost guard agrees', async () => {
    const sql =
      "select o.sk, c.name from j.orders o join j.customers c on c.id = o.customer where o.customer = 'c3'";
    const plan = (await engine.explain(sql)).statements[0]!.plan!;
    const customers = plan.scans.find((s) => s.relation === 'j.customers')!;
    expect(customers.operation).toBe('Scan');
    const scanAlone = Number(/a Scan alone: ~([\d.]+) RCU/.exec(customers.estimateNote)![1]);
    expect(customers.estimateNote).toMatch(
      /^at most \d+ key read\(s\) with the values read from j\.orders \(c\.id = o\.customer\)/,
    );
    expect(customers.estimatedRcu).toBeLessThan(scanAlone);
    // A guard between the two lets the join run; it then reads by key, within the estimate.
    await ok(engine, `set dynascope.max_statement_rcu = ${scanAlone}`);
    try {
      const [r] = await ok(engine, sql);
      const read = r!.plan!.scans.find((s) => s.relation === 'j.customers')!;
      expect(read.operation).toBe('GetItem');
      expect(read.consumedRcu!).toBeLessThanOrEqual(customers.estimatedRcu!);
    } finally {
      await ok(engine, 'reset dynascope.max_statement_rcu');
    }
  });

  it('a join that reads more values than it was priced for is priced again, and guarded, before that read', async () => {
    // Orders of c0 (i = 0 and 35) refer to two customers; the Query was expected to return one item.
    const sql =
      "select o.sk, c.name from j.orders o join j.customers c on c.id = o.ref where o.customer = 'c0'";
    const planned = (await engine.explain(sql)).statements[0]!.plan!;
    const priced = planned.scans.find((s) => s.relation === 'j.customers')!.estimatedRcu!;
    const total = planned.scans.reduce((n, s) => n + s.estimatedRcu!, 0);
    const [r] = await ok(engine, sql);
    const read = r!.plan!.scans.find((s) => s.relation === 'j.customers')!;
    expect(read.operation).toBe('BatchGetItem');
    expect(read.estimatedRcu!).toBeGreaterThan(priced);
    expect(read.estimateNote).toMatch(/^re-priced once the join values were read/);
    expect(r!.rows).toHaveLength(2);
    await ok(engine, `set dynascope.max_statement_rcu = ${total}`);
    try {
      const e = await fails(engine, sql);
      expect(e.sqlstate).toBe('54000');
      expect(e.detail).toMatch(/re-priced once the join values were read/);
    } finally {
      await ok(engine, 'reset dynascope.max_statement_rcu');
    }
  });

  it('a keyed read that could not evaluate a filter is not taken: the filter still applies', async () => {
    const r = await both(
      "select o.sk, c.name from j.orders o join j.customers c on c.id = o.customer where o.customer = 'c3' and c.nick is null",
    );
    expect(r.created).toBe(0);
    expect(r.plan.scans[1]!.operation).toBe('Scan');
    expect(sorted(r.direct)).toEqual(sorted(r.host));
    expect(r.direct).toHaveLength(6);
  });

  it('joins it cannot answer exactly run in the host: outer joins, expressions, ORDER BY', async () => {
    for (const sql of [
      'select o.sk, c.name from j.orders o left join j.customers c on c.id = o.customer',
      "select o.sk, upper(c.name) from j.orders o join j.customers c on c.id = o.customer where o.customer = 'c1'",
      'select o.sk, c.name from j.orders o join j.customers c on c.id = o.customer order by o.sk',
      'select o.sk, c.name from j.orders o join j.customers c on c.id = o.customer and o.amount > length(c.name)',
    ]) {
      const { r, n } = await tempTablesFor(sql);
      expect(r.error).toBeUndefined();
      expect(n).toBeGreaterThan(0);
    }
  });

  it('what Postgres refuses is still refused: ambiguous names, mismatched types', async () => {
    expect(
      (await fails(engine, 'select sk from j.orders a join j.orders b on a.customer = b.customer')).sqlstate,
    ).toBe('42702');
    expect(
      (await fails(engine, 'select o.sk from j.orders o join j.scores s on s.n = o.customer')).sqlstate,
    ).toBe('42883');
  });
});
