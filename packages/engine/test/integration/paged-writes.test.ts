import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { KEYS_IN_MEMORY } from '../../src/write/keys-seen';
import { IMAGES_IN_MEMORY } from '../../src/write/read-images';
import { PAGE_BLOCKS } from '../../src/write/temp-table-pages';
import {
  allItems,
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  fails,
  ok,
  openTestEngine,
  rows,
  uniqueName,
} from '../support/harness';

/** Rows of the host table `src` an INSERT reads. */
const ROWS = 3000;
/** Items an UPDATE or DELETE reads (dynalite takes single-item writes one at a time). */
const ITEMS = 1500;

/**
 * Writes that read their rows from the host a page of heap blocks at a time
 * (write/temp-table-pages.ts), twice (write/paged-writes.ts): every row over many pages written once,
 * and a row refused on the last page writes nothing, as when every write was made before the first
 * was sent. The statement's WCU limit stops them between requests, with what they wrote in the error.
 */
describe.each(BACKENDS)('writes a page at a time on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;

  beforeAll(async () => {
    client = clientOf(backend);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create table src as
         select 'k' || lpad(n::text, 5, '0') as pk, n, repeat('x', 100) || n as body
         from generate_series(1, ${ROWS}) n`,
    );
  });
  afterAll(() => engine?.close());

  const foreignTable = async (name: string) => {
    const table = uniqueName(name);
    await createTable(client, table, { name: 'pk', type: 'S' });
    await ok(
      engine,
      `create foreign table ${name} (pk text, n integer, body text)
         server dynamodb_server options (table '${table}', rowid_column 'pk')`,
    );
    return table;
  };

  /** An INSERT ... SELECT without RETURNING or ON CONFLICT, outside a block. */
  describe('an INSERT over many pages of rows', () => {
    let table: string;
    const itemCount = async () => (await allItems(client, table)).length;

    beforeAll(async () => {
      table = await foreignTable('pf');
    });

    beforeEach(async () => {
      await ok(engine, 'delete from pf');
      expect(await itemCount()).toBe(0);
    });

    it('writes every row of many pages once', async () => {
      // The rows span several pages: the same rows in the target's temp table do too.
      const [[blocks]] = (await rows(
        engine,
        `select pg_relation_size('src') / current_setting('block_size')::int`,
      )) as [[number]];
      expect(Number(blocks)).toBeGreaterThan(3 * PAGE_BLOCKS);
      const [r] = await ok(engine, 'insert into pf select * from src');
      expect(r!.rowCount).toBe(ROWS);
      expect(r!.plan?.write).toMatchObject({
        operation: 'BatchWriteItem',
        itemsWritten: ROWS,
        requests: ROWS / 25,
        estimatedWcu: ROWS,
      });
      expect(await itemCount()).toBe(ROWS);
      expect(
        await rows(
          engine,
          `select count(*)::int, count(distinct pk)::int, sum(n)::int, bool_and(body = repeat('x', 100) || n) from pf`,
        ),
      ).toEqual([[ROWS, ROWS, (ROWS * (ROWS + 1)) / 2, true]]);
    });

    it('dynascope.max_statement_wcu stops it between pages or within one: 54000, what it wrote in the error', async () => {
      const session = uniqueName('wcu');
      await engine.execute('set dynascope.max_statement_wcu = 1000', { session });
      const r = await engine.execute('insert into pf select * from src', { session });
      expect(r.error).toMatchObject({ sqlstate: '54000' });
      const written = Number(/\((\d+) rows written before the error\)$/.exec(r.error!.message)![1]);
      expect(written).toBeGreaterThanOrEqual(1000);
      expect(written).toBeLessThan(ROWS);
      expect(r.error!.detail).toMatch(/Rows written: .* and \d+ more\./);
      expect(await itemCount()).toBe(written);
    });

    it('writes nothing when the last row has a NULL key', async () => {
      const e = await fails(
        engine,
        `insert into pf select case when n = ${ROWS} then null else pk end, n, body from src`,
      );
      expect(e.sqlstate).toBe('23502');
      expect(await itemCount()).toBe(0);
    });

    it("writes nothing when the last row has a key an earlier page's row has", async () => {
      const e = await fails(
        engine,
        `insert into pf select case when n = ${ROWS} then 'k00001' else pk end, n, body from src`,
      );
      expect(e.sqlstate).toBe('23505');
      expect(e.detail).toContain('"k00001"');
      expect(await itemCount()).toBe(0);
    });

    describe('with more keys than memory holds (write/keys-seen.ts: in the host past KEYS_IN_MEMORY)', () => {
      const many = KEYS_IN_MEMORY + 2000;
      const insertMany = (key: string) =>
        `insert into pf select ${key}, g, 'b' from generate_series(1, ${many}) g`;

      it("writes nothing when the last row repeats the first row's key, long moved to the host", async () => {
        const e = await fails(engine, insertMany(`'k' || case when g = ${many} then 1 else g end`));
        expect(e.sqlstate).toBe('23505');
        expect(e.detail).toContain('"k1"');
        expect(await itemCount()).toBe(0);
      });

      it('writes nothing when the last two rows have one key, the first repeat in row order named', async () => {
        const e = await fails(
          engine,
          insertMany(`'k' || case when g = ${many} then ${many - 1} when g = ${many - 2} then 5 else g end`),
        );
        expect(e.sqlstate).toBe('23505');
        expect(e.detail).toContain('"k5"');
        expect(await itemCount()).toBe(0);
      });

      // Last: the items it writes stay (deleting them one by one would take longer than writing them).
      it('writes every row once', async () => {
        const [r] = await ok(engine, insertMany(`'k' || g`));
        expect(r!.rowCount).toBe(many);
        expect(await itemCount()).toBe(many);
      });
    });
  });

  /**
   * An UPDATE or DELETE without RETURNING, outside a block, whose target's read returns more than
   * IMAGES_IN_MEMORY items keeps the items as read in the host (write/read-images.ts), its rows there
   * too, each joined to its item. RETURNING, which holds the rows anyway, still gets every row.
   */
  describe('an UPDATE or DELETE of more items than memory holds', () => {
    let table: string;
    /** Every item as DynamoDB holds it, by pk. */
    const scanAll = async () =>
      new Map(
        (await allItems(client, table)).map((i) => [
          i.pk!.S!,
          i as { n: { N: string }; body?: { S: string } },
        ]),
      );
    /** Every item's n as DynamoDB holds it, by pk. */
    const items = async () =>
      new Map([...(await scanAll())].map(([pk, i]) => [pk, [Number(i.n.N)] as const]));
    const sumOfN = async () => [...(await items()).values()].reduce((s, [n]) => s + n, 0);
    const firstSum = (ITEMS * (ITEMS + 1)) / 2;

    beforeAll(async () => {
      expect(ITEMS).toBeGreaterThan(IMAGES_IN_MEMORY);
      table = await foreignTable('pw');
    });

    beforeEach(async () => {
      await ok(engine, 'delete from pw');
      await ok(engine, `insert into pw select * from src where n <= ${ITEMS}`);
      expect(await sumOfN()).toBe(firstSum);
    });

    it('updates each row its WHERE keeps once, setting and removing attributes as Postgres computed them', async () => {
      const [r] = await ok(engine, 'update pw set n = n * 2 + 1, body = null where n % 2 = 0');
      expect(r!.rowCount).toBe(ITEMS / 2);
      expect(r!.plan?.write).toMatchObject({ operation: 'UpdateItem', itemsWritten: ITEMS / 2 });
      const after = await scanAll();
      expect(after.size).toBe(ITEMS);
      for (let n = 1; n <= ITEMS; n++) {
        const item = after.get('k' + String(n).padStart(5, '0'))!;
        if (n % 2 === 0) {
          expect(item.n.N).toBe(String(n * 2 + 1));
          expect(item.body).toBeUndefined();
        } else {
          expect(item.n.N).toBe(String(n));
          expect(item.body?.S).toBe('x'.repeat(100) + n);
        }
      }
    });

    it('writes nothing when the last row read cannot be written', async () => {
      // The rows come back in the order they were read: the last one is on the last page.
      const read = (await rows(engine, 'select pk from pw')) as [string][];
      const last = read.at(-1)![0];
      const e = await fails(
        engine,
        `update pw set n = n + 1, body = case when pk = '${last}' then repeat('y', 410000) else body end`,
      );
      expect(e.sqlstate).toBe('54000');
      expect(e.message).toContain(last);
      expect(await sumOfN()).toBe(firstSum);
    });

    it("writes nothing when the host fails running the rows' UPDATE, and the next statement runs", async () => {
      // Found by the host as it runs the UPDATE inside the WITH that keeps its rows, the images already there.
      const e = await fails(engine, 'update pw set n = n + 1 where n > 0 and body::int > 1');
      expect(e.sqlstate).toBe('22P02');
      expect(e.message).toContain('invalid input syntax for type integer');
      expect(await sumOfN()).toBe(firstSum);
      const [r] = await ok(engine, 'update pw set n = n + 1 where n <= 10');
      expect(r!.rowCount).toBe(10);
      expect(await sumOfN()).toBe(firstSum + 10);
    });

    it('deletes every item once', async () => {
      const [r] = await ok(engine, 'delete from pw where length(body) > 0');
      expect(r!.rowCount).toBe(ITEMS);
      expect(r!.plan?.write).toMatchObject({ operation: 'DeleteItem', itemsWritten: ITEMS });
      expect((await items()).size).toBe(0);
    });

    it('deletes only the rows its WHERE keeps, joined to a host table', async () => {
      const [r] = await ok(engine, 'delete from pw using src where src.pk = pw.pk and src.n % 3 = 0');
      expect(r!.rowCount).toBe(ITEMS / 3);
      const left = await items();
      expect(left.size).toBe(ITEMS - ITEMS / 3);
      expect([...left.values()].every(([n]) => n % 3 !== 0)).toBe(true);
    });

    it('dynascope.max_statement_wcu stops an UPDATE: 54000, exactly the items it wrote in the error', async () => {
      const session = uniqueName('wcu');
      await engine.execute('set dynascope.max_statement_wcu = 300', { session });
      const r = await engine.execute('update pw set n = n + 1000000', { session });
      expect(r.error).toMatchObject({ sqlstate: '54000' });
      const written = Number(/\((\d+) rows written before the error\)$/.exec(r.error!.message)![1]);
      expect(written).toBeGreaterThanOrEqual(300);
      expect(written).toBeLessThan(ITEMS);
      const changed = [...(await items()).values()].filter(([n]) => n > 1000000).length;
      expect(changed).toBe(written);
    });

    it('RETURNING still returns every row it changed', async () => {
      const [r] = await ok(engine, 'update pw set n = -n returning pk, n');
      expect(r!.rowCount).toBe(ITEMS);
      expect(r!.rows).toHaveLength(ITEMS);
      expect(r!.rows.reduce((s, row) => s + Number(row[1]), 0)).toBe(-firstSum);
      expect(await sumOfN()).toBe(-firstSum);
    });
  });
});
