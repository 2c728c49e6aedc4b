import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * Postgres 18's `RETURNING old.*, new.*` on a foreign table (s40-h1): each statement is compared with
 * the same one over a host table `l.t` (the foreign table is `f.t`: positions compare) with the same rows — on PGlite (Postgres 18) the same rows
 * (old: the item before the write, NULLs for an INSERT; new: after it, NULLs for a DELETE) and the
 * same table after, read back from DynamoDB; on a PostgreSQL 15 host, which has neither, the same
 * error at the same position, and nothing written.
 */
describe.each(BACKENDS)('RETURNING old and new on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('oldnew');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      { id: { S: 'a' }, v: { N: '1' }, w: { S: 'x' } },
      { id: { S: 'b' }, v: { N: '2' }, w: { S: 'y' } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    const r = await engine.execute(
      `create schema f; create foreign table f.t (id text, v int, w text) server dynamodb_server options (table '${table}', rowid_column 'id');
       create schema l; create table l.t (id text primary key, v int, w text);
       insert into l.t values ('a', 1, 'x'), ('b', 2, 'y')`,
    );
    expect(r.error).toBeUndefined();
  });
  afterAll(() => engine?.close());

  const contents = (t: string) => rows(engine, `select id, v, w from ${t} order by id`);

  /** The statement over the foreign table and over the host table: the same answer (or error) and the same table after. */
  async function same(sql: string): Promise<unknown[][] | null> {
    const foreign = await engine.execute(sql.replaceAll('{t}', 'f.t'));
    const local = await engine.execute(sql.replaceAll('{t}', 'l.t'));
    const answer = (r: typeof foreign) =>
      r.error
        ? [r.error.sqlstate, r.error.message, r.error.position]
        : JSON.parse(JSON.stringify(r.statements.map((s) => [s.rowCount, s.rows])));
    expect(answer(foreign), sql).toEqual(answer(local));
    expect(await contents('f.t')).toEqual(await contents('l.t'));
    return foreign.error ? null : (foreign.statements[0]!.rows as unknown[][]);
  }

  const onPostgres18 = async () =>
    Number((await rows(engine, `select current_setting('server_version_num')`))[0]![0]) >= 180000;

  it('INSERT: old is NULLs, new the row written', async () => {
    const r = await same(`insert into {t} values ('c', 3, 'z') returning old.*, new.*`);
    if (await onPostgres18()) expect(r).toEqual([[null, null, null, 'c', 3, 'z']]);
    else expect(r).toBeNull();
    await same(
      `insert into {t} (id, v) values ('d', 4), ('e', 5) returning with (old as o, new as n) o.v, n.v, n.w, o`,
    );
    await same(
      `insert into {t} values ('f', 6) returning new.id, old is null as no_old, (select count(*) from l.t where id = new.id)`,
    );
    await same(`insert into {t} select id || '2', v from l.t where id < 'c' returning new.*`);
  });

  it('INSERT ... ON CONFLICT DO NOTHING returns the rows written', async () => {
    await same(
      `insert into {t} values ('a', 9), ('g', 7) on conflict (id) do nothing returning old.v, new.v, new.id`,
    );
  });

  it('UPDATE: old is the item before the write, new after it, columns not SET too', async () => {
    const r = await same(
      `update {t} set v = v + 10 where id = 'a' returning old.v, new.v, old.w, new.w, old, new`,
    );
    if (await onPostgres18()) expect(r).toEqual([[1, 11, 'x', 'x', '(a,1,x)', '(a,11,x)']]);
    await same(
      `update {t} set w = 'q' where id in ('b', 'c') returning with (old as before, new as after) before.*, after.w`,
    );
    await same(`update {t} set v = 0 where id = 'nope' returning old.*`);
  });

  it('DELETE: old is the item deleted, new NULLs', async () => {
    const r = await same(`delete from {t} where id = 'b' returning old.*, new.*`);
    if (await onPostgres18()) expect(r).toEqual([['b', 2, 'q', null, null, null]]);
    await same(`delete from {t} where id in ('d', 'e') returning old.w, new.v, old`);
    // A WITH query's RETURNING of both rows has two columns of each name.
    await same(`with d as (delete from {t} where id = 'f' returning old.*, new.*) select * from d`);
    await same(`with u as (update {t} set v = 1 where id = 'g' returning old.v, new.v) select * from u`);
  });
});
