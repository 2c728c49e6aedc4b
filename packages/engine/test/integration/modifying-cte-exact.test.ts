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
  uniqueName,
} from '../support/harness';

/**
 * A data-modifying WITH query's RETURNING rows, fed back to the statement, keep their exact values
 * whatever the session's output settings (floats' digits, DateStyle, TimeZone, IntervalStyle,
 * bytea_output): each statement is compared with the same one over a host table holding the same rows.
 */
const SETTINGS = [
  'set extra_float_digits = -15',
  'set extra_float_digits = 3',
  "set datestyle = 'SQL, DMY'; set timezone = 'Asia/Kolkata'",
  "set intervalstyle = 'sql_standard'",
  "set bytea_output = 'escape'",
];

describe.each(BACKENDS)('data-modifying WITH keeps exact values on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('ctex');
  const items = Array.from({ length: 4 }, (_, i) => ({ id: { N: String(i) } }));
  const cols = 'id int, d float8, r real, ts timestamptz, t timestamp, dt date, iv interval, b bytea';
  const values = `0.1::float8 + 0.2, 1.2345678::real, '2024-03-05 01:02:03.456789+00', '2024-03-05 01:02:03.5', '2024-03-05', '-1 day +02:03:04.5', '\\x00ff5c27'`;
  /** Every RETURNING value compared exactly with what it was written from. */
  const exact = `d = 0.1::float8 + 0.2 and r = 1.2345678::real and ts = '2024-03-05 01:02:03.456789+00' and t = '2024-03-05 01:02:03.5' and dt = '2024-03-05' and iv = '-1 day +02:03:04.5' and b = '\\x00ff5c27'`;

  beforeAll(async () => {
    await createTable(clientOf(backend), table, { name: 'id', type: 'N' });
    await putItems(clientOf(backend), table, items);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.x (${cols}) server dynamodb_server options (table '${table}', rowid_column 'id');
       create schema l; create table l.x (${cols}, primary key (id));
       insert into l.x (id) select id from public.x;
       update public.x set (d, r, ts, t, dt, iv, b) = (${values});
       update l.x set (d, r, ts, t, dt, iv, b) = (${values})`,
    );
  });
  afterAll(() => engine?.close());

  /** The statement under the settings over both tables (then `restore`, to leave the rows as they were). */
  async function same(settings: string, sql: string, restore = '') {
    const run = async (t: string) => {
      const out = await ok(engine, `${settings}; ${sql.replaceAll('{x}', t)}`);
      await ok(engine, `reset all; ${restore.replaceAll('{x}', t)}`);
      return out.at(-1)!;
    };
    const foreign = await run('public.x');
    const local = await run('l.x');
    expect(JSON.parse(JSON.stringify(foreign.rows))).toEqual(JSON.parse(JSON.stringify(local.rows)));
    return foreign;
  }

  it.each(SETTINGS)('UPDATE ... RETURNING feeds an exact comparison under %s', async (settings) => {
    const r = await same(
      settings,
      `with w as (update {x} set d = d where id = 1 returning *) select id, ${exact} as exact from w`,
    );
    expect(r.rows).toEqual([[1, true]]);
  });

  it('an UPDATE ... RETURNING * lists the columns of the table and of its FROM list only', async () => {
    const r = await same(
      '',
      `update {x} set d = d from (select 1 as one) o where id = one returning *, d as e`,
    );
    expect(r.columns.map((c) => c.name)).toEqual(['id', 'd', 'r', 'ts', 't', 'dt', 'iv', 'b', 'one', 'e']);
    const w = await same(
      '',
      `with w as (update {x} set d = d where id = 1 returning *, d as e) select e = d from w`,
    );
    expect(w.rows).toEqual([[true]]);
  });

  it.each(SETTINGS)('DELETE and INSERT ... RETURNING feed an exact comparison under %s', async (settings) => {
    const r = await same(
      settings,
      `with w as (delete from {x} where id = 2 returning *), v as (insert into {x} values (5, ${values}) returning *)
       select (select ${exact} from w), (select ${exact} from v), (select d::text from w) = (0.1::float8 + 0.2)::text`,
      `delete from {x} where id = 5; insert into {x} values (2, ${values})`,
    );
    expect(r.rows).toEqual([[true, true, true]]);
  });
});
