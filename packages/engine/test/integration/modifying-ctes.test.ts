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
 * Data-modifying WITH queries over foreign tables (issue 12): the write runs first, for real, and the
 * statement reads its RETURNING rows — each statement is compared with the same one over a host
 * table holding the same rows (count, rows, and the table afterwards, read back from DynamoDB).
 */
describe.each(BACKENDS)('data-modifying WITH on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('ctes');
  const items = Array.from({ length: 8 }, (_, i) => ({
    dev: { N: '10' },
    seq: { N: String(i) },
    note: { S: `n${i}` },
  }));

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'dev', type: 'N' }, { name: 'seq', type: 'N' });
    await putItems(client, table, items);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.m (dev int, seq int, note text) server dynamodb_server options (table '${table}', rowid_column 'dev');
       create schema l; create table l.m (dev int, seq int, note text, primary key (dev, seq));
       insert into l.m select dev, seq, note from public.m`,
    );
  });
  afterAll(() => engine?.close());

  const contents = (t: string) => rows(engine, `select dev, seq, note from ${t} order by dev, seq`);

  /** Runs the statement over the foreign table and over the host table: the same answer and the same table after. */
  async function same(sql: string) {
    const [foreign] = await ok(engine, sql.replaceAll('{m}', 'public.m'));
    const [local] = await ok(engine, sql.replaceAll('{m}', 'l.m'));
    expect(foreign!.command).toBe(local!.command);
    expect(foreign!.rowCount).toBe(local!.rowCount);
    expect(JSON.parse(JSON.stringify(foreign!.rows))).toEqual(JSON.parse(JSON.stringify(local!.rows)));
    expect(await contents('public.m')).toEqual(await contents('l.m'));
    return foreign!;
  }

  it('moves rows: DELETE ... RETURNING feeds an INSERT into the same table', async () => {
    const r = await same(
      'with moved as (delete from {m} where dev = 10 and seq <= 5 returning *) insert into {m} select dev + 200, seq, note from moved',
    );
    expect(r.rowCount).toBe(6);
    expect((await contents('public.m')).map((row) => row[0])).toEqual([10, 10, 210, 210, 210, 210, 210, 210]);
    expect(r.plan!.scans.map((s) => s.operation)).toEqual(['Query']);
  });

  it('counts, returns and updates through WITH queries', async () => {
    await same('with d as (delete from {m} where dev = 210 and seq <= 1 returning *) select count(*) from d');
    await same(
      "with u as (update {m} set note = note || '!' where dev = 210 returning dev, seq, note) select seq, note from u order by seq",
    );
    await same('with gone as (delete from {m} where dev = 999) select 1 as one');
    await same(
      "with a as (insert into {m} values (300, 1, 'x') returning seq), b as (insert into {m} values (300, 2, 'y') returning seq) select (select sum(seq) from a) + (select sum(seq) from b) as total",
    );
  });

  it('refuses a statement that also reads the written table (one snapshot in Postgres), and writes nothing', async () => {
    const before = await contents('public.m');
    const e = await fails(
      engine,
      "with i as (insert into m values (11, 1, 'z') returning *) select * from m",
    );
    expect(e.sqlstate).toBe('0A000');
    expect(e.message).toMatch(/reads "m", which a data-modifying WITH query writes/);
    expect(await contents('public.m')).toEqual(before);
  });

  it('refuses what it would run on a copy: a nested WITH write (Postgres refuses it too), EXPLAIN of one', async () => {
    const before = await contents('public.m');
    expect(
      (
        await fails(
          engine,
          'select * from (with d as (delete from m where dev = 300 returning *) select * from d) x',
        )
      ).sqlstate,
    ).toBe('0A000');
    expect(
      (
        await fails(
          engine,
          'explain with d as (delete from m where dev = 300 returning *) select count(*) from d',
        )
      ).sqlstate,
    ).toBe('0A000');
    expect(await contents('public.m')).toEqual(before);
  });

  it('checks the statement before anything is written', async () => {
    const before = await contents('public.m');
    expect(
      (await fails(engine, 'with d as (delete from m where dev = 300 returning *) select nosuch from d'))
        .sqlstate,
    ).toBe('42703');
    expect(await contents('public.m')).toEqual(before);
  });
});
