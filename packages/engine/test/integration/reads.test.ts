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
  rows,
  uniqueName,
} from '../support/harness';

const BIG = '12345678901234567890123456789012345678';

/** Spec §2 (columns, catch-all, coercion) and §3 (pushdown), against real DynamoDB APIs. */
describe.each(BACKENDS)('reads on %s', (backend) => {
  let engine: Engine;
  const orders = uniqueName('orders');
  const users = uniqueName('users');
  const events = uniqueName('events');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, orders, { name: 'customer_id', type: 'S' }, { name: 'order_date', type: 'S' });
    const items: Record<string, AttributeValue>[] = [];
    for (let c = 1; c <= 3; c++) {
      for (let d = 1; d <= 6; d++) {
        items.push({
          customer_id: { S: `c${c}` },
          order_date: { S: `2024-01-0${d}` },
          total: { N: String(c * 10 + d) },
          status: { S: d % 2 ? 'shipped' : 'pending' },
          ...(d === 6 && { note: { S: 'last' } }),
        });
      }
    }
    await putItems(client, orders, items);
    await createTable(client, users, { name: 'id', type: 'S' });
    await putItems(client, users, [
      {
        id: { S: 'u1' },
        userName: { S: 'Ann' },
        age: { N: '31' },
        big: { N: BIG },
        address: { M: { city: { S: 'Oslo' }, zip: { N: BIG } } },
        tags: { SS: ['a', 'b'] },
        blob: { B: new Uint8Array([1, 255]) },
      },
      { id: { S: 'u2' }, userName: { S: 'Bob' }, age: { NULL: true } },
      { id: { S: 'u3' }, age: { N: '25' } },
    ]);
    await createTable(client, events, { name: 'id', type: 'N' });
    await putItems(
      client,
      events,
      Array.from({ length: 40 }, (_, i) => ({ id: { N: String(i) }, kind: { S: i % 4 ? 'view' : 'click' } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema dynamodb;
       create foreign table dynamodb.orders (customer_id text not null, order_date text, total numeric, status text, note text, _attrs jsonb)
         server dynamodb_server options (table '${orders}', rowid_column 'customer_id');
       create foreign table dynamodb.users (id text not null, "userName" text, age integer, big numeric, _attrs jsonb)
         server dynamodb_server options (table '${users}', rowid_column 'id');
       create foreign table dynamodb.events (id bigint not null, kind text) server dynamodb_server options (table '${events}', rowid_column 'id');`,
    );
  });
  afterAll(() => engine?.close());

  describe('columns and the catch-all', () => {
    it('reads attributes by exact, case-sensitive name; missing and NULL are SQL NULL', async () => {
      expect(await rows(engine, 'select id, "userName", age from dynamodb.users order by id')).toEqual([
        ['u1', 'Ann', 31],
        ['u2', 'Bob', null],
        ['u3', null, 25],
      ]);
    });

    it('fills the catch-all from the declared columns, whatever the select list', async () => {
      const all = await rows(engine, "select _attrs from dynamodb.users where id = 'u1'");
      const star = await rows(engine, "select * from dynamodb.users where id = 'u1'");
      expect(all[0]![0]).toEqual(star[0]![4]);
      expect(Object.keys(all[0]![0] as object).sort()).toEqual(['address', 'blob', 'tags']);
      // Nothing left over → NULL.
      expect(await rows(engine, "select _attrs from dynamodb.users where id = 'u3'")).toEqual([[null]]);
    });

    it('keeps all 38 digits, as numeric and inside the catch-all JSON', async () => {
      expect(await rows(engine, "select big from dynamodb.users where id = 'u1'")).toEqual([[BIG]]);
      const [s] = await ok(
        engine,
        "select _attrs->'address' as a, _attrs->'blob' as b, _attrs->'tags' as t from dynamodb.users where id = 'u1'",
      );
      expect(toJson(s!.rows)).toBe(`[[{"zip": ${BIG}, "city": "Oslo"},"01ff",["a", "b"]]]`);
    });

    it('a value that does not fit its column is an error naming table, column, key and type', async () => {
      await ok(
        engine,
        `create foreign table dynamodb.users_bad (id text, "userName" integer) server dynamodb_server options (table '${users}')`,
      );
      const e = await fails(engine, 'select * from dynamodb.users_bad');
      expect(e.sqlstate).toBe('42804');
      expect(e.message).toContain('column "userName" of foreign table "dynamodb.users_bad"');
      expect(e.message).toMatch(/DynamoDB S value/);
      expect(e.message).toMatch(/item \{"id": "u[12]"\}/);
    });
  });

  describe('pushdown (golden: SQL → DynamoDB request → rows)', () => {
    const cases: {
      sql: string;
      operation: string;
      keyCondition: string | null;
      filter: string | null;
      values: Record<string, unknown>;
      residual: string[];
      rows: unknown[][];
    }[] = [
      {
        sql: "select order_date from dynamodb.orders where customer_id = 'c1' order by 1",
        operation: 'Query',
        keyCondition: '#n0 = :v0',
        filter: null,
        values: { ':v0': { S: 'c1' } },
        residual: [],
        rows: [
          ['2024-01-01'],
          ['2024-01-02'],
          ['2024-01-03'],
          ['2024-01-04'],
          ['2024-01-05'],
          ['2024-01-06'],
        ],
      },
      {
        // Upstream reverses `const op column`; the sort-key bound joins the key condition whatever its order.
        sql: "select order_date from dynamodb.orders where '2024-01-05' <= order_date and 'c2' = customer_id order by 1",
        operation: 'Query',
        keyCondition: '#n0 = :v0 AND #n1 >= :v1',
        filter: null,
        values: { ':v0': { S: 'c2' }, ':v1': { S: '2024-01-05' } },
        residual: [],
        rows: [['2024-01-05'], ['2024-01-06']],
      },
      {
        sql: "select order_date from dynamodb.orders where order_date < '2024-01-05' and customer_id = 'c1' and order_date > '2024-01-02' order by 1",
        operation: 'Query',
        keyCondition: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
        filter: null,
        values: { ':v0': { S: 'c1' }, ':v1': { S: '2024-01-02' }, ':v2': { S: '2024-01-05' } },
        // BETWEEN is inclusive: the strict bounds narrow the read and are checked exactly in the host.
        residual: ["order_date > '2024-01-02'", "order_date < '2024-01-05'"],
        rows: [['2024-01-03'], ['2024-01-04']],
      },
      {
        sql: "select order_date from dynamodb.orders where customer_id = 'c3' and order_date between '2024-01-02' and '2024-01-03' and total > 30 order by 1",
        operation: 'Query',
        keyCondition: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
        filter: '#n2 > :v3',
        values: {
          ':v0': { S: 'c3' },
          ':v1': { S: '2024-01-02' },
          ':v2': { S: '2024-01-03' },
          ':v3': { N: '30' },
        },
        residual: [],
        rows: [['2024-01-02'], ['2024-01-03']],
      },
      {
        sql: "select order_date from dynamodb.orders where customer_id = 'c1' and order_date <> '2024-01-01' and status = 'pending' order by 1",
        // A text column also reads N and BOOL attributes as text: the filter keeps those for the local check.
        operation: 'Query',
        keyCondition: '#n0 = :v0',
        filter: '(#n1 = :v1 OR NOT attribute_type(#n1, :v2))',
        values: { ':v0': { S: 'c1' }, ':v1': { S: 'pending' }, ':v2': { S: 'S' } },
        residual: ["order_date <> '2024-01-01'"],
        rows: [['2024-01-02'], ['2024-01-04'], ['2024-01-06']],
      },
      {
        // Upstream returns nothing for a commuted comparison.
        sql: 'select customer_id, order_date from dynamodb.orders where 35 < total order by 1, 2',
        operation: 'Scan',
        keyCondition: null,
        filter: '#n0 > :v0',
        values: { ':v0': { N: '35' } },
        residual: [],
        rows: [['c3', '2024-01-06']],
      },
      {
        // LIKE 'prefix%' and IS NULL are pushed (begins_with, attribute_not_exists); a one-value IN on the partition key is a Query.
        sql: "select customer_id, order_date from dynamodb.orders where status like 'sh%' and total >= 33 and customer_id in ('c3') and note is null order by 2",
        operation: 'Query',
        keyCondition: '#n0 = :v0',
        filter:
          '(begins_with(#n1, :v1) OR NOT attribute_type(#n1, :v2)) AND #n2 >= :v3 AND (attribute_not_exists(#n3) OR attribute_type(#n3, :v4))',
        values: {
          ':v0': { S: 'c3' },
          ':v1': { S: 'sh' },
          ':v2': { S: 'S' },
          ':v3': { N: '33' },
          ':v4': { S: 'NULL' },
        },
        residual: [],
        rows: [
          ['c3', '2024-01-03'],
          ['c3', '2024-01-05'],
        ],
      },
      {
        // What cannot be pushed stays local and never makes the request invalid (upstream sends unused placeholders).
        sql: "select customer_id, order_date from dynamodb.orders where lower(status) = 'shipped' and total >= 33 and status not like 'p%' order by 2",
        operation: 'Scan',
        keyCondition: null,
        filter: '#n0 >= :v0',
        values: { ':v0': { N: '33' } },
        residual: ["lower(status) = 'shipped'", "status not like 'p%'"],
        rows: [
          ['c3', '2024-01-03'],
          ['c3', '2024-01-05'],
        ],
      },
      {
        sql: 'select id from dynamodb.users where age > 26 or "userName" = \'Bob\' order by 1',
        operation: 'Scan',
        keyCondition: null,
        filter: null,
        values: {},
        residual: ['age > 26 or "userName" = \'Bob\''],
        rows: [['u1'], ['u2']],
      },
      {
        sql: 'select kind from dynamodb.events where id = 8',
        operation: 'GetItem',
        keyCondition: null,
        filter: null,
        values: {},
        residual: [],
        rows: [['click']],
      },
    ];
    for (const c of cases) {
      it(c.sql, async () => {
        const [s] = await ok(engine, c.sql);
        const scan = s!.plan!.scans[0]!;
        expect({
          operation: scan.operation,
          keyCondition: scan.keyCondition,
          filter: scan.filter,
          values: scan.expressionAttributeValues,
          residual: scan.residual,
        }).toEqual({
          operation: c.operation,
          keyCondition: c.keyCondition,
          filter: c.filter,
          values: c.values,
          residual: c.residual,
        });
        expect(JSON.parse(toJson(s!.rows))).toEqual(c.rows);
        expect(scan.consumedRcu).toBeGreaterThan(0);
      });
    }

    it('projects only the attributes the statement needs', async () => {
      const [s] = await ok(engine, "select total from dynamodb.orders where customer_id = 'c1'");
      expect(s!.plan!.scans[0]!.projection).toEqual(['customer_id', 'order_date', 'total']);
    });
  });

  it('prices alternatives: on an 18-item table one Scan (0.5 RCU) beats two Queries (1 RCU)', async () => {
    const [s] = await ok(
      engine,
      "select order_date from dynamodb.orders where customer_id in ('c1', 'c2') and total > 14",
    );
    const scan = s!.plan!.scans[0]!;
    expect(scan.operation).toBe('Scan');
    expect(scan.filter).toBe('#n0 IN (:v0, :v1) AND #n1 > :v2');
    expect(scan.alternatives).toContainEqual({ operation: 'Query', index: null, estimatedRcu: 1 });
    expect(s!.rows.length).toBe(8);
  });

  describe('LIMIT and OFFSET', () => {
    it('applies OFFSET once (upstream applies it twice)', async () => {
      expect(
        await rows(
          engine,
          "select order_date from dynamodb.orders where customer_id = 'c1' limit 2 offset 3",
        ),
      ).toEqual([['2024-01-04'], ['2024-01-05']]);
    });

    it('never truncates before a residual filter (upstream limits first)', async () => {
      expect(
        await rows(
          engine,
          "select order_date from dynamodb.orders where customer_id = 'c2' and note like 'la%' limit 1",
        ),
      ).toEqual([['2024-01-06']]);
    });

    it('stops reading as soon as the result is complete: LIMIT goes to DynamoDB when nothing filters locally', async () => {
      const [s] = await ok(engine, "select order_date from dynamodb.orders where customer_id = 'c1' limit 2");
      expect(s!.rows.length).toBe(2);
      expect(s!.plan!.scans[0]!.limit).toBe(2);
      expect(s!.plan!.scans[0]!.scannedCount).toBe(2);
    });

    it('pages lazily through a cursor', async () => {
      const r = await engine.execute('select id from dynamodb.events', { pageSize: 15 });
      const first = r.statements[0]!;
      expect(first.rows.length).toBe(15);
      expect(first.cursor).not.toBeNull();
      const seen = first.rows.map((x) => x[0]);
      let cursor = first.cursor;
      while (cursor) {
        const page = await engine.next(cursor, { pageSize: 15 });
        seen.push(...page.rows.map((x) => x[0]));
        cursor = page.cursor;
      }
      expect(seen.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    });
  });

  describe('any Postgres SQL over foreign tables', () => {
    it('joins, aggregates, windows, CTEs, UNION and views give Postgres answers', async () => {
      await ok(
        engine,
        'create table public.vip (customer_id text primary key, tier text); insert into public.vip values ($$c2$$, $$gold$$)',
      );
      expect(
        await rows(
          engine,
          `with t as (select customer_id, sum(total) as s from dynamodb.orders group by 1)
           select t.customer_id, t.s, v.tier, rank() over (order by t.s desc) from t left join public.vip v using (customer_id) order by 1`,
        ),
      ).toEqual([
        ['c1', '81', null, '3'],
        ['c2', '141', 'gold', '2'],
        ['c3', '201', null, '1'],
      ]);
      expect(
        await rows(
          engine,
          "select o.order_date, u.\"userName\" from dynamodb.orders o join dynamodb.users u on u.id = 'u1' where o.customer_id = 'c1' and o.total = 11",
        ),
      ).toEqual([['2024-01-01', 'Ann']]);
      expect(
        await rows(
          engine,
          "select id::text from dynamodb.users where id = 'u3' union select customer_id from dynamodb.orders where customer_id = 'c1' order by 1",
        ),
      ).toEqual([['c1'], ['u3']]);
      await ok(
        engine,
        "create view public.shipped as select customer_id, order_date from dynamodb.orders where status = 'shipped'",
      );
      expect(await rows(engine, "select count(*) from public.shipped where customer_id = 'c1'")).toEqual([
        ['3'],
      ]);
      expect(
        await rows(
          engine,
          "select id from dynamodb.users where _attrs->'address'->>'city' = 'Oslo' and _attrs ? 'tags'",
        ),
      ).toEqual([['u1']]);
    });
  });

  describe('plans and EXPLAIN', () => {
    it('EXPLAIN returns the plan as text rows without reading items', async () => {
      const [s] = await ok(
        engine,
        "explain select * from dynamodb.orders where customer_id = 'c1' and status like 'p%' and lower(note) = 'x'",
      );
      const text = s!.rows.map((r) => r[0]).join('\n');
      expect(text).toContain(`Foreign Scan on dynamodb.orders  (DynamoDB Query on ${orders})`);
      expect(text).toContain("Key Condition: customer_id = 'c1'");
      expect(text).toContain("DynamoDB Filter: begins_with(status, 'p')");
      expect(text).toContain("Local Filter: lower(note) = 'x'");
      expect(s!.plan!.scans[0]!.consumedRcu).toBeNull();
    });

    it('EXPLAIN ANALYZE adds the capacity consumed and the items scanned and returned', async () => {
      const [s] = await ok(engine, "explain analyze select * from dynamodb.orders where status = 'pending'");
      const text = s!.rows.map((r) => r[0]).join('\n');
      expect(text).toMatch(/Actual RCU: [\d.]+, items scanned: 18, returned: 9/);
    });

    it('engine.explain plans every statement without running any', async () => {
      const r = await engine.explain(
        "create table public.never (x int); select * from dynamodb.users where id = 'u1'",
      );
      expect(r.error).toBeUndefined();
      expect(r.statements[1]!.plan!.scans[0]!.operation).toBe('GetItem');
      expect(await rows(engine, "select to_regclass('public.never') is null")).toEqual([[true]]);
    });
  });
});
