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
 * `table ft` — Postgres's short form of `select * from ft` — and the inheritance star after a
 * relation's name (`from ft *`) over foreign tables and views of them. The engine rewrites a
 * foreign table's reference into its rows' temp table with the table's name as alias; after TABLE no
 * alias may stand, nor after the star, and `table ft order by id`, `(table ft)`, `table ft union
 * all ...`, `with w as (table ft)` and `from ft *` were a syntax error ('at or near "AS"'). Each
 * statement is compared with the same one over a host table and its view with the same rows.
 */
describe.each(BACKENDS)('TABLE and the inheritance star over foreign tables on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('table_cmd');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      [
        ['a', 1],
        ['b', 3],
        ['c', 3],
        ['d', null],
        ['e', 5],
      ].map(([id, n]) => ({ id: { S: String(id) }, ...(n === null ? {} : { n: { N: String(n) } }) })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table ft (id text, n int) server dynamodb_server options (table '${table}', rowid_column 'id');
       create table lt (id text primary key, n int);
       insert into lt values ('a', 1), ('b', 3), ('c', 3), ('d', null), ('e', 5);
       create view vft as select * from ft;
       create view vlt as select * from lt;
       create function count_ft() returns bigint language sql stable as 'select count(*) from (table ft) x';
       create function count_lt() returns bigint language sql stable as 'select count(*) from (table lt) x'`,
    );
  });
  afterAll(() => engine?.close());

  it.each([
    'table {t} order by id',
    'table only {t} order by id desc limit 2',
    'TABLE {t} ORDER BY {t}.id LIMIT 2',
    'select * from (table {t}) x where n > 1 order by id',
    'table {t} union all table {t} order by 1, 2 limit 3',
    'table {t} except select * from {t} where n > 2 order by 1',
    'with w as (table {t}) select count(*), sum(n) from w',
    'select id from {t} * where n > 1 order by id',
    'select x.id from {t} * x order by 1',
    'select count(*) from (table v{t}) s',
    'table v{t} order by id',
    'select id from v{t} * order by id',
    'select count_{t}()',
  ])('%s', async (sql) => {
    const local = await rows(engine, sql.replaceAll('{t}', 'lt'));
    expect(local.length).toBeGreaterThan(0);
    expect(await rows(engine, sql.replaceAll('{t}', 'ft'))).toEqual(local);
  });

  it('in a read-only block, whose reads are staged rows', async () => {
    const local = await rows(engine, 'table lt order by id');
    const r = await engine.execute(
      'begin read only; table ft order by id; select id from ft * order by id; commit',
      {
        pageSize: 1000,
      },
    );
    expect(r.error).toBeUndefined();
    expect(JSON.parse(JSON.stringify(r.statements[1]!.rows))).toEqual(local);
    expect(r.statements[2]!.rows.map((row) => row[0])).toEqual(local.map((row) => row[0]));
  });
});
