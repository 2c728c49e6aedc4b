import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { BACKENDS, fails, ok, rows } from '../support/harness';
import { openTwinOrders, sameRows } from '../support/twin-orders';

/**
 * Issue 12: SQL functions that read foreign tables run as in Postgres. The same tables exist twice,
 * as foreign tables in schema `d` and as host tables with the same rows in schema `l`, with the same
 * functions and views in each; every statement over `d` must return what it returns over `l`.
 */
const FUNCTIONS = (s: 'd' | 'l') => `
  create function ${s}.open_total(c text) returns numeric language sql stable
    as $$ select sum(total) from ${s}.orders where cid = c and status = 'open' $$;
  create function ${s}.orders_of(c text) returns setof ${s}.orders language sql stable
    as $$ select * from ${s}.orders where cid = c $$;
  create function ${s}.order_table(c text) returns table (oid numeric, total numeric) language sql volatile
    as $$ select o.oid, o.total from ${s}.orders o where o.cid = c and o.total >= 10 $$;
  create function ${s}.best() returns text language sql immutable
    as $$ select cid from ${s}.orders group by cid order by sum(total) desc, cid limit 1 $$;
  create function ${s}.double_total(c text) returns numeric language sql
    as $$ select 2 * ${s}.open_total(c) $$;
  create function ${s}.order_count(c text) returns bigint language sql stable
    begin atomic select count(*) from ${s}.orders where orders.cid = order_count.c; end;
  create function ${s}.named(c text) returns bigint language sql set search_path = ${s}
    as $$ select count(*) from orders where cid = c $$;
  create function ${s}.pair(c text) returns text language sql
    as $$ select c || ':' || count(*) from ${s}.orders where cid = c; $$;
  create function ${s}.top_n(c text, n int default 2, out oid numeric, out total numeric) returns setof record
    language sql as $$ select oid, total from ${s}.orders where cid = c order by total desc, oid limit n $$;
  create function ${s}.pick(v anyelement, c text) returns anyelement language sql
    as $$ select v from ${s}.orders where cid = c limit 1 $$;
  create function ${s}.measure(c text) returns numeric language sql as $$ select max(total) from ${s}.orders where cid = c $$;
  create function ${s}.measure(c text, floor numeric) returns numeric language sql
    as $$ select greatest(floor, 0) $$;
  create view ${s}.totals as select c.id, ${s}.open_total(c.id) as open, ${s}.order_count(c.id) as n from ${s}.customers c;
  create view ${s}.big as select * from ${s}.orders where total > 20;
  create function ${s}.big_count() returns bigint language sql as $$ select count(*) from ${s}.big $$;`;

const QUERIES = [
  // target list, WHERE, FROM, nested calls, functions calling functions, views over functions
  `select c.id, {s}.open_total(c.id) from {s}.customers c order by c.id`,
  `select id from {s}.customers where {s}.open_total(id) > 10 order by id`,
  `select * from {s}.orders_of('c1') order by oid`,
  `select oid, total from {s}.order_table('c2') order by oid`,
  `select {s}.open_total({s}.best())`,
  `select {s}.double_total('c1'), {s}.double_total('c3')`,
  `select id, {s}.order_count(id), {s}.named(id), {s}.pair(id) from {s}.customers order by id`,
  `select * from {s}.totals order by id`,
  `select t.id, t.open from {s}.totals t join {s}.customers c on c.id = t.id where c.name <> 'x' order by 1`,
  `select {s}.big_count()`,
  `select o.cid, count(*) from {s}.orders o, lateral {s}.orders_of(o.cid) x where x.oid = o.oid group by o.cid order by 1`,
  `select {s}.open_total('nobody') is null`,
  // defaults, named arguments, OUT parameters, polymorphism, overloads, every clause
  `select * from {s}.top_n('c1')`,
  `select * from {s}.top_n(n => 3, c => 'c2')`,
  `select {s}.pick(42, 'c1'), {s}.pick('x'::text, 'c3'), {s}.pick(1, 'nobody')`,
  `select {s}.measure('c1'), {s}.measure('c1', 7)`,
  `select cid, count(*) from {s}.orders group by cid having sum(total) > {s}.open_total('c3') order by {s}.open_total(cid) desc, cid`,
  `with t as (select id, {s}.open_total(id) as v from {s}.customers) select * from t where v is not null order by id`,
  `select id, (select max(oid) from {s}.orders_of(c.id)) from {s}.customers c where exists (select 1 from {s}.order_table(c.id)) order by id`,
  `select id from {s}.customers union all select {s}.best() order by 1`,
];

describe.each(BACKENDS)('SQL functions that read foreign tables on %s', (backend) => {
  let engine: Engine;
  const same = (sql: string) => sameRows(engine, sql);

  beforeAll(async () => {
    engine = await openTwinOrders(backend, FUNCTIONS);
  });
  afterAll(() => engine?.close());

  it.each(QUERIES)('%s', async (sql) => {
    expect((await same(sql)).length).toBeGreaterThan(0);
  });

  it('the plan shows the reads of the functions, with the conjuncts on constants pushed', async () => {
    // Called with a constant: the copy for this call has c = 'c1', so the body reads one partition.
    const [s] = await ok(engine, `select d.open_total('c1')`);
    expect(s!.rows).toEqual(await rows(engine, `select l.open_total('c1')`));
    expect(s!.plan!.scans).toHaveLength(1);
    expect(s!.plan!.scans[0]).toMatchObject({
      relation: 'd.orders',
      operation: 'Query',
      keyConditionText: "cid = 'c1'",
      pushed: expect.arrayContaining(["status = 'open'"]),
    });
    expect(s!.plan!.scans[0]!.returnedCount).toBe(
      Number(
        (await rows(engine, `select count(*) from l.orders where status = 'open' and cid = 'c1'`))[0]![0],
      ),
    );
    // Called per row: the body's own constants are pushed, its parameter stays in the body.
    const [t] = await ok(engine, `select id, d.open_total(id) from d.customers where id = 'c2'`);
    expect(t!.rows).toEqual(
      await rows(engine, `select id, l.open_total(id) from l.customers where id = 'c2'`),
    );
    expect(t!.plan!.scans.map((x) => [x.relation, x.operation])).toEqual([
      ['d.orders', 'Scan'],
      ['d.customers', 'GetItem'],
    ]);
    expect(t!.plan!.scans[0]).toMatchObject({ pushed: ["status = 'open'"], residual: ['cid = c'] });
    // Named arguments and BEGIN ATOMIC bodies too; two calls with different constants read apart.
    const [u] = await ok(engine, `select d.order_count(c => 'c3'), d.order_count('c2')`);
    expect(u!.rows).toEqual(await rows(engine, `select l.order_count(c => 'c3'), l.order_count('c2')`));
    expect(u!.plan!.scans.map((x) => [x.operation, x.keyConditionText])).toEqual([
      ['Query', "cid = 'c3'"],
      ['Query', "cid = 'c2'"],
    ]);
  });

  it("EXPLAIN shows the functions' reads; EXPLAIN ANALYZE runs them; the cost guard counts them", async () => {
    const plain = (await rows(engine, `explain select * from d.orders_of('c1')`)).map((r) => r[0]);
    expect(plain[0]).toMatch(/^Foreign Scan on d\.orders {2}\(DynamoDB Query on /);
    const analyzed = (await rows(engine, `explain analyze select d.open_total('c2')`)).map((r) => r[0]);
    expect(analyzed.join('\n')).toMatch(/Foreign Scan on d\.orders[\s\S]*Actual/);
    await ok(engine, 'set dynascope.max_statement_rcu = 0');
    try {
      const e = await fails(engine, `select d.open_total('c2')`);
      expect(e.sqlstate).toBe('54000');
      expect(e.message).toContain('above dynascope.max_statement_rcu');
    } finally {
      await ok(engine, 'reset dynascope.max_statement_rcu');
    }
  });

  it('a relation redefined as a view calling a function that reads a foreign table is read through from then on', async () => {
    // The first runs are answered from the items alone and found to call no such function, which is
    // remembered for the catalog epoch (plan-cache.ts); the DDL ends the epoch.
    const [table] = (
      await rows(
        engine,
        `select option_value from information_schema.foreign_table_options where foreign_table_schema = 'd' and foreign_table_name = 'orders' and option_name = 'table'`,
      )
    ).map((r) => r[0] as string);
    const text = `select cid, total from d.ft where cid = 'c1'`;
    await ok(
      engine,
      `create foreign table d.ft (cid text not null, oid numeric not null, total numeric, status text) server dynamodb_server options (table '${table}', rowid_column 'cid')`,
    );
    try {
      const sorted = (r: unknown[][]) => r.map((x) => JSON.stringify(x)).sort();
      const before = await rows(engine, `select cid, total from l.orders where cid = 'c1'`);
      for (let i = 0; i < 2; i++) {
        const [r] = await ok(engine, text);
        expect(sorted(r!.rows)).toEqual(sorted(before));
        expect(r!.plan!.shape).toBe('rows-from-items');
      }
      await ok(
        engine,
        `drop foreign table d.ft; create view d.ft as select cid, d.open_total(cid) as total from d.orders`,
      );
      const [s] = await ok(engine, text);
      expect(sorted(s!.rows)).toEqual(
        sorted(await rows(engine, `select cid, l.open_total(cid) from l.orders where cid = 'c1'`)),
      );
      expect(s!.plan!.scans.filter((x) => x.relation === 'd.orders')).toHaveLength(2);
    } finally {
      await ok(engine, 'drop view if exists d.ft; drop foreign table if exists d.ft');
    }
  });

  it('PREPARE / EXECUTE and cursors of statements calling them', async () => {
    await ok(engine, `prepare pq (text) as select oid, total from d.orders_of($1) order by oid`);
    expect(await rows(engine, `execute pq('c2')`)).toEqual(
      await rows(engine, `select oid, total from l.orders_of('c2') order by oid`),
    );
    const script = await ok(
      engine,
      `begin; declare fc cursor for select oid from d.orders_of('c1') order by oid;
       fetch 3 from fc; fetch 3 from fc; close fc; commit`,
    );
    const expected = await rows(engine, `select oid from l.orders_of('c1') order by oid limit 6`);
    expect(JSON.parse(JSON.stringify([...script[2]!.rows, ...script[3]!.rows]))).toEqual(expected);
    await ok(engine, 'deallocate pq');
  });

  it('materialized views, CREATE TABLE AS and writes that call them', async () => {
    await ok(engine, `create materialized view d.mv as select * from d.orders_of('c3')`);
    expect(await rows(engine, 'select * from d.mv order by oid')).toEqual(
      await rows(engine, `select * from l.orders_of('c3') order by oid`),
    );
    await ok(engine, 'refresh materialized view d.mv');
    expect((await rows(engine, 'select count(*) from d.mv'))[0]).toEqual(
      await rows(engine, `select count(*) from l.orders where cid = 'c3'`).then((r) => r[0]),
    );
    await ok(engine, `create table public.copied as select d.best() as b`);
    expect(await rows(engine, 'select b from public.copied')).toEqual(await rows(engine, 'select l.best()'));
    for (const s of ['d', 'l'])
      await ok(engine, `update ${s}.customers set score = ${s}.open_total(id) where id in ('c1', 'c4')`);
    await same(`select id, score from {s}.customers order by id`);
    // An INSERT into the table the function reads: the function sees the items as before the statement.
    for (const s of ['d', 'l'])
      await ok(
        engine,
        `insert into ${s}.orders select 'c9', oid + 100, total, status from ${s}.orders_of('c2') where ${s}.order_count('c9') = 0`,
      );
    await same(`select oid, total from {s}.orders where cid = 'c9' order by oid`);
  });

  it('a function that writes to a foreign table is refused (0A000), before anything is read', async () => {
    await ok(
      engine,
      `create function d.drop_orders(c text) returns void language sql as $$ delete from d.orders where cid = c $$`,
    );
    const e = await fails(engine, `select d.drop_orders('c1')`);
    expect(e.sqlstate).toBe('0A000');
    expect(e.message).toContain('cannot write to foreign table "orders"');
    await same(`select count(*) from {s}.orders`);
  });

  it('PL/pgSQL functions read them too; their dynamic SQL is refused (plpgsql-functions.test.ts)', async () => {
    for (const s of ['d', 'l'])
      await ok(
        engine,
        `create function ${s}.p(c text) returns numeric language plpgsql as $$ begin return ${s}.open_total(c) + 1; end $$`,
      );
    await same(`select {s}.p('c1'), {s}.p('c2')`);
    const e = await fails(
      engine,
      `create function d.q() returns bigint language plpgsql as $$ begin execute 'select 1'; return 1; end $$`,
    );
    expect(e.sqlstate).toBe('42501');
    expect(e.hint).toContain('static SQL');
  });
});
