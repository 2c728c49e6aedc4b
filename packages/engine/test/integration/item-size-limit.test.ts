import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
  uniqueName,
} from '../support/harness';

/**
 * An INSERT whose row would be a DynamoDB item over 400 KB is refused before anything is written
 * (write/item-size-limit.ts): before, a 40-row INSERT with one such row wrote the 25 of its first
 * BatchWriteItem, then failed on DynamoDB's ValidationException.
 */
describe.each(BACKENDS)('items over 400 KB on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('item_size');
  const count = async () => (await client.send(new ScanCommand({ TableName: table, Select: 'COUNT' }))).Count;

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'pk', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table big (pk text not null, body text, n numeric)
         server dynamodb_server options (table '${table}', rowid_column 'pk')`,
    );
  });
  afterAll(() => engine?.close());

  it('a 40-row INSERT with one row over the limit writes none of them', async () => {
    const e = await fails(
      engine,
      `insert into big (pk, body, n)
         select 'r' || g, case when g = 30 then repeat('x', 410000) else 'small' end, g from generate_series(1, 40) g`,
    );
    expect(e.sqlstate).toBe('54000');
    expect(e.message).toBe(
      'the row of foreign table "public.big" with key {"pk":{"S":"r30"}} would be a DynamoDB item of 410,012 bytes, over its limit of 409,600',
    );
    expect(await count()).toBe(0);
    // Inside a block the statement fails as it runs, not at COMMIT.
    const b = await fails(engine, `begin; insert into big (pk, body) values ('b1', repeat('é', 205000))`);
    expect(b.sqlstate).toBe('54000');
    await ok(engine, 'rollback');
    expect(await count()).toBe(0);
  });

  it('an item of 409,600 bytes is written', async () => {
    await ok(engine, 'delete from big');
    // 'pk' + 'p1' + 'body' + its text: 8 bytes besides the text.
    await ok(engine, `insert into big (pk, body) values ('p1', repeat('y', 409592))`);
    expect(await count()).toBe(1);
    await ok(engine, `delete from big where pk = 'p1'`);
  });
});
