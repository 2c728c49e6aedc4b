import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * `UPDATE ft SET c = DEFAULT` sets the foreign table's column default, as Postgres does (it set
 * NULL: the update runs over the temp table the rows were loaded into, which had no defaults) —
 * run/update-defaults.ts. Each statement runs over the foreign table and over a host table with the
 * same definition and rows, and must return and leave the same rows.
 */
describe.each(BACKENDS)('UPDATE ... SET c = DEFAULT on a foreign table on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('update_default');
  const COLUMNS = `id text not null, kind text default 'fresh', n int default 40 + 2, note text`;

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      ['a', 'b', 'c', 'd'].map((id) => ({
        id: { S: id },
        kind: { S: 'old' },
        n: { N: '1' },
        note: { S: 'x' },
      })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table ft (${COLUMNS}) server dynamodb_server options (table '${table}', rowid_column 'id');
       create table lt (${COLUMNS}, primary key (id));
       insert into lt select id, 'old', 1, 'x' from (values ('a'), ('b'), ('c'), ('d')) v(id)`,
    );
  });
  afterAll(() => engine?.close());

  it.each([
    `update {t} set kind = default where id = 'a' returning *`,
    `update {t} set (kind, n) = (default, 5) where id = 'b' returning kind, n`,
    `update {t} set n = default, note = default where id = 'c' returning n, note`,
    `update {t} set kind = upper(kind) where id = 'd' returning kind`,
  ])('%s', async (sql) => {
    const local = await rows(engine, sql.replaceAll('{t}', 'lt'));
    expect(await rows(engine, sql.replaceAll('{t}', 'ft'))).toEqual(local);
    expect(await rows(engine, 'select * from ft order by id')).toEqual(
      await rows(engine, 'select * from lt order by id'),
    );
  });

  it('the next update of the table (its rows in the same pooled temp table) sets no default it was not asked for', async () => {
    for (const t of ['ft', 'lt'])
      await ok(
        engine,
        `update ${t} set kind = default where id = 'd'; insert into ${t} (id, kind, n) values ('e', 'k', 2); update ${t} set note = 'y' where id in ('d', 'e')`,
      );
    expect(await rows(engine, `select * from ft where id in ('d', 'e') order by id`)).toEqual([
      ['d', 'fresh', 1, 'y'],
      ['e', 'k', 2, 'y'],
    ]);
    expect(await rows(engine, 'select * from ft order by id')).toEqual(
      await rows(engine, 'select * from lt order by id'),
    );
  });
});
