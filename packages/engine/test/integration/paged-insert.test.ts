import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { PAGE_BLOCKS } from '../../src/write/temp-table-pages';
import {
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

const ROWS = 3000;

/**
 * An INSERT ... SELECT without RETURNING or ON CONFLICT, outside a block, reads its rows from the
 * host a page of heap blocks at a time (write/temp-table-pages.ts), twice (write/paged-puts.ts):
 * every row over many pages written once, and a row refused on the last page — a NULL key, a key
 * an earlier page has — writes nothing, as when every item was made before the first was sent.
 */
describe.each(BACKENDS)('an INSERT over many pages of rows on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('paged_insert');

  const itemCount = async () => {
    let count = 0;
    let start: Record<string, never> | undefined;
    do {
      const out = await client.send(
        new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey as typeof start;
    } while (start);
    return count;
  };

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'pk', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table pf (pk text, n integer, body text)
         server dynamodb_server options (table '${table}', rowid_column 'pk');
       create table src as
         select 'k' || lpad(n::text, 5, '0') as pk, n, repeat('x', 100) || n as body
         from generate_series(1, ${ROWS}) n`,
    );
  });
  afterAll(() => engine?.close());

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
});
