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

/**
 * A statement answered from the items alone keeps its plan (plan/statement/plan-cache.ts): re-running it
 * skips binding and planning, yet every run reports its own figures, and anything the plan was
 * built from — the catalog, settings, the table's key schema — makes the next run plan afresh.
 */
describe.each(BACKENDS)('statement reuse on %s', (backend) => {
  let engine: Engine;
  const orders = uniqueName('orders');
  const other = uniqueName('orders_other');
  const point = "select pk, sk, status from c.orders where pk = 'p2' and sk = 's2'";

  beforeAll(async () => {
    const client = clientOf(backend);
    for (const t of [orders, other]) {
      await createTable(client, t, { name: 'pk', type: 'S' }, { name: 'sk', type: 'S' }, [
        { name: 'by_status', pk: { name: 'status', type: 'S' } },
      ]);
      await putItems(
        client,
        t,
        Array.from({ length: 12 }, (_, i) => ({
          pk: { S: `p${i % 3}` },
          sk: { S: `s${i}` },
          status: { S: `${t === orders ? 'open' : 'other'}${i % 2}` },
        })),
      );
    }
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema c; create foreign table c.orders (pk text not null, sk text, status text) server dynamodb_server options (table '${orders}', rowid_column 'pk')`,
    );
  });
  afterAll(() => engine?.close());

  async function run(sql: string) {
    const r = await engine.execute(sql);
    if (r.error) throw new Error(r.error.message);
    const s = r.statements.at(-1)!;
    return { scan: s.plan!.scans[0]!, rows: JSON.parse(toJson(s.rows)) as unknown[][], notices: s.notices };
  }

  it('re-runs give the same rows and plan, with each run’s own consumed RCU and counts', async () => {
    const first = await run(point);
    const second = await run(point);
    expect(first.rows).toEqual([['p2', 's2', 'open0']]);
    expect(second.rows).toEqual(first.rows);
    expect(second.scan.operation).toBe('GetItem');
    expect(second.scan.consumedRcu).toBe(first.scan.consumedRcu);
    expect(second.scan.returnedCount).toBe(1);
    expect(second.scan.pages).toBe(1);
    // The second run's plan is the first's (its request the very same frozen object), though the
    // lookup was planned from DescribeTable alone: the table has no statistics cached.
    expect(second.scan.request).toBe(first.scan.request);
  });

  it('a LIMIT’s pushed Limit does not leak into the next run of another statement text', async () => {
    const limited = await run("select pk, sk from c.orders where pk = 'p0' limit 2");
    expect(limited.scan.limit).toBe(2);
    expect(limited.rows).toHaveLength(2);
    const again = await run("select pk, sk from c.orders where pk = 'p0' limit 2");
    expect(again.scan.limit).toBe(2);
    expect(again.rows).toEqual(limited.rows);
    const all = await run("select pk, sk from c.orders where pk = 'p0'");
    expect(all.scan.limit).toBeNull();
    expect(all.rows).toHaveLength(4);
  });

  it('a changed setting replans: consistent reads come and go with dynascope.consistent_read', async () => {
    const eventual = await run(point);
    expect(eventual.scan.consistentRead).toBe(false);
    await ok(engine, 'set dynascope.consistent_read = on');
    const strong = await run(point);
    const strongAgain = await run(point);
    expect(strong.scan.consistentRead).toBe(true);
    expect(strongAgain.scan.consistentRead).toBe(true);
    expect(strong.scan.estimatedRcu).toBe(2 * eventual.scan.estimatedRcu!);
    await ok(engine, 'reset dynascope.consistent_read');
    expect((await run(point)).scan.consistentRead).toBe(false);
  });

  it('set_config() and SET apply from the next statement on; UPDATE pg_settings is refused (its rule calls set_config unchecked)', async () => {
    expect((await run(point)).scan.consistentRead).toBe(false);
    await ok(engine, "select set_config('dynascope.consistent_read', 'on', false)");
    expect((await run(point)).scan.consistentRead).toBe(true);
    await ok(engine, "select pg_catalog.set_config('dynascope.consistent_read', 'off', false)");
    expect((await run(point)).scan.consistentRead).toBe(false);
    expect(
      (await fails(engine, "update pg_settings set setting = 'on' where name = 'dynascope.consistent_read'"))
        .sqlstate,
    ).toBe('42501');
    expect((await run(point)).scan.consistentRead).toBe(false);
    await ok(engine, 'set dynascope.consistent_read = on');
    expect((await run(point)).scan.consistentRead).toBe(true);
    await ok(engine, 'reset dynascope.consistent_read');
    expect((await run(point)).scan.consistentRead).toBe(false);
  });

  it('a setting a SQL function changes in its body applies from the next statement on', async () => {
    await ok(
      engine,
      "create function set_consistent(v text) returns int language sql as $$ set dynascope.consistent_read = 'on'; select 1 $$",
    );
    expect((await run(point)).scan.consistentRead).toBe(false);
    await ok(engine, "select set_consistent('on')");
    expect((await run(point)).scan.consistentRead).toBe(true);
    await ok(engine, 'reset dynascope.consistent_read; drop function set_consistent(text)');
    expect((await run(point)).scan.consistentRead).toBe(false);
  });

  it('a segment count set for Scans applies from the next run on', async () => {
    const sql = "select pk, sk from c.orders where status = 'open1' or sk = 's0'";
    const before = await run(sql);
    expect(before.scan.operation).toBe('Scan');
    await ok(engine, 'set dynascope.scan_segments = 3');
    const segmented = await run(sql);
    expect(segmented.scan.segments).toBe(3);
    expect(segmented.rows.map((r) => r.join()).sort()).toEqual(before.rows.map((r) => r.join()).sort());
    await ok(engine, 'reset dynascope.scan_segments');
    expect((await run(sql)).scan.segments).toBe(before.scan.segments);
  });

  it('a changed table option reads the new DynamoDB table', async () => {
    expect((await run(point)).rows).toEqual([['p2', 's2', 'open0']]);
    await ok(engine, `alter foreign table c.orders options (set table '${other}')`);
    const moved = await run(point);
    expect(moved.scan.table).toBe(other);
    expect(moved.rows).toEqual([['p2', 's2', 'other0']]);
    await ok(engine, `alter foreign table c.orders options (set table '${orders}')`);
    expect((await run(point)).rows).toEqual([['p2', 's2', 'open0']]);
  });

  it('a recreated foreign table with other columns is planned again', async () => {
    await ok(
      engine,
      `drop foreign table c.orders; create foreign table c.orders (pk text not null, sk text) server dynamodb_server options (table '${orders}', rowid_column 'pk')`,
    );
    const r = await engine.execute(point);
    expect(r.error?.sqlstate).toBe('42703');
    await ok(
      engine,
      `drop foreign table c.orders; create foreign table c.orders (pk text not null, sk text, status text) server dynamodb_server options (table '${orders}', rowid_column 'pk')`,
    );
    expect((await run(point)).rows).toEqual([['p2', 's2', 'open0']]);
  });

  describe('temp tables kept between statements (session/temp-tables.ts)', () => {
    const join = `select o.sk, o.status, x.status as other from c.orders o join c.others x on x.pk = o.pk and x.sk = o.sk where o.pk = 'p1' order by o.sk`;
    const expected = [
      ['s1', 'open1', 'other1'],
      ['s10', 'open0', 'other0'],
      ['s4', 'open0', 'other0'],
      ['s7', 'open1', 'other1'],
    ];

    beforeAll(async () => {
      await ok(
        engine,
        `create foreign table c.others (pk text not null, sk text, status text) server dynamodb_server options (table '${other}', rowid_column 'pk')`,
      );
    });

    it('a join run again, after DISCARD TEMP, and inside a rolled-back transaction gives the same rows', async () => {
      expect((await run(join)).rows).toEqual(expected);
      expect((await run(join)).rows).toEqual(expected);
      await ok(engine, 'discard temp');
      expect((await run(join)).rows).toEqual(expected);
      await ok(engine, 'begin');
      expect((await run(join)).rows).toEqual(expected);
      await ok(engine, 'rollback');
      expect((await run(join)).rows).toEqual(expected);
      expect((await run(`select count(*) from c.orders o join c.others x using (pk, sk)`)).rows).toEqual([
        ['12'],
      ]);
    });

    it('no temp table keeps rows between statements', async () => {
      await run(join);
      // Each temp table counted by a statement of its own (SQL text run by query_to_xml must be a constant).
      const [tables] = await ok(
        engine,
        "select format('select count(*) from pg_temp.%I', relname) from pg_class where relpersistence = 't' and relkind = 'r'",
      );
      expect(tables!.rows.length).toBeGreaterThan(0);
      for (const [count] of tables!.rows)
        expect(await rows(engine, String(count)), String(count)).toEqual([['0']]);
    });
  });
});
