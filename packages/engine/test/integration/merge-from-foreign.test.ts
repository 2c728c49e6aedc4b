import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
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
import { testPostgresUrl } from '../support/pg-database';

const N = 40;

/**
 * MERGE (plan/statement/merge-target.ts). Into a table of the host's own, with foreign tables as its
 * source, it runs as Postgres runs it over a working FDW: the engine reads the foreign rows, the host
 * merges. Each MERGE runs twice — over the foreign table and over a host copy of the same rows — and
 * must leave the same rows and count the same. Into a foreign table (also through a view), Postgres
 * itself refuses it at parse analysis, EXPLAIN too: 0A000, nothing written.
 */
describe.each(BACKENDS)('MERGE with foreign tables on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('merge_src');

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      Array.from({ length: N }, (_, i) => ({
        id: { S: `k${String(i).padStart(2, '0')}` },
        n: { N: String((i * 7) % 13) },
        ...(i % 5 ? { tag: { S: i % 2 ? 'odd' : 'even' } } : {}),
      })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.src (id text not null, n integer, tag text)
         server dynamodb_server options (table '${table}', rowid_column 'id');
       create view src_view as select * from src;
       create table src_copy as select * from src;`,
    );
  });
  afterAll(() => engine?.close());

  /** The target before each MERGE: some keys the source has (with other values), some it has not. */
  const fill = (target: string) =>
    `drop table if exists ${target};
     create table ${target} (id text primary key, n integer, tag text, touched int default 0);
     insert into ${target} (id, n, tag)
       select 'k' || lpad(g::text, 2, '0'), -g, 'old' from generate_series(0, ${N + 9}, 3) g;`;

  const merges: [string, string][] = [
    [
      'update matched, insert the rest',
      `merge into $T t using $S s on t.id = s.id
         when matched then update set n = s.n, tag = s.tag, touched = t.touched + 1
         when not matched then insert (id, n, tag) values (s.id, s.n, s.tag)`,
    ],
    [
      'conditional actions, delete, do nothing',
      `merge into $T t using $S s on t.id = s.id
         when matched and s.n > 6 then delete
         when matched and s.tag is null then update set tag = 'none'
         when matched then do nothing
         when not matched and s.n % 2 = 0 then insert values (s.id, s.n * 10, coalesce(s.tag, '?'), 1)`,
    ],
    [
      'a filtered subquery as the source (its filter pushed)',
      `merge into $T t using (select * from $S where tag = 'odd' and n between 2 and 9) s on t.id = s.id
         when matched then update set n = t.n + s.n
         when not matched then insert (id, n) values (s.id, s.n)`,
    ],
    [
      'a WITH query as the source, aggregated',
      `with agg as (select coalesce(tag, 'none') as id, sum(n)::int as n from $S group by 1)
       merge into $T t using agg s on t.id = s.id
         when not matched then insert (id, n, tag) values (s.id, s.n, 'agg')`,
    ],
  ];

  it.each(merges)('%s: the same rows and count as over a host copy of the rows', async (_, merge) => {
    await ok(engine, fill('over_foreign') + fill('over_copy'));
    const foreign = await ok(engine, merge.replaceAll('$T', 'over_foreign').replaceAll('$S', 'src'));
    const copy = await ok(engine, merge.replaceAll('$T', 'over_copy').replaceAll('$S', 'src_copy'));
    expect(foreign.at(-1)!.command).toBe('MERGE');
    expect(foreign.at(-1)!.rowCount).toBe(copy.at(-1)!.rowCount);
    expect(foreign.at(-1)!.rowCount).toBeGreaterThan(0);
    expect(foreign.at(-1)!.plan?.scans.map((s) => s.relation)).toEqual(['public.src']);
    const after = await rows(engine, `select * from over_foreign order by id`);
    expect(after).toEqual(await rows(engine, `select * from over_copy order by id`));
  });

  it('through a view, prepared, and in a block that rolls back', async () => {
    await ok(engine, fill('over_foreign') + fill('over_copy'));
    const merge = `merge into $T t using $S s on t.id = s.id when matched then update set n = s.n * 2`;
    await ok(
      engine,
      `prepare m as ${merge.replace('$T', 'over_foreign').replace('$S', 'src_view')}; execute m; deallocate m;`,
    );
    await ok(engine, merge.replace('$T', 'over_copy').replace('$S', 'src_copy'));
    expect(await rows(engine, `select * from over_foreign order by id`)).toEqual(
      await rows(engine, `select * from over_copy order by id`),
    );
    const before = await rows(engine, `select * from over_foreign order by id`);
    const inBlock = await ok(
      engine,
      `begin; ${merge.replace('$T', 'over_foreign').replace('$S', 'src')}; select count(*) from over_foreign where n < 0; rollback;`,
    );
    expect(inBlock[1]!.rowCount).toBeGreaterThan(0);
    expect(await rows(engine, `select * from over_foreign order by id`)).toEqual(before);
  });

  it('EXPLAIN shows the foreign read; a read-only block refuses the MERGE as Postgres does', async () => {
    await ok(engine, fill('over_foreign'));
    const [explained] = await ok(
      engine,
      `explain merge into over_foreign t using (select * from src where id = 'k03') s on t.id = s.id when matched then delete`,
    );
    expect(explained!.plan?.scans.map((s) => s.operation)).toEqual(['GetItem']);
    expect(JSON.stringify(explained!.rows)).toMatch(/GetItem/);
    const e = await fails(
      engine,
      `begin read only; merge into over_foreign t using src s on t.id = s.id when matched then delete`,
    );
    expect(e).toMatchObject({
      sqlstate: '25006',
      message: 'cannot execute MERGE in a read-only transaction',
    });
    await ok(engine, 'rollback');
  });

  it.each([
    ['the foreign table', 'src'],
    ['a view over it', 'src_view'],
  ])('MERGE into %s is 0A000 (EXPLAIN too), nothing written', async (_, target) => {
    for (const explain of ['', 'explain ']) {
      const e = await fails(
        engine,
        `${explain}merge into ${target} t using (values ('k01', 99), ('new', 1)) v(id, n) on t.id = v.id
           when matched then update set n = v.n when not matched then insert (id, n) values (v.id, v.n)`,
      );
      expect(e).toMatchObject(
        // PostgreSQL 15 (the test cluster) refuses MERGE into any view; PGlite's Postgres 18 merges
        // into an updatable view's relation, which is the foreign table.
        target === 'src_view' && testPostgresUrl()
          ? {
              sqlstate: '0A000',
              message: 'cannot execute MERGE on relation "src_view"',
              detail: 'This operation is not supported for views.',
            }
          : {
              sqlstate: '0A000',
              message: 'cannot execute MERGE on relation "src"',
              detail: 'This operation is not supported for foreign tables.',
            },
      );
    }
    const get = (id: string) =>
      client.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }));
    expect((await get('k01')).Item?.n).toEqual({ N: '7' });
    expect((await get('new')).Item).toBeUndefined();
  });
});
