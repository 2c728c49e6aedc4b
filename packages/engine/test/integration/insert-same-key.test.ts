import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
  uniqueName,
} from '../support/harness';

/**
 * An INSERT naming one key twice (issue 12). DynamoDB keeps one item per key, so the second PutItem
 * would silently replace the first row: the INSERT is refused as Postgres refuses it on a table with
 * that key (23505 duplicate key value violates unique constraint, a unique violation to drivers), with
 * nothing written. An INSERT replacing an item from before the statement counts 1 (spec §4), and
 * `ON CONFLICT DO NOTHING` keeps the first row as Postgres does.
 */
describe.each(BACKENDS)('INSERT with the same key twice on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('samekey');
  const sorted = uniqueName('samekey_sk');
  const get = async (name: string, key: Record<string, AttributeValue>) =>
    (await client.send(new GetItemCommand({ TableName: name, Key: key, ConsistentRead: true }))).Item;

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await createTable(client, sorted, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(client, table, [{ id: { S: 'old' }, n: { N: '1' } }]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.t (id text not null, n integer)
         server dynamodb_server options (table '${table}', rowid_column 'id');
       create foreign table public.s (pk text not null, sk integer not null, n integer)
         server dynamodb_server options (table '${sorted}', rowid_column 'pk');`,
    );
  });
  afterAll(() => engine?.close());

  it('VALUES naming a key twice is 23505, nothing written', async () => {
    const e = await fails(engine, `insert into t values ('a', 1), ('b', 2), ('a', 3)`);
    expect(e).toMatchObject({ sqlstate: '23505' });
    expect(e.message).toBe(`duplicate key value violates the key of "t"`);
    expect(e.detail).toBe(
      `Key {"id":{"S":"a"}} is inserted twice by this INSERT: DynamoDB keeps one item per key, so the second row would replace the first.`,
    );
    expect(e.hint).toMatch(
      /no rows proposed for insertion within the same command have duplicate key values/,
    );
    expect(await get(table, { id: { S: 'a' } })).toBeUndefined();
    expect(await get(table, { id: { S: 'b' } })).toBeUndefined();
  });

  it('INSERT ... SELECT yielding a key twice is 23505 too; RETURNING returns nothing', async () => {
    const e = await fails(
      engine,
      `insert into t select 'c', g from generate_series(1, 30) g returning id, n`,
    );
    expect(e.sqlstate).toBe('23505');
    expect(await get(table, { id: { S: 'c' } })).toBeUndefined();
  });

  it('the same partition key with other sort keys is other items: all written, each counted', async () => {
    const [s] = await ok(engine, `insert into s values ('p', 1, 10), ('p', 2, 20), ('q', 1, 30)`);
    expect(s!.rowCount).toBe(3);
    expect(await get(sorted, { pk: { S: 'p' }, sk: { N: '2' } })).toEqual({
      pk: { S: 'p' },
      sk: { N: '2' },
      n: { N: '20' },
    });
    const e = await fails(engine, `insert into s values ('p', 3, 1), ('p', 3, 2)`);
    expect(e).toMatchObject({ sqlstate: '23505', message: `duplicate key value violates the key of "s"` });
    expect(e.detail).toMatch(/^Key \{"pk":\{"S":"p"\},"sk":\{"N":"3"\}\} is inserted twice by this INSERT: /);
  });

  it('replacing an item from before the statement is one row changed, as the spec says', async () => {
    const [s] = await ok(engine, `insert into t values ('old', 2), ('new', 3)`);
    expect(s!.rowCount).toBe(2);
    expect(await get(table, { id: { S: 'old' } })).toEqual({ id: { S: 'old' }, n: { N: '2' } });
  });

  it('ON CONFLICT DO NOTHING keeps the first of the two rows and counts 1', async () => {
    const [s] = await ok(
      engine,
      `insert into t values ('d', 1), ('d', 2) on conflict do nothing returning n`,
    );
    expect(s!.rowCount).toBe(1);
    expect(s!.rows).toEqual([[1]]);
    expect(await get(table, { id: { S: 'd' } })).toEqual({ id: { S: 'd' }, n: { N: '1' } });
  });

  it.each([
    `insert into {t} values ('e', 1), ('f', 2), ('e', 3)`,
    `insert into {t} select 'g', g from generate_series(1, 3) g returning id`,
    `insert into {t} (id) values ('h'), ('h') on conflict (n) do nothing`,
  ])('answers as a host table with that key: %s', async (sql) => {
    await ok(engine, 'create table if not exists lt (id text primary key, n integer)');
    const local = await fails(engine, sql.replaceAll('{t}', 'lt'));
    const foreign = await fails(engine, sql.replaceAll('{t}', 't'));
    expect(foreign.sqlstate).toBe(local.sqlstate);
    for (const id of ['e', 'f', 'g', 'h']) expect(await get(table, { id: { S: id } })).toBeUndefined();
  });
});
