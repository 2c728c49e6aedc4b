import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteHost } from '../host/pglite-host';
import { TempTables } from './temp-tables';

/** The temp-table pool on a real PGlite host. */
describe('TempTables', () => {
  let host: PGliteHost;
  let n = 0;
  const pool = () => new TempTables(() => `__t_${++n}`);
  const count = async (name: string) =>
    Number((await host.query(`select count(*) from pg_temp."${name}"`)).rows[0]![0]);
  const filenode = async (name: string) =>
    (await host.query(`select pg_relation_filenode('pg_temp."${name}"')`)).rows[0]![0];
  const exists = async (name: string) =>
    (await host.query(`select to_regclass('pg_temp."${name}"') is not null`)).rows[0]![0] === 't';
  const fill = async (temps: TempTables, name: string, rows: number) => {
    await host.query(`insert into pg_temp."${name}" select g::text, g from generate_series(1, ${rows}) g`);
    temps.loaded(name, rows);
  };

  beforeAll(async () => {
    host = await PGliteHost.open({});
  }, 60_000);
  afterAll(() => host?.close());

  it('hands a released table, emptied, to the next statement with the same columns', async () => {
    const temps = pool();
    const a = await temps.acquire(host, 'k text, v int');
    const b = await temps.acquire(host, 'k text, v int');
    expect(a).not.toBe(b);
    await fill(temps, a, 10);
    await temps.release(host, [a, b]);
    const again = await temps.acquire(host, 'k text, v int');
    expect([a, b]).toContain(again);
    expect(await count(again)).toBe(0);
    const other = await temps.acquire(host, 'k text');
    expect([a, b]).not.toContain(other);
  });

  it('empties by DELETE while few rows died in a table, by TRUNCATE (a new file) beyond that', async () => {
    const temps = pool();
    const t = await temps.acquire(host, 'k text, v int');
    const before = await filenode(t);
    await fill(temps, t, 100);
    await temps.release(host, [t]);
    expect(await filenode(t)).toBe(before);
    expect(await count(t)).toBe(0);
    await temps.acquire(host, 'k text, v int');
    await fill(temps, t, 25_000);
    await temps.release(host, [t]);
    expect(await filenode(t)).not.toBe(before);
    expect(await count(t)).toBe(0);
  });

  it("lets a statement delete a pooled table's rows itself while a DELETE will do (one round trip), not beyond", async () => {
    const temps = pool();
    const t = await temps.acquire(host, 'k text, v int');
    const before = await filenode(t);
    await fill(temps, t, 100);
    expect(temps.deletedBy(t)).toBe(true);
    await host.query(
      `with emptied as (delete from pg_temp."${t}") insert into pg_temp."${t}" values ('a', 1)`,
    );
    temps.loaded(t, 1);
    expect(await count(t)).toBe(1);
    // The rows it deleted count as dead: past the limit the table asks for a TRUNCATE instead.
    await fill(temps, t, 20_000);
    expect(temps.deletedBy(t)).toBe(false);
    await temps.empty(host, [t]);
    expect(await filenode(t)).not.toBe(before);
    expect(await count(t)).toBe(0);
    await temps.release(host, [t]);
    await host.exec('begin');
    const inside = await temps.acquire(host, 'k text, v int');
    expect(temps.deletedBy(inside)).toBe(false); // not pooled: emptied the usual way
    await host.exec('rollback');
  });

  it('inside a transaction creates and drops, so a ROLLBACK cannot leave a stale table in the pool', async () => {
    const temps = pool();
    const outside = await temps.acquire(host, 'x int');
    await temps.release(host, [outside]);
    await host.exec('begin');
    const inside = await temps.acquire(host, 'x int');
    expect(inside).not.toBe(outside);
    await host.query(`insert into pg_temp."${inside}" values (1)`);
    await temps.release(host, [inside]);
    expect(await exists(inside)).toBe(false);
    await host.exec('rollback');
    const after = await temps.acquire(host, 'x int');
    expect(after).toBe(outside);
    expect(await count(after)).toBe(0);
  });

  it('clear() drops the free tables and forgets them', async () => {
    const temps = pool();
    const t = await temps.acquire(host, 'y int');
    await temps.release(host, [t]);
    await temps.clear(host);
    expect(await exists(t)).toBe(false);
    const next = await temps.acquire(host, 'y int');
    expect(next).not.toBe(t);
    expect(await exists(next)).toBe(true);
  });

  it('a table dropped behind the pool’s back (DISCARD TEMP) is dropped from the pool on release', async () => {
    const temps = pool();
    const t = await temps.acquire(host, 'z int');
    await host.query(`insert into pg_temp."${t}" values (1)`);
    temps.loaded(t, 1);
    await host.exec('discard temp');
    await temps.release(host, [t]);
    const next = await temps.acquire(host, 'z int');
    expect(next).not.toBe(t);
    expect(await exists(next)).toBe(true);
  });
});
