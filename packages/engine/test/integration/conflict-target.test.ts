import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
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
 * INSERT ... ON CONFLICT's target on a foreign table (write/conflict-target.ts): the item's key
 * columns, in any order, or none; an item conflicts with the item of its key. Any other target would
 * have silently meant the key: refused as Postgres refuses a target no unique index matches, with
 * nothing written; a column or constraint that does not exist is Postgres's 42703 / 42704.
 */
describe('ON CONFLICT targets on foreign tables', () => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('conflict');
  const get = async (pk: string, sk: number) =>
    (
      await client.send(
        new GetItemCommand({
          TableName: table,
          Key: { pk: { S: pk }, sk: { N: String(sk) } },
          ConsistentRead: true,
        }),
      )
    ).Item;

  beforeAll(async () => {
    client = clientOf('dynalite');
    await createTable(client, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(client, table, [{ pk: { S: 'a' }, sk: { N: '1' }, n: { N: '10' } }]);
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
    await ok(
      engine,
      `create foreign table ft (pk text not null, sk integer not null, n integer constraint n_positive check (n > 0))
         server dynamodb_server options (table '${table}', rowid_column 'pk')`,
    );
  });
  afterAll(() => engine?.close());

  it('the key, in any order, conflicts on the item as no target does', async () => {
    for (const [i, target] of ['(pk, sk)', '(sk, pk)', '("pk", sk)', ''].entries()) {
      const [r] = await ok(
        engine,
        `insert into ft values ('a', 1, 99), ('b', ${10 + i}, 5) on conflict ${target} do nothing returning pk, sk`,
      );
      expect(r!.rows).toEqual([['b', 10 + i]]);
    }
    expect((await get('a', 1))?.n).toEqual({ N: '10' });
  });

  it.each([
    ['(n)', '42P10'],
    ['(pk)', '42P10'],
    ['(pk, sk, n)', '42P10'],
    ['(pk, sk) where n > 0', '42P10'],
    ['(lower(pk), sk)', '42P10'],
    ['on constraint n_positive', '42809'],
    ['on constraint nosuch', '42704'],
    ['(pk, nosuch)', '42703'],
  ])('on conflict %s is %s, nothing written (EXPLAIN too)', async (target, sqlstate) => {
    const sql = `insert into ft values ('a', 1, 7), ('c', 3, 7) on conflict ${target} do nothing`;
    for (const explain of ['', 'explain ']) {
      const e = await fails(engine, explain + sql);
      expect(e.sqlstate).toBe(sqlstate);
      if (sqlstate === '42P10') {
        expect(e.message).toBe(
          'there is no unique or exclusion constraint matching the ON CONFLICT specification',
        );
        expect(e.hint).toMatch(/conflict target can only be the item's key: \(pk, sk\), or none/);
      }
      if (sqlstate === '42703') {
        expect(e.message).toBe('column "nosuch" does not exist');
        expect(e.position).toBe(explain.length + sql.indexOf('nosuch') + 1);
      }
      if (sqlstate === '42704') expect(e.message).toBe('constraint "nosuch" for table "ft" does not exist');
    }
    expect((await get('a', 1))?.n).toEqual({ N: '10' });
    expect(await get('c', 3)).toBeUndefined();
  });
});
