import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import type { WritePlan } from '../../src/types';
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
 * Issue 13: "the plan shows the limit and the time the statement will take at that rate" — for writes
 * too. A write's plan estimates its WCU before it runs (plan/write-estimate.ts: an INSERT ... VALUES
 * from its rows' items, an UPDATE or DELETE from its read's estimated items; every index the items
 * enter included), EXPLAIN prints it and the time at `dynascope.max_wcu_per_second`, and the run
 * consumes what was estimated. The items here are small (under 1 KB: one WCU each in the table, one
 * in an index that holds them).
 */
describe.each(BACKENDS)('the estimated WCU of a write, on %s', (backend) => {
  let client: DynamoDBClient;
  let engine: Engine;
  const limited = 'limited';
  /** Whether the emulator's ConsumedCapacity (TOTAL) counts index writes, as DynamoDB's does. */
  const indexesBilled = backend === 'dynamodb-local';

  beforeAll(async () => {
    client = clientOf(backend);
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'est');
    await engine.execute('set dynascope.max_wcu_per_second = 2', { session: limited });
  });

  afterAll(async () => {
    await engine?.close();
  });

  /** A table keyed by id (S), with a GSI `by_s` (ALL) on s when `gsi`, and `public.<name>` (id, s, n) over it. */
  const foreignTable = async (name: string, gsi: boolean, items = 0): Promise<void> => {
    const table = uniqueName(name);
    await createTable(
      client,
      table,
      { name: 'id', type: 'S' },
      undefined,
      gsi ? [{ name: 'by_s', pk: { name: 's', type: 'S' } }] : [],
    );
    await putItems(
      client,
      table,
      Array.from({ length: items }, (_, i) => ({ id: { S: `k${i}` }, s: { S: 'x' }, n: { N: String(i) } })),
    );
    await ok(
      engine,
      `create foreign table public.${name} (id text, s text, n int) server est options (table '${table}', rowid_column 'id')`,
    );
  };

  /** EXPLAIN's lines under the 2 WCU/s limit. */
  const explained = async (sql: string): Promise<string[]> => {
    const r = await engine.execute(`explain ${sql}`, { session: limited });
    expect(r.error).toBeUndefined();
    return r.statements[0]!.rows.map((row) => String(row[0]));
  };

  /** The write's plan after running `sql` (in a session without the limit, so the test does not wait). */
  const ran = async (sql: string, count: number): Promise<WritePlan> => {
    const r = await engine.execute(sql);
    expect(r.error).toBeUndefined();
    expect(r.statements[0]!.rowCount).toBe(count);
    return r.statements[0]!.plan!.write!;
  };

  const values = (n: number, s: string | null) =>
    Array.from({ length: n }, (_, i) => `('k${i}', ${s === null ? 'null' : `'${s}'`}, ${i})`).join(', ');
  const rateLine = (seconds: number) =>
    `  Rate Limit: 2 WCU/s (session: dynascope.max_wcu_per_second), about ${seconds} s at that rate`;

  it('an INSERT of 10 VALUES rows of small items: 10 WCU, about 5 s at 2 WCU/s; the run consumes 10', async () => {
    await foreignTable('est_insert', false);
    const insert = `insert into public.est_insert values ${values(10, 'x')}`;
    const lines = await explained(insert);
    expect(lines).toContain('  Estimated WCU: 10');
    expect(lines).toContain(rateLine(5));
    const [planned] = (await engine.explain(insert, { session: limited })).statements;
    expect(planned!.plan!.write).toMatchObject({
      estimatedWcu: 10,
      rateLimit: { wcuPerSecond: 2, source: 'session', estimatedSeconds: 5 },
    });
    const write = await ran(insert, 10);
    expect(write.estimatedWcu).toBe(10);
    expect(write.consumedWcu).toBe(10);
  });

  it('an item that enters a GSI costs its index entry too: 20 WCU, about 10 s; an item without its key does not', async () => {
    await foreignTable('est_insert_gsi', true);
    const insert = `insert into public.est_insert_gsi values ${values(10, 'x')}`;
    const lines = await explained(insert);
    expect(lines).toContain('  Estimated WCU: 20');
    expect(lines).toContain(rateLine(10));
    const write = await ran(insert, 10);
    expect(write.estimatedWcu).toBe(20);
    // DynamoDB Local bills the index entries in the TOTAL, as DynamoDB does; dynalite the table's alone.
    expect(write.consumedWcu).toBe(indexesBilled ? 20 : 10);
    // No s: the items are not in by_s.
    expect(await explained(`insert into public.est_insert_gsi values ${values(10, null)}`)).toContain(
      '  Estimated WCU: 10',
    );
  });

  it('inside BEGIN twice (TransactWriteItems bills double); rows that fail to make leave the estimate unknown and the block usable', async () => {
    await foreignTable('est_block', false);
    const session = 'block';
    const step = async (sql: string) => {
      const r = await engine.execute(sql, { session });
      expect(r.error).toBeUndefined();
      return r.statements[0]!.rows.map((row) => String(row[0]));
    };
    await step('begin');
    expect(await step(`explain insert into public.est_block values ${values(10, 'x')}`)).toContain(
      '  Estimated WCU: 20',
    );
    // A NULL key: the host refuses the row (NOT NULL is not declared, the engine's key check is): no estimate, no error.
    expect(await step(`explain insert into public.est_block values (null, 'x', 1)`)).toContain(
      '  Estimated WCU: unknown',
    );
    expect(await step(`explain insert into public.est_block values ('a', 'x', 'not a number')`)).toContain(
      '  Estimated WCU: unknown',
    );
    expect(await step('select 1')).toEqual(['1']);
    await step('rollback');
    // Out of the block: the items were made and rolled back; nothing is left in the host or DynamoDB.
    expect((await engine.execute('select count(*) from public.est_block')).statements[0]!.rows).toEqual([
      ['0'],
    ]);
  });

  /**
   * The items the target's Scan is estimated to read (DescribeTable's 10 on DynamoDB Local; dynalite
   * reports none, so a sample's count), and that the plan's WCU are those items at one WCU each.
   */
  const scanned = async (sql: string, wcuPerItem: number): Promise<number> => {
    const [planned] = (await engine.explain(sql, { session: limited })).statements;
    const scan = planned!.plan!.scans[0]!;
    const items = scan.tableItemCount!;
    if (scan.estimateBasis === 'describe-table') expect(items).toBe(10);
    expect(planned!.plan!.write!.estimatedWcu).toBe(items * wcuPerItem);
    return items;
  };

  it('an UPDATE of 10 small items: 10 WCU, about 5 s; 20 when what it sets is in a GSI entry; the run consumes them', async () => {
    await foreignTable('est_update', false, 10);
    const update = 'update public.est_update set n = n + 1';
    const items = await scanned(update, 1);
    const lines = await explained(update);
    expect(lines).toContain(`  Estimated WCU: ${items}`);
    expect(lines).toContain(rateLine(items / 2));
    const write = await ran(update, 10);
    expect(write.estimatedWcu).toBe(items);
    expect(write.consumedWcu).toBe(10);

    await foreignTable('est_update_gsi', true, 10);
    const gsiUpdate = 'update public.est_update_gsi set n = n + 1';
    const gsiItems = await scanned(gsiUpdate, 2);
    expect(await explained(gsiUpdate)).toContain(`  Estimated WCU: ${gsiItems * 2}`);
    const gsiWrite = await ran(gsiUpdate, 10);
    // The rewritten index entries too (DynamoDB Local: 20, as estimated; dynalite: the table's 10).
    expect(gsiWrite.consumedWcu).toBe(indexesBilled ? 20 : 10);
  });

  it('a DELETE of 10 small items: 10 WCU; INSERT ... SELECT is not known before it runs', async () => {
    await foreignTable('est_delete', false, 10);
    const items = await scanned('delete from public.est_delete', 1);
    expect(await explained('delete from public.est_delete')).toContain(`  Estimated WCU: ${items}`);
    const lines = await explained(
      `insert into public.est_delete select 'z' || g, 'x', g from generate_series(1, 5) g`,
    );
    expect(lines).toContain('  Estimated WCU: unknown');
    expect(lines).toContain('  Rate Limit: 2 WCU/s (session: dynascope.max_wcu_per_second)');
  });

  it('an INSERT run without a write limit prices the rows the host made for it, INSERT ... SELECT too', async () => {
    await foreignTable('est_unlimited', false);
    // Not made ahead (no EXPLAIN, no limit): the estimate comes from the rows as the run makes them.
    const select = await ran(
      `insert into public.est_unlimited select 'u' || g, 'x', g from generate_series(1, 7) g`,
      7,
    );
    expect(select.estimatedWcu).toBe(7);
    expect(select.consumedWcu).toBe(7);
    const values3 = await ran(`insert into public.est_unlimited values ${values(3, 'y')}`, 3);
    expect(values3.estimatedWcu).toBe(3);
  });
});
