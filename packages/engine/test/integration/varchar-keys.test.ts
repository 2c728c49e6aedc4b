import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * A key column declared `varchar(n)` (or `varchar`, `char(n)`, `name`...) is still a key: Postgres
 * reads `sku = 'A-1'` over a varchar column as `sku::text = 'A-1'::text`, and that comparison must
 * reach DynamoDB as the GetItem, BatchGetItem or Query it is, not a Scan of the whole table.
 *   create foreign table p (sku varchar(20) not null, ...) options (rowid_column 'sku')
 *   select * from p where sku = 'A-1'  → GetItem {sku: {S: 'A-1'}}
 */
describe.each(BACKENDS)('keys declared varchar on %s', (backend) => {
  let engine: Engine;
  const products = uniqueName('vk_products');
  const lines = uniqueName('vk_lines');
  const currencies = uniqueName('vk_currencies');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, products, { name: 'sku', type: 'S' });
    await putItems(
      client,
      products,
      Array.from({ length: 120 }, (_, i) => ({
        sku: { S: `A-${i}` },
        name: { S: `product ${i}` },
        pad: { S: 'x'.repeat(1000) },
      })),
    );
    await createTable(client, lines, { name: 'order_id', type: 'S' }, { name: 'line', type: 'S' });
    await putItems(
      client,
      lines,
      Array.from({ length: 60 }, (_, i) => ({
        order_id: { S: `o${i % 6}` },
        line: { S: `l${String(i).padStart(2, '0')}` },
        pad: { S: 'x'.repeat(1000) },
      })),
    );
    await createTable(client, currencies, { name: 'code', type: 'S' });
    // 'USD  ' reads as 'USD' in a varchar(3) column (spaces past 3 are cut), as Postgres reads it.
    await putItems(client, currencies, [
      { code: { S: 'USD' }, name: { S: 'dollar' } },
      { code: { S: 'USD  ' }, name: { S: 'dollar, padded' } },
      { code: { S: 'EU' }, name: { S: 'euro' } },
      { code: { S: 'EUR' }, name: { S: 'euro, 3' } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'vk');
    await ok(
      engine,
      `create foreign table vp (sku varchar(20) not null, name varchar(40)) server vk options (table '${products}', rowid_column 'sku');
       create foreign table vc (sku char(5) not null, name text) server vk options (table '${products}', rowid_column 'sku');
       create foreign table cur (code varchar(3) not null, name text) server vk options (table '${currencies}', rowid_column 'code');
       create foreign table vl (order_id varchar not null, line varchar(8) not null) server vk options (table '${lines}', rowid_column 'order_id')`,
    );
  });
  afterAll(() => engine?.close());

  async function plan(sql: string) {
    const r = await engine.execute(sql, { pageSize: 100_000 });
    if (r.error) throw new Error(r.error.message);
    const s = r.statements.at(-1)!;
    return { scan: s.plan!.scans[0]!, rows: JSON.parse(toJson(s.rows)) as unknown[][] };
  }

  it('= on a varchar(n) key is a GetItem', async () => {
    const r = await plan(`select sku, name from vp where sku = 'A-7'`);
    expect(r.scan.operation).toBe('GetItem');
    expect(r.rows).toEqual([['A-7', 'product 7']]);
  });

  it('= with a varchar parameter or cast is a GetItem too', async () => {
    const r = await plan(`select name from vp where sku = 'A-8'::varchar`);
    expect(r.scan.operation).toBe('GetItem');
    expect(r.rows).toEqual([['product 8']]);
  });

  it('IN on a varchar(n) key is a BatchGetItem', async () => {
    const r = await plan(`select sku from vp where sku in ('A-1', 'A-2', 'nope') order by sku`);
    expect(r.scan.operation).toBe('BatchGetItem');
    expect(r.rows).toEqual([['A-1'], ['A-2']]);
  });

  it('a char(n) key reads its items blank-padded, as Postgres does', async () => {
    // bpchar compares with trailing spaces ignored: 'A-7  ' = 'A-7'. The item's key is 'A-7'.
    const r = await plan(`select sku from vc where sku = 'A-7'`);
    expect(r.rows).toEqual([['A-7  ']]);
  });

  it('a varchar partition key with a varchar range on its sort key is a Query', async () => {
    const r = await plan(`select line from vl where order_id = 'o2' and line >= 'l30' order by line`);
    expect(r.scan.operation).toBe('Query');
    expect(r.rows).toEqual([['l32'], ['l38'], ['l44'], ['l50'], ['l56']]);
  });

  it('a text of n characters or more is compared by the host: items longer than n may read as it', async () => {
    const r = await plan(`select name from cur where code = 'USD' order by name`);
    expect(r.scan.operation).toBe('Scan');
    expect(r.rows).toEqual([['dollar'], ['dollar, padded']]);
    const range = await plan(`select name from cur where code > 'USD' order by name`);
    expect(range.rows).toEqual([]);
    const shorter = await plan(`select name from cur where code = 'EU'`);
    expect(shorter.scan.operation).toBe('GetItem');
    expect(shorter.rows).toEqual([['euro']]);
    const below = await plan(`select name from cur where code >= 'EU' and code < 'US' order by name`);
    expect(below.rows).toEqual([['euro'], ['euro, 3']]);
  });
});
