import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
       ) server dynamodb_server options (table '${orders}');`,
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
    expect(await rows(engine, `select count(*) from pg_class where relname like 'bad_'`)).toEqual([['0']]);
    const alter = await fails(
      engine,
      `alter foreign table ca.orders alter column note options (add attribute 'st')`,
    );
    expect(alter.sqlstate).toBe('42701');
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
});
