import { GetItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
  rows,
  uniqueName,
} from '../support/harness';

/**
 * A date/time column is written as the ISO 8601 text it is read back from (write/write-value.ts,
 * load/is-iso-8601.ts): a value that has none — infinity, a BC date, a year past 9999 — is refused
 * with 22008 before an INSERT sends anything. Before, `insert ... values ('infinity')` wrote
 * { S: 'infinity' } and then every read of the whole table failed 22P02 on that item.
 */
describe.each(BACKENDS)('date/time values DynamoDB cannot hold as ISO 8601, on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('dt_writes');

  const item = async (pk: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }),
      )
    ).Item;
  const count = async () => (await client.send(new ScanCommand({ TableName: table, Select: 'COUNT' }))).Count;

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'pk', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table dt (pk text not null, d date, ts timestamp, tz timestamptz, ds date[])
         server dynamodb_server options (table '${table}', rowid_column 'pk')`,
    );
    await ok(
      engine,
      `insert into dt (pk, d, ts, tz) values ('ok', '2024-01-05', '2024-01-05 10:00', '2024-01-05 10:00+02')`,
    );
  });
  afterAll(() => engine?.close());

  it.each([
    ['d', 'infinity', 'date'],
    ['d', '-infinity', 'date'],
    ['d', '0044-03-15 BC', 'date'],
    ['d', '10000-01-01', 'date'],
    ['ts', 'infinity', 'timestamp without time zone'],
    ['ts', '0044-03-15 10:00 BC', 'timestamp without time zone'],
    ['tz', '-infinity', 'timestamp with time zone'],
    ['tz', '10000-01-01 00:00+00', 'timestamp with time zone'],
    // 0001-01-01 00:30 at +01 is 0001-12-31 23:30 BC in UTC, as it is written.
    ['tz', '0001-01-01 00:30+01', 'timestamp with time zone'],
  ])('%s = %s is refused (22008), nothing written', async (column, value, type) => {
    const before = await count();
    const e = await fails(
      engine,
      `insert into dt (pk, ${column}) values ('a1', '2024-01-01'), ('a2', '${value}'), ('a3', '2024-01-02')`,
    );
    expect(e.sqlstate).toBe('22008');
    expect(e.message).toMatch(
      new RegExp(`of column "${column}" cannot be stored in DynamoDB as an ISO 8601 ${type}$`),
    );
    expect(await count()).toBe(before);
    const u = await fails(engine, `update dt set ${column} = '${value}' where pk = 'ok'`);
    expect(u.sqlstate).toBe('22008');
    // Inside a block the statement fails as it runs, not at COMMIT.
    const b = await fails(engine, `begin; insert into dt (pk, ${column}) values ('b1', '${value}')`);
    expect(b.sqlstate).toBe('22008');
    await ok(engine, 'rollback');
    expect(await item('b1')).toBeUndefined();
    expect(await rows(engine, 'select pk, d, ts, tz from dt order by pk')).toEqual([
      ['ok', '2024-01-05', '2024-01-05 10:00:00', '2024-01-05 08:00:00+00'],
    ]);
  });

  it('the years 0001 to 9999 are written and read back; an array column keeps infinity and BC (its elements go through their input)', async () => {
    await ok(
      engine,
      `insert into dt (pk, d, ts, tz, ds) values
         ('edge', '0001-01-01', '9999-12-31 23:59:59.999999', '0001-01-01 00:00+00', '{infinity,0044-03-15 BC,2024-01-05}')`,
    );
    expect(await item('edge')).toMatchObject({
      d: { S: '0001-01-01' },
      ts: { S: '9999-12-31T23:59:59.999999' },
      tz: { S: '0001-01-01T00:00:00+00:00' },
    });
    expect(await rows(engine, `select d, ts, tz, ds from dt where pk = 'edge'`)).toEqual([
      [
        '0001-01-01',
        '9999-12-31 23:59:59.999999',
        '0001-01-01 00:00:00+00',
        '{infinity,"0044-03-15 BC",2024-01-05}',
      ],
    ]);
    await ok(engine, `delete from dt where pk = 'edge'`);
  });
});
