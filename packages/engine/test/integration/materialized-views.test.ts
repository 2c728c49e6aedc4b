import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
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
 * Materialized views over foreign tables: created with the rows the query reads through the engine,
 * read like any table, refreshed by running the query again (atomically: a failed refresh keeps the
 * old rows), dropped with their query. Over host tables they stay Postgres's own.
 */
describe.each(BACKENDS)('materialized views on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('mv');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      { id: { S: 'a' }, status: { S: 'open' }, total: { N: '10' } },
      { id: { S: 'b' }, status: { S: 'closed' }, total: { N: '20' } },
      { id: { S: 'c' }, status: { S: 'open' }, total: { N: '30' } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.orders (id text, status text, total numeric) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(() => engine?.close());

  it('CREATE reads through the engine; REFRESH reads again; DROP removes it', async () => {
    const [created] = await ok(
      engine,
      "create materialized view open_orders as select id, total from orders where status = 'open'",
    );
    expect(created!.command).toBe('SELECT');
    expect(created!.rowCount).toBe(2);
    expect(await rows(engine, 'select id, total from open_orders order by id')).toEqual([
      ['a', '10'],
      ['c', '30'],
    ]);
    // DynamoDB changes; the view shows the old rows until REFRESH.
    await clientOf(backend).send(
      new PutItemCommand({
        TableName: table,
        Item: { id: { S: 'd' }, status: { S: 'open' }, total: { N: '40' } },
      }),
    );
    expect(await rows(engine, 'select count(*) from open_orders')).toEqual([['2']]);
    const [refreshed] = await ok(engine, 'refresh materialized view open_orders');
    expect(refreshed!.command).toBe('REFRESH MATERIALIZED VIEW');
    expect(await rows(engine, 'select id from open_orders order by id')).toEqual([['a'], ['c'], ['d']]);
    // Its query is the engine's, out of user SQL's reach.
    expect((await fails(engine, 'select * from dynascope.materialized_views')).sqlstate).toBe('42501');
    expect((await fails(engine, 'refresh materialized view concurrently open_orders')).sqlstate).toBe(
      '0A000',
    );
    await ok(engine, 'refresh materialized view open_orders with no data');
    expect(await rows(engine, 'select count(*) from open_orders')).toEqual([['0']]);
    await ok(engine, 'drop materialized view open_orders');
    expect((await fails(engine, 'select * from open_orders')).sqlstate).toBe('42P01');
  });

  it('WITH NO DATA creates it empty; a column list names its columns', async () => {
    await ok(
      engine,
      'create materialized view totals (order_id, amount) as select id, total from orders with no data',
    );
    expect(await rows(engine, 'select count(*) from totals')).toEqual([['0']]);
    await ok(engine, 'refresh materialized view totals');
    expect(await rows(engine, "select amount from totals where order_id = 'b'")).toEqual([['20']]);
    await ok(engine, 'drop materialized view totals');
  });

  it('a function that reads a foreign table works; where the statement does not call it, it fails clearly', async () => {
    await ok(
      engine,
      'create function open_count() returns bigint language sql as $$ select count(*) from orders $$',
    );
    expect(await rows(engine, 'select open_count()')).toEqual(
      await rows(engine, 'select count(*) from orders'),
    );
    // A column default calls it where the engine cannot rewrite the statement.
    await ok(engine, 'create table counted (n bigint default open_count())');
    const e = await fails(engine, 'insert into counted default values');
    expect(e.sqlstate).toBe('55000');
    expect(e.message).toMatch(
      /has no handler: a foreign table is read where the engine cannot rewrite the statement/,
    );
    await ok(engine, 'drop table counted; drop function open_count()');
  });

  it('a materialized view over host tables stays Postgres’s', async () => {
    await ok(
      engine,
      'create table local_t (x int); insert into local_t values (1); create materialized view local_mv as select x from local_t',
    );
    expect(await rows(engine, "select count(*) from pg_matviews where matviewname = 'local_mv'")).toEqual([
      ['1'],
    ]);
    await ok(
      engine,
      'refresh materialized view local_mv; drop materialized view local_mv; drop table local_t',
    );
  });
});
