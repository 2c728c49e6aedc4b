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
  rows,
  uniqueName,
} from '../support/harness';

/**
 * A prepared statement's result row type is fixed when it is prepared, as Postgres fixes it
 * (plancache.c RevalidateCachedQuery): an EXECUTE after the foreign table changed under `select *`
 * — or after search_path found another table of its name — fails with 0A000 `cached plan must not
 * change result type` (routine RevalidateCachedQuery, which pgjdbc re-prepares on) and reads or
 * writes nothing; a change back runs it again. Before, it ran with the new columns under the
 * statement's old description: a wire client read the stock under "name". Each expectation was
 * checked against PostgreSQL 15 (the same statements over a table of its own).
 */
describe('a prepared statement whose result row type changed', () => {
  let engine: Engine;
  const table = uniqueName('result_type');
  const CHANGED = { sqlstate: '0A000', message: 'cached plan must not change result type' };

  beforeAll(async () => {
    const client = clientOf('dynalite');
    await createTable(client, table, { name: 'sku', type: 'S' });
    await putItems(client, table, [
      { sku: { S: 'a' }, name: { S: 'apple' }, stock: { N: '5' }, price: { N: '1.5' } },
      { sku: { S: 'b' }, name: { S: 'pear' }, stock: { N: '7' }, price: { N: '2.25' } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
  });
  afterAll(() => engine?.close());

  /** A foreign table `name` of its own for each case (sku, name, stock), over the same items. */
  const foreignTable = (name: string) =>
    ok(
      engine,
      `create foreign table public.${name} (sku text not null, name text, stock int)
         server dynamodb_server options (table '${table}', rowid_column 'sku')`,
    );

  it('fails an EXECUTE (and EXPLAIN EXECUTE) of select * after the columns changed, and runs it again once they are back', async () => {
    await foreignTable('rt');
    await ok(engine, 'prepare star (text) as select * from rt where sku = $1');
    expect(await rows(engine, "execute star('a')")).toEqual([['a', 'apple', 5]]);
    await ok(
      engine,
      `alter foreign table rt drop column name;
       alter foreign table rt add column price numeric;
       alter foreign table rt add column name text`,
    );
    const error = await fails(engine, "execute star('a')");
    expect(error).toMatchObject({ ...CHANGED, diagnostics: { routine: 'RevalidateCachedQuery' } });
    expect(await fails(engine, "explain execute star('a')")).toMatchObject(CHANGED);
    // Nothing was read: the statement stopped before its plan ran.
    const listed = await rows(
      engine,
      "select generic_plans, custom_plans from pg_prepared_statements where name = 'star'",
    );
    expect(listed).toEqual([['0', '1']]);
    // Postgres lets you undo the change.
    await ok(
      engine,
      `alter foreign table rt drop column name;
       alter foreign table rt drop column price;
       alter foreign table rt add column name text`,
    );
    // The columns are back in another order: stock then name.
    expect(await fails(engine, "execute star('a')")).toMatchObject(CHANGED);
    await ok(engine, 'alter foreign table rt drop column stock; alter foreign table rt add column stock int');
    expect(await rows(engine, "execute star('a')")).toEqual([['a', 'apple', 5]]);
    await ok(engine, 'deallocate star');
  });

  it('runs a statement whose own columns did not change, and fails one whose column was renamed', async () => {
    await foreignTable('rt2');
    await ok(engine, 'prepare named_cols (text) as select sku, stock from rt2 where sku = $1');
    await ok(engine, 'prepare star2 (text) as select * from rt2 where sku = $1');
    await ok(engine, 'alter foreign table rt2 add column price numeric');
    expect(await rows(engine, "execute named_cols('b')")).toEqual([['b', 7]]);
    expect(await fails(engine, "execute star2('b')")).toMatchObject(CHANGED);
    await ok(engine, 'alter foreign table rt2 drop column price');
    expect(await rows(engine, "execute star2('b')")).toEqual([['b', 'pear', 7]]);
    await ok(engine, `alter foreign table rt2 rename column stock to qty`);
    // As PostgreSQL 15 (and PGlite's 18): a result column's name is part of the row type.
    expect(await fails(engine, "execute star2('b')")).toMatchObject(CHANGED);
    await ok(engine, `alter foreign table rt2 rename column qty to stock`);
    expect(await rows(engine, "execute star2('b')")).toEqual([['b', 'pear', 7]]);
    await ok(engine, 'deallocate named_cols; deallocate star2');
  });

  it('fails a statement that search_path now resolves to another table', async () => {
    await foreignTable('rt3');
    await ok(
      engine,
      `create schema rt_other;
       create foreign table rt_other.rt3 (sku text not null, price numeric)
         server dynamodb_server options (table '${table}', rowid_column 'sku')`,
    );
    await ok(engine, 'prepare by_path (text) as select * from rt3 where sku = $1');
    await ok(engine, 'set search_path = rt_other, public');
    expect(await fails(engine, "execute by_path('a')")).toMatchObject(CHANGED);
    await ok(engine, 'reset search_path');
    expect(await rows(engine, "execute by_path('a')")).toEqual([['a', 'apple', 5]]);
    await ok(engine, 'deallocate by_path');
  });

  it('writes nothing when a RETURNING * write fails for it', async () => {
    await foreignTable('rt4');
    await ok(
      engine,
      'prepare put (text) as insert into rt4 (sku, name, stock) values ($1, $1, 1) returning *',
    );
    expect(await rows(engine, "execute put('c')")).toEqual([['c', 'c', 1]]);
    await ok(engine, 'alter foreign table rt4 add column price numeric');
    expect(await fails(engine, "execute put('d')")).toMatchObject(CHANGED);
    expect(await rows(engine, "select sku from rt4 where sku in ('c', 'd') order by 1")).toEqual([['c']]);
    await ok(engine, 'alter foreign table rt4 drop column price; deallocate put');
  });

  it("passes the host's routine through for a statement the host keeps", async () => {
    await ok(engine, 'create temp table host_rt (a int, b text); prepare host_star as select * from host_rt');
    await ok(engine, 'execute host_star; alter table host_rt add column c int');
    expect(await fails(engine, 'execute host_star')).toMatchObject({
      ...CHANGED,
      diagnostics: { routine: 'RevalidateCachedQuery' },
    });
    // A host error names its table and column, and where the host raised it, as Postgres's does
    // (ExecConstraints in execMain.c in 15; 18 has a routine of its own).
    await ok(engine, 'create temp table host_nn (a int not null)');
    expect(await fails(engine, 'insert into host_nn values (null)')).toMatchObject({
      sqlstate: '23502',
      diagnostics: {
        table: 'host_nn',
        column: 'a',
        routine: expect.stringMatching(/^\w+$/),
        file: 'execMain.c',
        line: expect.stringMatching(/^\d+$/),
      },
    });
    await ok(engine, 'drop table host_nn');
    await ok(engine, 'deallocate host_star; drop table host_rt');
  });
});
