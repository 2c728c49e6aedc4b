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

const SEED = [
  ['1', 'a', 1],
  ['2', 'a', 2],
  ['3', 'b', 3],
  ['4', null, null],
] as const;

/**
 * `UPDATE ft SET (a, b) = (SELECT ... FROM ft ...)`: libpg-query prints the sub-SELECT once per
 * column, so the foreign table read in it was rewritten twice at one place and the statement failed
 * with 42601 'syntax error at or near "pg_temp"' where Postgres updates (parse/multi-assign-source.ts
 * keeps it at the first column, as Postgres transforms it). Each statement runs over the foreign table
 * and over a host table with the same rows; both return and leave the same rows.
 */
describe.each(BACKENDS)('UPDATE ... SET (a, b) = (SELECT ...) over a foreign table on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('multi_assign');
  const reset = (t: string) =>
    `delete from ${t}; insert into ${t} values ${SEED.map(([id, g, n]) => `('${id}', ${g ? `'${g}'` : 'null'}, ${n ?? 'null'})`).join(', ')}`;

  beforeAll(async () => {
    await createTable(clientOf(backend), table, { name: 'id', type: 'S' });
    await putItems(clientOf(backend), table, [{ id: { S: 'seed' } }]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table ft (id text not null, g text, n int) server dynamodb_server options (table '${table}', rowid_column 'id');
       create table lt (id text primary key, g text, n int);
       create table other (id text primary key, g text, n int);`,
    );
  });
  afterAll(() => engine?.close());

  it.each([
    `update {t} set (n, g) = (select n, g from {t} where id = '3') where id = '1' returning *`,
    `update {t} set (n, g) = (select max(o.n), min(o.g) from {t} o where o.g = {t}.g) returning id, n, g`,
    `update {t} set (g, n) = (select g, n + 10 from {t} where id = '2') where id in ('1', '4') returning id, g, n`,
    `with w as (update {t} set (g, n) = (select 'w', n + 1 from {t} where id = '2') where id = '3' returning g, n) select * from w`,
  ])('%s', async (sql) => {
    await ok(engine, `${reset('ft')}; ${reset('lt')}`);
    const sorted = (r: unknown[][]) => r.map((x) => JSON.stringify(x)).sort();
    const local = await rows(engine, sql.replaceAll('{t}', 'lt'));
    expect(local.length).toBeGreaterThan(0);
    expect(sorted(await rows(engine, sql.replaceAll('{t}', 'ft')))).toEqual(sorted(local));
    expect(await rows(engine, 'select * from ft order by id')).toEqual(
      await rows(engine, 'select * from lt order by id'),
    );
  });

  it('a host table set from a foreign table', async () => {
    await ok(engine, `${reset('ft')}; ${reset('lt')}; ${reset('other')}`);
    const sql = `update other set (g, n) = (select g, n from {t} where id = '3') where id in ('1', '2') returning *`;
    const local = await rows(engine, sql.replaceAll('{t}', 'lt'));
    await ok(engine, reset('other'));
    expect(await rows(engine, sql.replaceAll('{t}', 'ft'))).toEqual(local);
    expect(await rows(engine, 'select * from other order by id')).toEqual([
      ['1', 'b', 3],
      ['2', 'b', 3],
      ['3', 'b', 3],
      ['4', null, null],
    ]);
  });
});
