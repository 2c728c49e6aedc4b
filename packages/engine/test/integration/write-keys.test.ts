import {
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
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

type Item = Record<string, AttributeValue>;

/**
 * Issue 12: UPDATE and DELETE address each item by the key attributes it was read with (name,
 * DynamoDB type, value), not by a key rebuilt from the columns' Postgres values, and report the
 * items DynamoDB really changed. Columns here are declared with types whose Postgres text differs
 * from the stored key: `timestamp` over `2024-03-05T10:00:00Z`, `text` over a numeric sort key,
 * `timestamptz` over epoch seconds.
 */
describe.each(BACKENDS)('writes address the keys items have, on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const events = uniqueName('wk_events');
  const seqs = uniqueName('wk_seqs');
  const epochs = uniqueName('wk_epochs');

  const eventItems = (): Item[] => [
    ...Array.from({ length: 7 }, (_, i) => ({
      dev: { S: 'd1' },
      ts: { S: `2024-03-05T1${i}:00:00Z` },
      n: { N: String(i) },
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      dev: { S: 'd2' },
      ts: { S: `2024-03-0${i + 1}T08:30:00Z` },
      n: { N: String(10 + i) },
    })),
  ];
  const seqItems = (): Item[] =>
    ['1', '2', '10', '100', '5.5'].map((seq, i) => ({
      dev: { S: i % 2 ? 'b' : 'a' },
      seq: { N: seq },
      v: { S: `v${seq}` },
    }));
  const epochItems = (): Item[] =>
    [0, 1, 2, 3].map((i) => ({
      id: { S: `e${i}` },
      at: { N: String(1704067200 + i * 43200) },
      v: { N: String(i) },
    }));

  const scanAll = async (table: string) =>
    (await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];
  const sortedKeys = (items: Item[], ...names: string[]) =>
    items.map((i) => names.map((n) => JSON.stringify(i[n])).join(' ')).sort();

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, events, { name: 'dev', type: 'S' }, { name: 'ts', type: 'S' });
    await createTable(client, seqs, { name: 'dev', type: 'S' }, { name: 'seq', type: 'N' });
    await createTable(client, epochs, { name: 'id', type: 'S' }, { name: 'at', type: 'N' });
    await putItems(client, events, eventItems());
    await putItems(client, seqs, seqItems());
    await putItems(client, epochs, epochItems());
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `set timezone = 'UTC';
       create schema dynamodb; create schema local;
       create foreign table dynamodb.ev (dev text not null, ts timestamp, n numeric) server dynamodb_server options (table '${events}', rowid_column 'dev');
       create foreign table dynamodb.sq (dev text not null, seq text, v text) server dynamodb_server options (table '${seqs}', rowid_column 'dev');
       create foreign table dynamodb.ep (id text not null, at timestamptz, v integer) server dynamodb_server options (table '${epochs}', rowid_column 'id');
       create table local.ev as select * from dynamodb.ev;
       create table local.sq as select * from dynamodb.sq;
       create table local.ep as select * from dynamodb.ep;`,
    );
  });
  afterAll(() => engine?.close());

  it('the reference tables hold what the foreign tables read', async () => {
    expect(await rows(engine, 'select count(*) from local.ev')).toEqual([['10']]);
    expect(await rows(engine, "select ts from local.ev where dev = 'd1' order by ts limit 1")).toEqual([
      ['2024-03-05 10:00:00'],
    ]);
    expect(await rows(engine, 'select count(*) from local.sq')).toEqual([['5']]);
    expect(await rows(engine, "select at from local.ep where id = 'e1'")).toEqual([
      ['2024-01-01 12:00:00+00'],
    ]);
  });

  /**
   * Each statement runs over `dynamodb.*` and over the host tables `local.*` holding the same rows:
   * the same command count, the same RETURNING rows and afterwards the same table contents.
   */
  const statements: [table: string, sql: string][] = [
    ['ev', "update $.ev set n = n + 1 where dev = 'd1' and ts >= '2024-03-05 12:00' returning dev, ts, n"],
    ['ev', "update $.ev set n = null where ts = '2024-03-05 10:00:00'"],
    [
      'ev',
      "update $.ev e set n = e.n * 10 from (values ('d2')) v(d) where e.dev = v.d and e.ts < '2024-03-03' returning e.ts, e.n",
    ],
    ['ev', "update $.ev set n = n where dev = 'd1' and ts = '2024-03-05 16:00'"],
    ['ev', "update $.ev as old set n = old.n + 1 where dev = 'd2' returning old.ts, old.n"],
    ['ev', "delete from $.ev where dev = 'd1' and ts < '2024-03-05 13:00' returning ts, n"],
    ['ev', 'delete from $.ev where n is null or n > 100 returning dev, ts'],
    ['ev', 'update $.ev set n = n + 1000 where ts = (select max(ts) from $.ev) returning dev, ts, n'],
    ['ev', 'delete from $.ev'],
    ['sq', "update $.sq set v = 'u' || seq where seq like '1%' returning dev, seq, v"],
    ['sq', "update $.sq set v = v || '!' where dev = 'a' and seq = '5.5'"],
    ['sq', "delete from $.sq where seq = '10' returning seq"],
    ['sq', "insert into $.sq values ('a', '20', 'new'), ('b', '7', 'seven')"],
    ['sq', 'update $.sq set v = upper(v) where seq::numeric > 5 returning seq, v'],
    ['sq', "delete from $.sq where dev = 'a' and seq > '1'"],
    [
      'sq',
      "delete from $.sq s using (values ('a')) v(d) where s.dev = v.d and s.seq = '1' returning s.seq, v.d",
    ],
    ['ep', "update $.ep set v = v + 100 where at < '2024-01-02' returning id, at, v"],
    ['ep', 'delete from $.ep where v > 100 or v = 2 returning id'],
  ];
  const contents: Record<string, string> = {
    ev: 'select dev, ts, n from $.ev order by dev, ts',
    sq: 'select dev, seq, v from $.sq order by dev, seq::numeric',
    ep: 'select id, at, v from $.ep order by id',
  };

  it.each(statements)('on %s: %s', async (table, sql) => {
    const [remote] = await ok(engine, sql.replaceAll('$.', 'dynamodb.'));
    const [local] = await ok(engine, sql.replaceAll('$.', 'local.'));
    expect(remote!.command).toBe(local!.command);
    expect(remote!.rowCount).toBe(local!.rowCount);
    const sorted = (s: typeof remote) =>
      (JSON.parse(toJson(s!.rows)) as unknown[][]).map((r) => JSON.stringify(r)).sort();
    expect(sorted(remote)).toEqual(sorted(local));
    expect(await rows(engine, contents[table]!.replaceAll('$.', 'dynamodb.'))).toEqual(
      await rows(engine, contents[table]!.replaceAll('$.', 'local.')),
    );
  });

  it('the items keep their stored keys: no item was created under a rebuilt key', async () => {
    // Every statement above ran; what is left in DynamoDB is exactly what the reference kept, under the original keys.
    expect(await scanAll(events)).toEqual([]);
    expect(sortedKeys(await scanAll(seqs), 'dev', 'seq')).toEqual(
      sortedKeys(
        [
          { dev: { S: 'b' }, seq: { N: '2' } },
          { dev: { S: 'b' }, seq: { N: '7' } },
          { dev: { S: 'b' }, seq: { N: '100' } },
        ],
        'dev',
        'seq',
      ),
    );
    expect(sortedKeys(await scanAll(epochs), 'id', 'at')).toEqual(
      sortedKeys([epochItems()[0]!, epochItems()[3]!], 'id', 'at'),
    );
  });

  it('UpdateItem and DeleteItem send exactly the key read, with attribute_exists', async () => {
    const table = uniqueName('wk_wire');
    await createTable(client, table, { name: 'dev', type: 'S' }, { name: 'ts', type: 'S' });
    await putItems(client, table, [
      { dev: { S: 'w' }, ts: { S: '2024-03-05T10:00:00Z' }, n: { N: '1' } },
      { dev: { S: 'w' }, ts: { S: '2024-03-05T10:00:00.000+00:00' }, n: { N: '2' } },
    ]);
    const relay = await startRequestLog(endpointOf(backend));
    const logged = await openTestEngine();
    try {
      await createDocServer(logged, backend, 'logged_server', relay.endpoint);
      await ok(
        logged,
        `create foreign table public.w (dev text not null, ts timestamptz, n numeric) server logged_server options (table '${table}', rowid_column 'dev')`,
      );
      // Both items read as the same timestamptz: only their stored keys tell them apart.
      const [u] = await ok(
        logged,
        "update public.w set n = n * 10 where ts = '2024-03-05 10:00:00+00' returning n",
      );
      expect(u!.rowCount).toBe(2);
      const updates = relay.requests.filter((r) => r.operation === 'UpdateItem');
      expect(updates.map((r) => r.body.Key)).toEqual(
        expect.arrayContaining([
          { dev: { S: 'w' }, ts: { S: '2024-03-05T10:00:00Z' } },
          { dev: { S: 'w' }, ts: { S: '2024-03-05T10:00:00.000+00:00' } },
        ]),
      );
      expect(updates.map((r) => r.body.ConditionExpression)).toEqual([
        // Conditioned on the item as read (write/conditional-write.ts).
        expect.stringMatching(/^attribute_exists\(#c\d\) AND #c\d = :c\d$/),
        expect.stringMatching(/^attribute_exists\(#c\d\) AND #c\d = :c\d$/),
      ]);
      expect(sortedKeys(await scanAll(table), 'ts', 'n')).toEqual(
        sortedKeys(
          [
            { ts: { S: '2024-03-05T10:00:00Z' }, n: { N: '10' } },
            { ts: { S: '2024-03-05T10:00:00.000+00:00' }, n: { N: '20' } },
          ],
          'ts',
          'n',
        ),
      );
      const [d] = await ok(logged, 'delete from public.w');
      expect(d!.rowCount).toBe(2);
      const deletes = relay.requests.filter((r) => r.operation === 'DeleteItem');
      // A DELETE that reads only keys is conditioned on the item existing.
      expect(deletes.map((r) => r.body.ConditionExpression)).toEqual([
        'attribute_exists(#c0)',
        'attribute_exists(#c0)',
      ]);
      expect(await scanAll(table)).toEqual([]);
    } finally {
      await logged.close();
      await relay.close();
    }
  });

  it('UPDATE and DELETE count and return only the items DynamoDB changed, not those another writer deleted meanwhile', async () => {
    const table = uniqueName('wk_race');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      ['a', 'b', 'c'].map((id) => ({ id: { S: id } })),
    );
    // Another writer deletes b just before the engine's UpdateItem for it, and c before its DeleteItem.
    const relay = await startRequestLog(endpointOf(backend), async (r) => {
      const key = (r.body.Key as { id?: { S?: string } } | undefined)?.id?.S;
      if ((r.operation === 'UpdateItem' && key === 'b') || (r.operation === 'DeleteItem' && key === 'c'))
        await client.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: key } } }));
    });
    const racing = await openTestEngine();
    try {
      await createDocServer(racing, backend, 'racing_server', relay.endpoint);
      await ok(
        racing,
        `create foreign table public.race (id text not null, _attrs jsonb) server racing_server options (table '${table}', rowid_column 'id')`,
      );
      // Nothing to change in any item: each UpdateItem is a conditional no-op that still says whether the item exists.
      const [u] = await ok(racing, 'update public.race set _attrs = null returning id');
      expect(u!.rowCount).toBe(2);
      expect((u!.rows as string[][]).map((r) => r[0]).sort()).toEqual(['a', 'c']);
      expect(u!.notices).toContain(
        '1 item(s) were deleted in DynamoDB while this statement ran and were not recreated',
      );
      const updates = relay.requests.filter((r) => r.operation === 'UpdateItem');
      expect(updates.map((r) => [r.body.UpdateExpression, r.body.ConditionExpression])).toEqual([
        [undefined, 'attribute_exists(#c0)'],
        [undefined, 'attribute_exists(#c0)'],
        [undefined, 'attribute_exists(#c0)'],
      ]);
      const [d] = await ok(racing, 'delete from public.race returning id');
      expect(d!.rowCount).toBe(1);
      expect(d!.rows).toEqual([['a']]);
      expect(d!.notices).toContain(
        '1 item(s) were deleted in DynamoDB by another writer while this statement ran',
      );
      expect(await scanAll(table)).toEqual([]);
    } finally {
      await racing.close();
      await relay.close();
    }
  });

  it('INSERT writes a key in the type DescribeTable gives it, or refuses a value that type cannot hold', async () => {
    await ok(engine, "insert into dynamodb.sq values ('c', '3.10', 'typed')");
    const item = (
      await client.send(
        new GetItemCommand({
          TableName: seqs,
          Key: { dev: { S: 'c' }, seq: { N: '3.1' } },
          ConsistentRead: true,
        }),
      )
    ).Item;
    expect(item).toEqual({ dev: { S: 'c' }, seq: { N: '3.1' }, v: { S: 'typed' } });
    const e = await fails(
      engine,
      "insert into dynamodb.sq values ('c', '4', 'ok'), ('c', 'four', 'not a number')",
    );
    expect(e).toMatchObject({
      sqlstate: '22P02',
      message: expect.stringMatching(/key column "seq".*"four".*DynamoDB number/),
    });
    expect(
      await client.send(
        new GetItemCommand({
          TableName: seqs,
          Key: { dev: { S: 'c' }, seq: { N: '4' } },
          ConsistentRead: true,
        }),
      ),
    ).not.toHaveProperty('Item');
  });

  it('an UPDATE or DELETE whose items cannot be addressed by the key DescribeTable gives is an error, and writes nothing', async () => {
    // The engine keeps DescribeTable for 30 s; meanwhile the table is recreated with another key schema.
    const table = uniqueName('wk_recreated');
    await createTable(client, table, { name: 'id', type: 'S' }, { name: 'sk', type: 'S' });
    await ok(
      engine,
      `create foreign table public.recreated (id text not null, sk text, v text) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
    expect(await rows(engine, 'select count(*) from public.recreated')).toEqual([['0']]);
    await client.send(new DeleteTableCommand({ TableName: table }));
    while (
      await client.send(new DescribeTableCommand({ TableName: table })).then(
        () => true,
        (e: Error) => e.name !== 'ResourceNotFoundException',
      )
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      { id: { S: 'x' }, v: { S: 'old' } },
      { id: { S: 'y' }, sk: { S: 's' }, v: { S: 'old' } },
    ]);
    for (const sql of ["update public.recreated set v = 'new'", 'delete from public.recreated']) {
      const e = await fails(engine, sql);
      expect(e.sqlstate).toBe('HV000');
      expect(e.message).toMatch(
        /cannot address the DynamoDB item .*"id":\{"S":"x"\}.* no key attribute "sk"/,
      );
      expect(sortedKeys(await scanAll(table), 'id', 'v')).toEqual(
        sortedKeys(
          [
            { id: { S: 'x' }, v: { S: 'old' } },
            { id: { S: 'y' }, v: { S: 'old' } },
          ],
          'id',
          'v',
        ),
      );
    }
  });
});
