import { GetItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
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
 * The column option `attribute` (issue 17, defect 3): a column mapped to an attribute of another name
 * is read, pushed down, written, copied and imported as that attribute — checked on the raw items
 * and on the requests the plan sends.
 *
 * DynamoDB table: pk `cid` (S), sk `at` (N), GSI `by_status` on `st` (S) + `at`; attributes `total`,
 * `note` and `customer` (an attribute whose same-named column is mapped elsewhere: the catch-all's).
 */
describe.each(BACKENDS)('the column option attribute on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const orders = uniqueName('orders');
  // Awkward attribute names: written through mapped columns, and imported.
  const lines = uniqueName('Order-Lines');

  const get = async (id: string, line: number) =>
    (
      await client.send(
        new GetItemCommand({
          TableName: lines,
          Key: { 'Order-Id': { S: id }, LineNo: { N: String(line) } },
          ConsistentRead: true,
        }),
      )
    ).Item;
  const all = async () =>
    ((await client.send(new ScanCommand({ TableName: lines, ConsistentRead: true }))).Items ?? []).sort(
      (a, b) => `${a['Order-Id']!.S}${a.LineNo!.N}`.localeCompare(`${b['Order-Id']!.S}${b.LineNo!.N}`),
    );

  async function plan(sql: string) {
    const r = await engine.execute(sql, { pageSize: 100_000 });
    if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
    const s = r.statements.at(-1)!;
    return { scan: s.plan!.scans[0]!, rows: JSON.parse(toJson(s.rows)) as unknown[][] };
  }

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, orders, { name: 'cid', type: 'S' }, { name: 'at', type: 'N' }, [
      { name: 'by_status', pk: { name: 'st', type: 'S' }, sk: { name: 'at', type: 'N' } },
    ]);
    await putItems(client, orders, [
      { cid: { S: 'c1' }, at: { N: '1' }, st: { S: 'open' }, total: { N: '10.50' }, customer: { S: 'Ann' } },
      { cid: { S: 'c1' }, at: { N: '2' }, st: { S: 'paid' }, total: { N: '20' }, note: { S: 'gift' } },
      { cid: { S: 'c2' }, at: { N: '1' }, st: { S: 'open' }, total: { N: '5' } },
    ]);
    await createTable(client, lines, { name: 'Order-Id', type: 'S' }, { name: 'LineNo', type: 'N' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema ca;
       create foreign table ca.orders (
         customer text options (attribute 'cid') not null,
         placed numeric options (attribute 'at'),
         status text options (attribute 'st'),
         amount numeric options (attribute 'total'),
         note text,
         _attrs jsonb
       ) server dynamodb_server options (table '${orders}');
       create foreign table ca.lines (
         order_id text options (attribute 'Order-Id') not null,
         line numeric options (attribute 'LineNo'),
         qty int options (attribute 'Qty'),
         _attrs jsonb
       ) server dynamodb_server options (table '${lines}', rowid_column 'order_id');`,
    );
  });
  afterAll(() => engine?.close());

  it('reads mapped columns; the catch-all holds the attributes no column reads, not the mapped ones', async () => {
    expect(
      await rows(
        engine,
        `select customer, placed, status, amount, note, _attrs from ca.orders order by 1, 2`,
      ),
    ).toEqual([
      ['c1', '1', 'open', '10.5', null, { customer: 'Ann' }],
      ['c1', '2', 'paid', '20', 'gift', null],
      ['c2', '1', 'open', '5', null, null],
    ]);
  });

  it('GetItem and Query by the mapped key columns: the request names the attributes, the pushed predicates the columns', async () => {
    const get1 = await plan(`select amount from ca.orders where customer = 'c1' and placed = 2`);
    expect(get1.scan.operation).toBe('GetItem');
    expect(get1.scan.request).toMatchObject({ input: { Key: { cid: { S: 'c1' }, at: { N: '2' } } } });
    expect(get1.scan.pushed).toEqual(["customer = 'c1'", 'placed = 2']);
    expect(get1.rows).toEqual([['20']]);

    const q = await plan(
      `select placed, amount from ca.orders where customer = 'c1' and placed >= 1 and amount > 15`,
    );
    expect(q.scan.operation).toBe('Query');
    expect(q.scan.expressionAttributeNames).toEqual({ '#n0': 'cid', '#n1': 'at', '#n2': 'total' });
    expect(q.scan.pushed).toEqual(["customer = 'c1'", 'placed >= 1', 'amount > 15']);
    expect(q.rows).toEqual([['2', '20']]);
  });

  it('a Scan filter and an index Query on a mapped GSI key', async () => {
    const s = await plan(`select customer, placed from ca.orders where amount < 11 order by 1`);
    expect(s.scan.operation).toBe('Scan');
    expect(Object.values(s.scan.expressionAttributeNames)).toContain('total');
    expect(s.rows).toEqual([
      ['c1', '1'],
      ['c2', '1'],
    ]);
    const ix = await plan(`select customer from ca.orders where status = 'paid'`);
    expect(ix.scan).toMatchObject({ operation: 'Query', index: 'by_status' });
    expect(Object.values(ix.scan.expressionAttributeNames)).toContain('st');
    expect(ix.rows).toEqual([['c1']]);
  });

  it('the direct paths: key order with a limit, a streaming aggregate and a join on mapped columns', async () => {
    const top = await plan(
      `select customer, placed, amount from ca.orders where customer = 'c1' order by placed desc limit 1`,
    );
    expect(top.scan).toMatchObject({ operation: 'Query', limit: 1 });
    expect(top.scan.request).toMatchObject({ input: { ScanIndexForward: false } });
    expect(top.rows).toEqual([['c1', '2', '20']]);
    expect(
      await rows(engine, `select status, count(*), sum(amount) from ca.orders group by status order by 1`),
    ).toEqual([
      ['open', '2', '15.5'],
      ['paid', '1', '20'],
    ]);
    expect(
      await rows(
        engine,
        `select a.placed, b.amount, b.status from ca.orders a join ca.orders b on b.customer = a.customer and b.placed = a.placed
          where a.customer = 'c2'`,
      ),
    ).toEqual([['1', '5', 'open']]);
  });

  it('a view over mapped columns pushes its predicates down by the attributes', async () => {
    await ok(engine, `create view ca.orders_v as select customer as who, placed, amount from ca.orders`);
    const v = await plan(`select amount from ca.orders_v where who = 'c2'`);
    expect(v.scan.operation).toBe('Query');
    expect(v.scan.expressionAttributeNames).toMatchObject({ '#n0': 'cid' });
    expect(v.rows).toEqual([['5']]);
  });

  it('validates the option: a duplicate attribute is 42701, an empty one or one on the catch-all 22023, another option HV00D', async () => {
    const dup = await fails(
      engine,
      `create foreign table ca.bad1 (a text options (attribute 'cid'), cid text) server dynamodb_server options (table '${orders}')`,
    );
    expect(dup.sqlstate).toBe('42701');
    expect(dup.message).toContain('"cid"');
    const empty = await fails(
      engine,
      `create foreign table ca.bad2 (a text options (attribute '')) server dynamodb_server options (table '${orders}')`,
    );
    expect(empty.sqlstate).toBe('22023');
    const catchAll = await fails(
      engine,
      `create foreign table ca.bad3 (a text, _attrs jsonb options (attribute 'x')) server dynamodb_server options (table '${orders}')`,
    );
    expect(catchAll.sqlstate).toBe('22023');
    const other = await fails(
      engine,
      `create foreign table ca.bad4 (a text options (column_name 'x')) server dynamodb_server options (table '${orders}')`,
    );
    expect(other.sqlstate).toBe('HV00D');
    expect(other.position).toBe(
      `create foreign table ca.bad4 (a text options (column_name 'x')) server dynamodb_server options (table '${orders}')`.indexOf(
        'column_name',
      ) + 1,
    );
    expect(await rows(engine, `select count(*) from pg_class where relname like 'bad_'`)).toEqual([['0']]);
    const alter = await fails(
      engine,
      `alter foreign table ca.orders alter column note options (add attribute 'st')`,
    );
    expect(alter.sqlstate).toBe('42701');
    // A column renamed to the name of an attribute another column reads: refused, the rename undone.
    const rename = await fails(engine, `alter foreign table ca.orders rename column note to cid`);
    expect(rename.sqlstate).toBe('42701');
    expect(await rows(engine, `select note from ca.orders where customer = 'c1' and placed = 2`)).toEqual([
      ['gift'],
    ]);
  });

  it('ALTER ... OPTIONS takes effect at once: a renamed column keeps its attribute through the option', async () => {
    await ok(
      engine,
      `create foreign table ca.renamed (cid text, at numeric, total numeric) server dynamodb_server options (table '${orders}');
       select total from ca.renamed where cid = 'c2' and at = 1;
       alter foreign table ca.renamed rename column total to price;
       alter foreign table ca.renamed alter column price options (add attribute 'total');`,
    );
    expect(await rows(engine, `select price from ca.renamed where cid = 'c2' and at = 1`)).toEqual([['5']]);
    await ok(engine, `alter foreign table ca.renamed alter column price options (drop attribute)`);
    expect(await rows(engine, `select price from ca.renamed where cid = 'c2' and at = 1`)).toEqual([[null]]);
    const snapshot = await engine.catalog();
    const cols = snapshot.tables.find((t) => t.schema === 'ca' && t.name === 'orders')!.columns;
    expect(cols.find((c) => c.name === 'customer')).toMatchObject({ attribute: 'cid' });
    expect(cols.find((c) => c.name === 'note')!.attribute).toBeUndefined();
  });

  it('INSERT, UPDATE and DELETE write the attributes, checked in DynamoDB; a key column stays a key column', async () => {
    await ok(engine, `insert into ca.lines values ('o1', 1, 3, '{"Qty2": "x"}'), ('o1', 2, 4, null)`);
    expect(await get('o1', 1)).toEqual({
      'Order-Id': { S: 'o1' },
      LineNo: { N: '1' },
      Qty: { N: '3' },
      Qty2: { S: 'x' },
    });
    // ON CONFLICT DO NOTHING is conditioned on the key attribute, not the column's name.
    const conflict = await ok(
      engine,
      `insert into ca.lines values ('o1', 1, 99, null) on conflict do nothing`,
    );
    expect(conflict.at(-1)!.rowCount).toBe(0);
    await ok(engine, `update ca.lines set qty = qty + 10 where order_id = 'o1' and line = 1`);
    expect((await get('o1', 1))!.Qty).toEqual({ N: '13' });
    await ok(engine, `update ca.lines set _attrs = '{"z": 1}' where order_id = 'o1' and line = 1`);
    expect(await get('o1', 1)).toEqual({
      'Order-Id': { S: 'o1' },
      LineNo: { N: '1' },
      Qty: { N: '13' },
      z: { N: '1' },
    });
    await ok(engine, `update ca.lines set qty = null where order_id = 'o1' and line = 2`);
    expect(await get('o1', 2)).toEqual({ 'Order-Id': { S: 'o1' }, LineNo: { N: '2' } });
    // The write preview shows the mapped columns it reads and writes (by their attributes).
    const preview = JSON.parse(
      toJson(await engine.preview(`update ca.lines set qty = 1 where order_id = 'o1' and line = 1`, {})),
    ) as { statements: { rowCount: number; sample: { before: unknown; after: unknown }[] }[] };
    expect(preview.statements[0]!.sample).toEqual([
      { before: { order_id: 'o1', line: '1', qty: 13 }, after: { order_id: 'o1', line: '1', qty: 1 } },
    ]);
    expect((await get('o1', 1))!.Qty).toEqual({ N: '13' });
    const keyUpdate = await fails(engine, `update ca.lines set line = 5 where order_id = 'o1'`);
    expect(keyUpdate.sqlstate).toBe('0A000');
    // A transaction block is one TransactWriteItems, which dynalite does not have (it says so).
    const block = `begin; insert into ca.lines values ('o2', 1, 7, null); delete from ca.lines where order_id = 'o1' and line = 2; commit`;
    if (backend === 'dynamodb-local') await ok(engine, block);
    else {
      expect((await fails(engine, block)).sqlstate).toBe('0A000');
      await ok(engine, block.replace(/^begin; | commit$/g, ''));
    }
    expect(await get('o2', 1)).toEqual({ 'Order-Id': { S: 'o2' }, LineNo: { N: '1' }, Qty: { N: '7' } });
    expect(await get('o1', 2)).toBeUndefined();
    await ok(engine, `delete from ca.lines where order_id = 'o2'`);
    expect(await get('o2', 1)).toBeUndefined();
    expect(await rows(engine, `select order_id, line, qty, _attrs from ca.lines`)).toEqual([
      ['o1', '1', 13, { z: 1 }],
    ]);
  });

  it('COPY FROM and TO through mapped columns; dynamodb_json copies the attributes as they are', async () => {
    const done = await engine.copyFrom(
      `copy ca.lines (order_id, line, qty) from stdin (format csv)`,
      new TextEncoder().encode('o3,1,5\no3,2,6\n'),
    );
    expect(done.rowCount).toBe(2);
    expect(await get('o3', 2)).toEqual({ 'Order-Id': { S: 'o3' }, LineNo: { N: '2' }, Qty: { N: '6' } });
    const text = async (sql: string) => {
      const chunks: Uint8Array[] = [];
      await engine.copyTo(sql, { onChunk: (b) => void chunks.push(b) });
      return Buffer.concat(chunks).toString();
    };
    expect(
      await text(
        `copy (select order_id, line, qty from ca.lines where order_id = 'o3' order by line) to stdout (format csv)`,
      ),
    ).toBe('o3,1,5\no3,2,6\n');
    const json = (await text(`copy ca.lines to stdout (format dynamodb_json)`))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { Item: Record<string, unknown> });
    expect(json.map((l) => l.Item['Order-Id']).sort()).toEqual([{ S: 'o1' }, { S: 'o3' }, { S: 'o3' }]);
    await ok(engine, `delete from ca.lines where order_id = 'o3'`);
    const back = await engine.copyFrom(
      `copy ca.lines from stdin (format dynamodb_json)`,
      new TextEncoder().encode(
        '{"Item": {"Order-Id": {"S": "o4"}, "LineNo": {"N": "1"}, "Qty": {"N": "8"}}}\n',
      ),
    );
    expect(back.rowCount).toBe(1);
    expect(await rows(engine, `select qty from ca.lines where order_id = 'o4' and line = 1`)).toEqual([[8]]);
    expect((await all()).map((i) => i['Order-Id']!.S)).toEqual(['o1', 'o4']);
  });

  it('IMPORT FOREIGN SCHEMA maps an awkward key attribute to a column of [A-Za-z0-9_] and keeps plain names', async () => {
    await ok(
      engine,
      `create schema imp; import foreign schema dynamodb limit to ("${lines}", "${orders}") from server dynamodb_server into imp`,
    );
    const local = lines.replace(/[^A-Za-z0-9_]/g, '_');
    const cols = await rows(
      engine,
      `select c.relname, a.attname, array_to_string(a.attfdwoptions, ',') from pg_attribute a join pg_class c on c.oid = a.attrelid
        join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'imp' and a.attnum > 0 order by c.relname <> '${local}', a.attnum`,
    );
    expect(cols).toEqual([
      [local, 'Order_Id', 'attribute=Order-Id'],
      [local, 'LineNo', null],
      [local, '_attrs', null],
      [orders, 'cid', null],
      [orders, 'at', null],
      [orders, '_attrs', null],
    ]);
    expect(await rows(engine, `select "Order_Id", "LineNo", _attrs from imp."${local}" order by 1`)).toEqual([
      ['o1', '1', { Qty: 13, z: 1 }],
      ['o4', '1', { Qty: 8 }],
    ]);
    await ok(engine, `insert into imp."${local}" values ('o5', 1, '{"Qty": 2}')`);
    expect(await get('o5', 1)).toEqual({ 'Order-Id': { S: 'o5' }, LineNo: { N: '1' }, Qty: { N: '2' } });
  });
});
