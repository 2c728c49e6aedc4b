import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * A `name` column keeps 63 bytes of its text, and so does every text compared with it: two items
 * whose values share their first 63 bytes are equal to Postgres, not to DynamoDB. A comparison is
 * pushed only with a text shorter than that (where cutting changes nothing); the host compares the
 * rest. Each answer equals a host table's with the same rows.
 */
describe.each(BACKENDS)('name columns on %s', (backend) => {
  let engine: Engine;
  const long = (end: string) => `${'x'.repeat(63)}${end}`;

  beforeAll(async () => {
    const client = clientOf(backend);
    const table = uniqueName('names');
    await createTable(client, table, { name: 'id', type: 'N' });
    const values = [long('aaaaaa'), long('bbbbbbb'), 'short'];
    await putItems(
      client,
      table,
      values.map((v, i) => ({ id: { N: String(i + 1) }, nm: { S: v } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    const r = await engine.execute(
      `create foreign table public.fnames (id int, nm name) server dynamodb_server options (table '${table}', rowid_column 'id');
       create table public.hnames (id int, nm name);
       insert into public.hnames values ${values.map((v, i) => `(${i + 1}, '${v}')`).join(', ')}`,
    );
    if (r.error) throw new Error(r.error.message);
  });
  afterAll(() => engine?.close());

  const rows = async (sql: string) => {
    const r = await engine.execute(sql);
    if (r.error) throw new Error(`${r.error.message} (${sql})`);
    return r.statements[0]!.rows;
  };
  const same = async (where: string) => {
    const foreign = await rows(`select id from public.fnames where ${where} order by id`);
    expect(foreign, where).toEqual(await rows(`select id from public.hnames where ${where} order by id`));
    return foreign;
  };

  it('compares long texts as Postgres cuts them; short ones are pushed', async () => {
    expect(await same(`nm = '${long('zz')}'`)).toEqual([[1], [2]]);
    expect(await same(`nm = any('{${long('q')},short}')`)).toEqual([[1], [2], [3]]);
    expect(await same(`nm in ('${long('')}', 'nope')`)).toEqual([[1], [2]]);
    expect(await same(`nm like '${long('%')}'`)).toEqual([[1], [2]]);
    expect(await same(`nm > '${long('a')}'`)).toEqual([]);
    expect(await same(`nm = 'short'`)).toEqual([[3]]);
    const plan = (await engine.explain("select id from public.fnames where nm = 'short'")).statements[0]!
      .plan!;
    expect(plan.scans[0]!.pushed).toEqual(["nm = 'short'"]);
  });
});
