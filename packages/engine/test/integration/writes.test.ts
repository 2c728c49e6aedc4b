import {
  DeleteItemCommand,
  GetItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import { batchWrite } from '../../src/write/batch-write';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  fails,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';
import { startRequestLog } from '../support/request-log';

const BIG = '-98765432109876543210987654321098765.432';

/** Spec §4 and IMPORT FOREIGN SCHEMA for writing, against real DynamoDB APIs. */
describe.each(BACKENDS)('writes on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const orders = uniqueName('orders');
  const odd = uniqueName('Order-Items.v2');
  const plain = uniqueName('plain');
  const local = odd.replace(/[^A-Za-z0-9_]/g, '_');

  const get = async (table: string, key: Record<string, AttributeValue>) =>
    (await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, orders, { name: 'customer_id', type: 'S' }, { name: 'order_date', type: 'S' });
    await createTable(client, odd, { name: 'userId', type: 'N' }, { name: 'sk', type: 'S' });
    await createTable(client, plain, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema dynamodb;
       create foreign table dynamodb.orders (customer_id text not null, order_date text, total numeric, visits integer default 0,
         raw bytea, paid boolean, at timestamptz, doc jsonb, _attrs jsonb)
         server dynamodb_server options (table '${orders}', rowid_column 'customer_id');
       create foreign table dynamodb.native (customer_id text not null, order_date text, doc jsonb)
         server dynamodb_server options (table '${orders}', rowid_column 'customer_id', jsonb_write 'native');
       create foreign table dynamodb.no_rowid (id text) server dynamodb_server options (table '${plain}');
       create foreign table dynamodb.bad_rowid (id text) server dynamodb_server options (table '${plain}', rowid_column 'nope');
       create foreign table dynamodb.plain (id text not null, n numeric, _attrs jsonb) server dynamodb_server options (table '${plain}', rowid_column 'id');
       set timezone = 'UTC';`,
    );
  });
  afterAll(() => engine?.close());

  it('INSERT writes typed attributes, leaves SQL NULLs out, spreads the catch-all natively, returns rows', async () => {
    const [s] = await ok(
      engine,
      `insert into dynamodb.orders (customer_id, order_date, total, raw, paid, at, doc, _attrs)
       values ('c1', '2024-01-01', ${BIG}, '\\x00ff', true, '2024-01-05 10:00:00+00', '{"a": 1}', '{"color": "red", "n": 12345678901234567890123456789012345678, "l": [1, "x"], "m": {"k": null}}')
       returning customer_id, visits, total`,
    );
    expect(s!.command).toBe('INSERT');
    expect(s!.rowCount).toBe(1);
    expect(JSON.parse(toJson(s!.rows))).toEqual([['c1', 0, BIG]]);
    // One VALUES row: the plan names the PutItem the run sends.
    expect(s!.plan!.write).toMatchObject({ operation: 'PutItem', itemsWritten: 1 });
    const item = await get(orders, { customer_id: { S: 'c1' }, order_date: { S: '2024-01-01' } });
    expect(item).toEqual({
      customer_id: { S: 'c1' },
      order_date: { S: '2024-01-01' },
      total: { N: BIG },
      visits: { N: '0' },
      raw: { B: new Uint8Array([0, 255]) },
      paid: { BOOL: true },
      at: { S: '2024-01-05T10:00:00+00:00' },
      doc: { S: '{"a": 1}' },
      color: { S: 'red' },
      n: { N: '12345678901234567890123456789012345678' },
      l: { L: [{ N: '1' }, { S: 'x' }] },
      m: { M: { k: { NULL: true } } },
    });
    // Round trip: the same values come back, every digit and byte.
    expect(
      await rows(
        engine,
        "select total, raw, paid, at, doc, _attrs->>'n' from dynamodb.orders where customer_id = 'c1'",
      ),
    ).toEqual([
      [BIG, '\\x00ff', true, '2024-01-05 10:00:00+00', { a: 1 }, '12345678901234567890123456789012345678'],
    ]);
  });

  it("jsonb_write 'native' writes L/M instead of JSON text", async () => {
    await ok(engine, `insert into dynamodb.native values ('c9', 'd', '{"a": [true, 2]}')`);
    expect((await get(orders, { customer_id: { S: 'c9' }, order_date: { S: 'd' } }))!.doc).toEqual({
      M: { a: { L: [{ BOOL: true }, { N: '2' }] } },
    });
    // Numbers inside are written as a numeric column writes them (DynamoDB Local kept UpdateItem's 2.50).
    await ok(
      engine,
      `update dynamodb.native set doc = '{"a": 2.50}' where customer_id = 'c9' and order_date = 'd'`,
    );
    expect((await get(orders, { customer_id: { S: 'c9' }, order_date: { S: 'd' } }))!.doc).toEqual({
      M: { a: { N: '2.5' } },
    });
  });

  it('INSERT replaces an item with the same key; ON CONFLICT DO NOTHING keeps it; DO UPDATE is refused', async () => {
    await ok(engine, "insert into dynamodb.orders (customer_id, order_date, total) values ('c2', 'd1', 1)");
    await ok(engine, "insert into dynamodb.orders (customer_id, order_date, total) values ('c2', 'd1', 2)");
    expect(await rows(engine, "select total from dynamodb.orders where customer_id = 'c2'")).toEqual([['2']]);
    const [s] = await ok(
      engine,
      "insert into dynamodb.orders (customer_id, order_date, total) values ('c2', 'd1', 3), ('c2', 'd2', 4) on conflict do nothing returning order_date",
    );
    expect(s!.rowCount).toBe(1);
    expect(s!.rows).toEqual([['d2']]);
    expect(s!.plan!.write).toMatchObject({
      operation: 'PutItem',
      condition: 'attribute_not_exists(customer_id)',
    });
    expect(
      await rows(engine, "select order_date, total from dynamodb.orders where customer_id = 'c2' order by 1"),
    ).toEqual([
      ['d1', '2'],
      ['d2', '4'],
    ]);
    const e = await fails(
      engine,
      "insert into dynamodb.orders (customer_id, order_date) values ('c2', 'd1') on conflict (customer_id) do update set total = 5",
    );
    expect(e.sqlstate).toBe('0A000');
  });

  it('INSERT ... SELECT from another foreign table, 1,000 rows in batches of 25', async () => {
    await ok(
      engine,
      "insert into dynamodb.plain (id, n) select 'p' || g, g * 1.5 from generate_series(1, 1000) g",
    );
    const [s] = await ok(
      engine,
      "insert into dynamodb.orders (customer_id, order_date, total) select 'copy', id, n from dynamodb.plain",
    );
    expect(s!.rowCount).toBe(1000);
    expect(s!.plan!.write!.requests).toBeGreaterThanOrEqual(40);
    expect(s!.plan!.scans[0]!.operation).toBe('Scan');
    expect(
      await rows(engine, "select count(*), sum(total) from dynamodb.orders where customer_id = 'copy'"),
    ).toEqual([['1000', '750750.0']]);
  });

  it('UPDATE uses the full key, SETs values, REMOVEs NULLs, computes from the old row, updates catch-all members', async () => {
    await ok(
      engine,
      `insert into dynamodb.orders (customer_id, order_date, total, visits, _attrs) values ('u1', 'a', 10, 1, '{"keep": 1, "drop": 2}'), ('u1', 'b', 20, 5, null)`,
    );
    const [s] = await ok(
      engine,
      `update dynamodb.orders set visits = visits + 1, total = null, _attrs = (_attrs - 'drop') || '{"added": "yes"}' where customer_id = 'u1' and order_date = 'a' returning visits, _attrs`,
    );
    expect(s!.rowCount).toBe(1);
    expect(JSON.parse(toJson(s!.rows))).toEqual([[2, { keep: 1, added: 'yes' }]]);
    expect(s!.plan!.scans[0]).toMatchObject({
      operation: 'GetItem',
      keyConditionText: "customer_id = 'u1' AND order_date = 'a'",
    });
    const item = await get(orders, { customer_id: { S: 'u1' }, order_date: { S: 'a' } });
    expect(item).toEqual({
      customer_id: { S: 'u1' },
      order_date: { S: 'a' },
      visits: { N: '2' },
      keep: { N: '1' },
      added: { S: 'yes' },
    });
    expect((await get(orders, { customer_id: { S: 'u1' }, order_date: { S: 'b' } }))!.visits).toEqual({
      N: '5',
    });
  });

  it('UPDATE does not recreate an item another writer deleted between its read and its write', async () => {
    const table = uniqueName('race');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      { id: { S: 'a' }, n: { N: '1' } },
      { id: { S: 'b' }, n: { N: '2' } },
    ]);
    // Another writer deletes item b just before the engine's UpdateItem for it reaches DynamoDB.
    const relay = await startRequestLog(endpointOf(backend), async (r) => {
      const key = (r.body.Key as { id?: { S?: string } } | undefined)?.id?.S;
      if (r.operation === 'UpdateItem' && key === 'b')
        await client.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: 'b' } } }));
    });
    const racing = await openTestEngine();
    try {
      await createDocServer(racing, backend, 'racing_server', relay.endpoint);
      await ok(
        racing,
        `create foreign table public.race (id text not null, n numeric) server racing_server options (table '${table}', rowid_column 'id')`,
      );
      const [s] = await ok(racing, 'update public.race set n = n + 10');
      expect(s!.rowCount).toBe(1);
      expect(s!.notices).toContain(
        '1 item(s) were deleted in DynamoDB while this statement ran and were not recreated',
      );
      expect(
        relay.requests.filter((r) => r.operation === 'UpdateItem').map((r) => r.body.ConditionExpression),
      ).toEqual([
        expect.stringMatching(/^attribute_exists\(#c\d\) AND #c\d = :c\d$/),
        expect.stringMatching(/^attribute_exists\(#c\d\) AND #c\d = :c\d$/),
      ]);
      expect(await get(table, { id: { S: 'a' } })).toEqual({ id: { S: 'a' }, n: { N: '11' } });
      expect(await get(table, { id: { S: 'b' } })).toBeUndefined();
    } finally {
      await racing.close();
      await relay.close();
    }
  });

  it('UPDATE of a key column is refused before anything is read or written', async () => {
    const e = await fails(engine, "update dynamodb.orders set order_date = 'x' where customer_id = 'u1'");
    expect(e).toMatchObject({
      sqlstate: '0A000',
      message: 'cannot update key column "order_date": DynamoDB does not support key updates',
    });
    expect(e.position).toBeGreaterThan(0);
  });

  it('DELETE uses the full key; DELETE without WHERE deletes every item; RETURNING works', async () => {
    const [one] = await ok(
      engine,
      "delete from dynamodb.orders where customer_id = 'u1' and total is null returning order_date",
    );
    expect(one!.rows).toEqual([['a']]);
    expect(await get(orders, { customer_id: { S: 'u1' }, order_date: { S: 'a' } })).toBeUndefined();
    const [all] = await ok(engine, 'delete from dynamodb.plain');
    expect(all!.rowCount).toBe(1000);
    expect(await rows(engine, 'select count(*) from dynamodb.plain')).toEqual([['0']]);
  });

  it('rowid_column errors use the spec messages', async () => {
    expect((await fails(engine, "insert into dynamodb.no_rowid values ('x')")).message).toBe(
      "option 'rowid_column' is required",
    );
    expect((await fails(engine, "update dynamodb.no_rowid set id = 'y'")).message).toBe(
      'required option `rowid_column` is not specified',
    );
    expect((await fails(engine, 'delete from dynamodb.no_rowid')).message).toBe(
      'required option `rowid_column` is not specified',
    );
    expect((await fails(engine, "insert into dynamodb.bad_rowid values ('x')")).message).toBe(
      'rowid_column attribute "nope" does not exist',
    );
  });

  it('NOT NULL and types are checked before any write; a NULL key is refused', async () => {
    const e = await fails(
      engine,
      "insert into dynamodb.orders (customer_id, order_date) values ('n1', 'a'), (null, 'b')",
    );
    expect(e.sqlstate).toBe('23502');
    expect(await get(orders, { customer_id: { S: 'n1' }, order_date: { S: 'a' } })).toBeUndefined();
    const k = await fails(engine, "insert into dynamodb.orders (customer_id) values ('n2')");
    expect(k.message).toMatch(/null value in key column "order_date"/);
  });

  it('writes in a transaction block are held for COMMIT: ROLLBACK discards them (test/integration/transactions.test.ts)', async () => {
    const r = await ok(
      engine,
      "begin; insert into dynamodb.orders (customer_id, order_date) values ('t1', 'a'); rollback",
    );
    expect(r[1]!.plan!.write).toMatchObject({ atomic: true, requests: 0 });
    expect(await get(orders, { customer_id: { S: 't1' }, order_date: { S: 'a' } })).toBeUndefined();
  });

  it('an imported table with a numeric partition key and odd name reads, queries by key and writes', async () => {
    await putItems(client, odd, [{ userId: { N: '1' }, sk: { S: 'a' }, qty: { N: '1' } }]);
    await ok(
      engine,
      `create schema imp; import foreign schema dynamodb limit to ("${odd}") from server dynamodb_server into imp`,
    );
    await ok(
      engine,
      `insert into imp."${local}" ("userId", sk, _attrs) values (2, 'b', '{"qty": 7}'), (12345678901234567890123456789012345678, 'c', null)`,
    );
    const [q] = await ok(engine, `select "userId", sk, _attrs from imp."${local}" where "userId" = 2`);
    expect(q!.plan!.scans[0]!.operation).toBe('Query');
    expect(JSON.parse(toJson(q!.rows))).toEqual([['2', 'b', { qty: 7 }]]);
    await ok(engine, `update imp."${local}" set _attrs = '{"qty": 8}' where "userId" = 2 and sk = 'b'`);
    expect((await get(odd, { userId: { N: '2' }, sk: { S: 'b' } }))!.qty).toEqual({ N: '8' });
    await ok(engine, `delete from imp."${local}" where "userId" = 12345678901234567890123456789012345678`);
    expect(await rows(engine, `select "userId" from imp."${local}" order by 1`)).toEqual([['1'], ['2']]);
  });
});

describe('BatchWriteItem UnprocessedItems', () => {
  // DynamoDB returns UnprocessedItems only under throttling, which neither emulator can produce:
  // this wrapper stands in for that fault by holding back half of each batch from the real call.
  it('retries unprocessed writes with backoff until every item is written', async () => {
    const real = clientOf('dynalite');
    const table = uniqueName('throttled');
    await createTable(real, table, { name: 'id', type: 'S' });
    let calls = 0;
    const throttling = {
      send: async (cmd: { input: { RequestItems: Record<string, unknown[]> } }) => {
        calls++;
        const reqs = cmd.input.RequestItems[table]!;
        const keep = reqs.slice(0, Math.ceil(reqs.length / 2));
        const held = reqs.slice(keep.length);
        cmd.input.RequestItems[table] = keep;
        const out = await real.send(cmd as never);
        return { ...(out as object), UnprocessedItems: held.length ? { [table]: held } : {} };
      },
    } as unknown as DynamoDBClient;
    const requests = Array.from({ length: 30 }, (_, i) => ({ PutRequest: { Item: { id: { S: `i${i}` } } } }));
    const res = await batchWrite(throttling, table, requests, { baseDelayMs: 1 });
    expect(calls).toBeGreaterThan(2);
    expect(res.requests).toBe(calls);
    for (let i = 0; i < 30; i++)
      expect(
        await real.send(new GetItemCommand({ TableName: table, Key: { id: { S: `i${i}` } } })),
      ).toHaveProperty('Item');
  });

  it('gives up with a clear error when the retry budget runs out', async () => {
    const stuck = {
      send: async (cmd: { input: { RequestItems: Record<string, unknown[]> } }) => ({
        UnprocessedItems: cmd.input.RequestItems,
      }),
    } as unknown as DynamoDBClient;
    await expect(
      batchWrite(stuck, 't', [{ PutRequest: { Item: { id: { S: 'x' } } } }], {
        baseDelayMs: 1,
        budgetMs: 50,
      }),
    ).rejects.toThrow(
      /left 1 writes unprocessed for 0\.\d s \(BatchWriteItem t; dynascope.retry_budget_seconds is 0.05\)/,
    );
  });
});
