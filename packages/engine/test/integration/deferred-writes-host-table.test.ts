import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * Data-modifying WITH queries writing foreign tables, the statement writing a table of the host's
 * own: its rows commit as it ends, so the WITH queries' items are sent before it runs (as before
 * run/deferred-writes.ts held them back) — a send stopped midway (statement_timeout, made long by
 * the throughput governor) fails the statement with the host's table as it was. Before, the host's
 * DELETE ran first and stayed: the rows gone, their items never written.
 */
describe.each(BACKENDS)('WITH queries writing foreign tables before a host-table write on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('dw_host_t');
  const other = uniqueName('dw_host_u');
  const ITEMS = 60;
  const item = (i: number) => ({ id: { N: String(i) }, body: { S: 'x'.repeat(2000) } });
  const holding = async (name: string, marked: string) =>
    ((await client.send(new ScanCommand({ TableName: name, ConsistentRead: true }))).Items ?? []).filter(
      (i) => i.body?.S === marked,
    ).length;

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'N' });
    await createTable(client, other, { name: 'id', type: 'N' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table dwt (id bigint, body text) server dynamodb_server options (table '${table}', rowid_column 'id');
       create foreign table dwu (id bigint, body text) server dynamodb_server options (table '${other}', rowid_column 'id');
       create table dwl (id bigint, body text)`,
    );
  });
  afterAll(() => engine?.close());

  beforeEach(async () => {
    await ok(
      engine,
      `delete from dwt; delete from dwl; insert into dwl select i, 'L' from generate_series(1, ${ITEMS}) i`,
    );
    await putItems(
      client,
      other,
      Array.from({ length: ITEMS }, (_, i) => item(i + 1)),
    );
  });

  /** Runs `sql` with writes paced to ~4 items a second and a 1.5 s timeout: it stops while sending. */
  const stopped = async (sql: string) => {
    const session = uniqueName('s');
    await engine.execute("set dynascope.max_wcu_per_second = 8; set statement_timeout = '1500ms'", {
      session,
    });
    const r = await engine.execute(sql, { session });
    expect(r.error?.message).toMatch(
      /^canceling statement due to statement timeout \(\d+ rows? written before the error\)$/,
    );
    return Number(/\((\d+) rows? written/.exec(r.error!.message)![1]);
  };

  it.each([
    [
      'one WITH query',
      `with i as (insert into dwt select id, 'moved' from dwl returning id) delete from dwl`,
    ],
    [
      'two WITH queries',
      `with i as (insert into dwt select id, 'moved' from dwl returning id),
            u as (update dwu set body = 'moved' returning id)
       delete from dwl`,
    ],
  ])('%s stopped while sending leaves the host table as it was', async (_name, sql) => {
    const written = await stopped(sql);
    expect(written).toBeLessThan(ITEMS);
    expect((await holding(table, 'moved')) + (await holding(other, 'moved'))).toBe(written);
    expect(await rows(engine, 'select count(*)::int from dwl')).toEqual([[ITEMS]]);
  });

  it('when every item is sent the host table is written', async () => {
    await ok(
      engine,
      `with i as (insert into dwt select id, 'moved' from dwl where id <= 3 returning id),
            u as (update dwu set body = 'moved' where id <= 2 returning id)
       delete from dwl where id <= 3`,
    );
    expect(await holding(table, 'moved')).toBe(3);
    expect(await holding(other, 'moved')).toBe(2);
    expect(await rows(engine, 'select count(*)::int from dwl')).toEqual([[ITEMS - 3]]);
  });

  it('a SELECT that fails after two WITH queries still writes nothing', async () => {
    const r = await engine.execute(
      `with i as (insert into dwt select id, 'moved' from dwl returning id),
            u as (update dwu set body = 'moved' returning id)
       select 1 / (id - id) from i`,
    );
    expect(r.error?.sqlstate).toBe('22012');
    expect(await holding(table, 'moved')).toBe(0);
    expect(await holding(other, 'moved')).toBe(0);
  });
});
