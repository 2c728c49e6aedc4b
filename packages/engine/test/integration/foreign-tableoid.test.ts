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

/**
 * A foreign table's system columns (s40-h1). `tableoid` is the foreign table's oid, as Postgres gives
 * it for a foreign table, not the oid of the temp table its rows are read into: each statement is
 * compared with the same one over a host table `s.lt` with the same rows, the host table's oid and
 * name standing for the foreign table's. ctid, xmin, xmax, cmin and cmax are refused (0A000 at the
 * reference): the temp table's would address no item.
 */
describe.each(BACKENDS)('tableoid of a foreign table on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('tableoid');
  let oids: { ft: number; lt: number };

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      { id: { S: 'a' }, v: { N: '1' } },
      { id: { S: 'b' }, v: { N: '2' } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema s;
       create foreign table s.ft (id text, v int) server dynamodb_server options (table '${table}', rowid_column 'id');
       create table s.lt (id text primary key, v int);
       insert into s.lt values ('a', 1), ('b', 2);
       create table s.other (id text, w int);
       insert into s.other values ('a', 10), ('b', 20);
       create view s.vft as select tableoid::regclass as t, id, v from s.ft;
       create view s.vlt as select tableoid::regclass as t, id, v from s.lt;`,
    );
    const [[ft, lt]] = (await rows(
      engine,
      `select 's.ft'::regclass::oid::int, 's.lt'::regclass::oid::int`,
    )) as [[number, number]];
    oids = { ft, lt };
  });
  afterAll(() => engine?.close());

  /** The statement over `s.ft` and over `s.lt`: the same rows, the host table's name and oid read as the foreign table's. */
  async function same(sql: string): Promise<unknown[][]> {
    const foreign = await rows(engine, sql.replaceAll('{t}', 's.ft').replaceAll('{v}', 's.vft'));
    const local = await rows(engine, sql.replaceAll('{t}', 's.lt').replaceAll('{v}', 's.vlt'));
    const asForeign = (cell: unknown) =>
      cell === 's.lt'
        ? 's.ft'
        : cell === oids.lt
          ? oids.ft
          : cell === String(oids.lt)
            ? String(oids.ft)
            : cell;
    expect(foreign).toEqual(local.map((row) => row.map(asForeign)));
    return foreign;
  }

  it('reads tableoid as the foreign table, schema-qualified as regclass prints it', async () => {
    expect(await same('select tableoid::regclass, * from {t} order by id')).toEqual([
      ['s.ft', 'a', 1],
      ['s.ft', 'b', 2],
    ]);
    const oid = (await same(`select tableoid from {t} where id = 'a'`))[0]![0];
    expect(Number(oid)).toBe(oids.ft);
    await same(`select {t}.tableoid::regclass, id from {t} order by id`);
    await same(`select s.ft.tableoid::regclass from s.ft where id = 'a'`.replaceAll('s.ft', '{t}'));
  });

  it('filters, groups and joins by it', async () => {
    expect(await same(`select id from {t} where tableoid = '{t}'::regclass order by id`)).toEqual([
      ['a'],
      ['b'],
    ]);
    await same(`select count(*)::int, tableoid::regclass from {t} group by tableoid`);
    await same(
      `select x.tableoid::regclass, o.tableoid::regclass, x.id from {t} x join s.other o using (id) order by x.id`,
    );
    // A row an outer join adds has no tableoid.
    expect(
      await same(
        `select y.tableoid::regclass, x.id from s.other x left join {t} y on y.id = 'zz' order by x.id`,
      ),
    ).toEqual([
      [null, 'a'],
      [null, 'b'],
    ]);
  });

  it('reads it through a subquery and a view', async () => {
    await same('select tableoid::regclass from (select tableoid from {t}) sub order by 1');
    await same(
      'select (select count(*)::int from s.other where s.other.id = x.id and x.tableoid > 0) from {t} x order by x.id',
    );
    expect(await same('select t, id from {v} order by id')).toEqual([
      ['s.ft', 'a'],
      ['s.ft', 'b'],
    ]);
  });

  it('returns it from INSERT, UPDATE and DELETE', async () => {
    expect(await same(`insert into {t} values ('c', 3) returning tableoid::regclass, *`)).toEqual([
      ['s.ft', 'c', 3],
    ]);
    await same(`update {t} set v = 9 where id = 'c' returning tableoid::regclass, *`);
    await same(`delete from {t} where id = 'c' returning tableoid::regclass, *`);
  });

  it('reads it in a read-only block too, whose reads are staged rows', async () => {
    await ok(engine, 'begin read only');
    try {
      expect(await same('select tableoid::regclass, * from {t} order by id')).toEqual([
        ['s.ft', 'a', 1],
        ['s.ft', 'b', 2],
      ]);
      await same(
        `select x.tableoid::regclass, x.id from {t} x where x.tableoid = '{t}'::regclass order by x.id`,
      );
      await same('select {t}.tableoid::regclass, id from {t} order by id');
      await same(
        `select y.tableoid::regclass, x.id from s.other x left join {t} y on y.id = 'zz' order by x.id`,
      );
      await same('select count(*)::int, tableoid::regclass from {t} group by tableoid');
    } finally {
      await ok(engine, 'commit');
    }
  });

  it('refuses the other system columns of a foreign table, and reads a host table beside it', async () => {
    // Each at its reference (the column's name, or the relation's where it is qualified).
    for (const [sql, at] of [
      ['select ctid, * from s.ft', 'ctid'],
      ['select id, x.xmin from s.ft x', 'x.xmin'],
      ["delete from s.ft where ctid = '(0,1)'", 'ctid'],
      ['select 1 from s.other o where exists (select cmax from s.ft)', 'cmax'],
      ["update s.ft set v = 1 where id = 'a' returning xmax", 'xmax'],
    ] as const) {
      const e = await fails(engine, sql);
      expect([e.sqlstate, e.message, e.position], sql).toEqual([
        '0A000',
        'cannot retrieve a system column in this context',
        sql.indexOf(at) + 1,
      ]);
    }
    expect(
      await rows(engine, `select count(ctid)::int from s.other where id in (select id from s.ft)`),
    ).toEqual([[2]]);
    expect(await rows(engine, 'select id, v from s.ft order by id')).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
});
