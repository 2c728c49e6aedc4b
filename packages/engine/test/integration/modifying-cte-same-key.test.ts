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
 * A data-modifying WITH query and the statement (or another WITH query) writing one key (s40-h1):
 * each statement is compared with the same one over a host table `l.t` with a primary key and the
 * same rows — where Postgres fails it (two INSERTs of one key: 23505, whichever runs first), ours
 * fails too, with nothing written; where its answer does not hang on the order Postgres runs the
 * parts in, ours is the same answer and the same table after.
 */
describe.each(BACKENDS)('WITH queries writing one key on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('samekey');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [{ id: { S: 'a' }, v: { N: '1' } }]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    const r = await engine.execute(
      `create schema f; create foreign table f.t (id text, v int) server dynamodb_server options (table '${table}', rowid_column 'id');
       create schema l; create table l.t (id text primary key, v int); insert into l.t values ('a', 1)`,
    );
    expect(r.error).toBeUndefined();
  });
  afterAll(() => engine?.close());

  const contents = (t: string) => rows(engine, `select id, v from ${t} order by id`);

  /** Runs the statement over both tables: `f.t` gives `local`'s SQLSTATE (or its rows) and the two tables stay alike. */
  async function same(sql: string) {
    const foreign = await engine.execute(sql.replaceAll('{t}', 'f.t'));
    const local = await engine.execute(sql.replaceAll('{t}', 'l.t'));
    expect(foreign.error?.sqlstate, sql).toBe(local.error?.sqlstate);
    if (!local.error)
      expect(JSON.parse(JSON.stringify(foreign.statements.map((s) => [s.rowCount, s.rows])))).toEqual(
        JSON.parse(JSON.stringify(local.statements.map((s) => [s.rowCount, s.rows]))),
      );
    expect(await contents('f.t')).toEqual(await contents('l.t'));
    return foreign;
  }

  it('fails two INSERTs of one key, as Postgres does, with nothing written', async () => {
    const r = await same(
      `with a as (insert into {t} values ('k', 1) returning *) insert into {t} values ('k', 2)`,
    );
    expect(r.error).toMatchObject({
      sqlstate: '23505',
      message: 'duplicate key value violates the key of "t"',
    });
    await same(
      `with a as (insert into {t} values ('k', 1), ('j', 0) returning id), b as (insert into {t} select 'k', 2 returning id) select * from a, b`,
    );
    await same(
      `with a as (insert into {t} values ('k', 1) returning *) insert into {t} select id, v + 1 from a`,
    );
    expect(await contents('f.t')).toEqual([['a', 1]]);
  });

  it('fails them inside a transaction block too, its writes held', async () => {
    for (const t of ['f.t', 'l.t']) {
      const r = await engine.execute(
        `begin; with a as (insert into ${t} values ('k', 1) returning *) insert into ${t} values ('k', 2); commit`,
      );
      expect(r.error?.sqlstate, t).toBe('23505');
      await engine.execute('rollback');
    }
    expect(await contents('f.t')).toEqual(await contents('l.t'));
  });

  it('refuses ON CONFLICT DO UPDATE on a foreign table before the WITH query writes', async () => {
    const r = await engine.execute(
      `with a as (insert into f.t values ('k', 1) returning *) insert into f.t values ('k', 2) on conflict (id) do update set v = excluded.v`,
    );
    expect(r.error?.sqlstate).toBe('0A000');
    expect(await contents('f.t')).toEqual([['a', 1]]);
  });

  it('answers as Postgres where the order is its own: distinct keys, and DO NOTHING after the query it reads', async () => {
    await same(
      `with a as (insert into {t} values ('p', 1) returning *) insert into {t} values ('q', 2) returning id, v`,
    );
    // The INSERT reads the WITH query, which Postgres runs first: its row conflicts and is skipped.
    await same(
      `with a as (insert into {t} values ('m', 1) returning *) insert into {t} select id, 2 from a on conflict (id) do nothing returning *`,
    );
    expect(await contents('f.t')).toEqual([
      ['a', 1],
      ['m', 1],
      ['p', 1],
      ['q', 2],
    ]);
  });
});
