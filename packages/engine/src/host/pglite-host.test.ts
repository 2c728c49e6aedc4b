import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHostError } from './host';
import { PGliteHost } from './pglite-host';
import { CATALOG_NOTIFY_DDL } from './catalog-notify';
import { typedColumns } from '../../test/support/typed-columns';

/** The host on its worker thread: same answers as PGlite in-process, and this thread stays free. */
describe('PGliteHost (worker thread)', () => {
  let host: PGliteHost;
  beforeAll(async () => {
    host = await PGliteHost.open({});
  }, 60_000);
  afterAll(() => host?.close());

  it('returns every value as Postgres text output, with types and counts', async () => {
    const r = await host.query(
      'select 9223372036854775807::int8 as i, 1.50::numeric as n, \'{"b":1, "a":2}\'::jsonb as j, null::text as z, $1::bytea as b',
      [new Uint8Array([1, 255])],
    );
    expect(r.rows).toEqual([['9223372036854775807', '1.50', '{"a": 2, "b": 1}', null, '\\x01ff']]);
    expect(r.fields.map((f) => f.name)).toEqual(['i', 'n', 'j', 'z', 'b']);
    expect(r.fields[0]!.typeId).toBe(20);
    await host.exec('create temp table t (x int)');
    expect((await host.query('insert into t select generate_series(1, 3)')).affectedRows).toBe(3);
  });

  it('errors keep their SQLSTATE, position and severity', async () => {
    const e = await host.query('select 1 from nowhere').catch((x: unknown) => x);
    expect(isHostError(e)).toBe(true);
    expect((e as { code: string }).code).toBe('42P01');
    expect(Number((e as { position: string }).position)).toBe(15);
    expect((e as Error).message).toBe('relation "nowhere" does not exist');
  });

  it('runs one statement a call: a text of two is refused (42601) and none of it runs', async () => {
    const e = await host.query('create temp table two (x int); select 1').catch((x: unknown) => x);
    expect((e as { code: string }).code).toBe('42601');
    expect((e as Error).message).toBe('cannot insert multiple commands into a prepared statement');
    expect((await host.query("select pg_catalog.to_regclass('pg_temp.two') is null")).rows).toEqual([['t']]);
  });

  it('answers calls sent together in order, a failed one leaving the others whole', async () => {
    await host.exec('create temp table queue (x int)');
    const calls = [
      host.query('insert into queue values (1), (2)'),
      host.query('select x from queue order by x'),
      host.query('select 1/0'),
      host.query('select count(*) from queue where x > $1', [1]),
    ].map((p) => p.catch((e: unknown) => (e as { code: string }).code));
    const [inserted, rows, failed, counted] = await Promise.all(calls);
    expect((inserted as { affectedRows: number }).affectedRows).toBe(2);
    expect((rows as { rows: unknown }).rows).toEqual([['1'], ['2']]);
    expect(failed).toBe('22012');
    expect((counted as { rows: unknown }).rows).toEqual([['1']]);
  });

  it('delivers notices, describes statements and tracks transactions', async () => {
    const notices: string[] = [];
    await host.query("do $$ begin raise notice 'hello %', 42; end $$", [], (m) => notices.push(m));
    expect(notices).toEqual(['hello 42']);
    expect(await host.describe('select 1::int2 as a, now() as b, $1 + 1 as c')).toEqual({
      fields: [
        { name: 'a', typeId: 21, typmod: -1, tableId: 0, columnId: 0 },
        { name: 'b', typeId: 1184, typmod: -1, tableId: 0, columnId: 0 },
        { name: 'c', typeId: 23, typmod: -1, tableId: 0, columnId: 0 },
      ],
      paramTypes: [23],
    });
    // A table's column: its table's oid and attnum and its typmod, described and answered alike.
    const typed = await typedColumns(host, 'create table typed_cols (id int, p numeric(10,2))');
    expect(typed.described).toEqual(typed.expected);
    expect(typed.answered).toEqual(typed.expected);
    expect(host.inTransaction()).toBe(false);
    await host.transaction(async () => {
      expect(host.inTransaction()).toBe(true);
      await host.transaction(async () => expect(host.inTransaction()).toBe(true));
    });
    expect(host.inTransaction()).toBe(false);
    await expect(host.transaction(async () => Promise.reject(new Error('undo')))).rejects.toThrow('undo');
    expect(host.inTransaction()).toBe(false);
  });

  it('this thread keeps running while the host works', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    await host.query('select count(*) from generate_series(1, 4000000)');
    const elapsed = Date.now() - started;
    clearInterval(timer);
    // On the calling thread the query would hold the event loop for all of `elapsed`.
    expect(elapsed).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
  });

  it('dumps a data directory another host opens; a closed host says so', async () => {
    await host.exec('create table kept (v text); insert into kept values ($$x$$)');
    const copy = await PGliteHost.open({ loadDataDir: await host.dump() });
    expect((await copy.query('select v from kept')).rows).toEqual([['x']]);
    await copy.close();
    await expect(copy.query('select 1')).rejects.toThrow(/stopped/);
  }, 60_000);

  it('tells of committed catalog changes, not of temporary objects or a rolled-back one, and listens again after UNLISTEN', async () => {
    await host.exec(`create schema if not exists dynascope; ${CATALOG_NOTIFY_DDL}`);
    let told = 0;
    await host.watchCatalog(() => told++);
    // The answer to the statement that committed a change comes after the host was told.
    const toldBy = async (sql: string) => {
      const before = told;
      await host.exec(sql);
      return told - before;
    };
    expect(await toldBy('create table notified (a int)')).toBe(1);
    expect(await toldBy('create temp table not_notified (a int); drop table not_notified')).toBe(0);
    expect(await toldBy('begin; alter table notified add column b int')).toBe(0);
    expect(await toldBy('commit')).toBe(1);
    expect(await toldBy('begin; alter table notified add column c int; rollback')).toBe(0);
    expect(await toldBy('unlisten *')).toBe(0);
    expect(await toldBy('alter table notified add column d int')).toBe(1);
    expect(await toldBy('discard all')).toBe(0);
    expect(await toldBy('drop table notified')).toBe(1);
  });
});
