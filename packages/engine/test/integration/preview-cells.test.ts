import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  uniqueName,
} from '../support/harness';

/**
 * A write preview's before → after rows are rows the engine builds outside a statement's result, so
 * they are the host's output under the session's settings (issue 12), as a SELECT of the same item
 * gives them: floats as numbers, timestamps in the DateStyle, arrays and money as Postgres prints them.
 */
const COLUMNS = 'id, d, ts, tz, a, m, b, iv, j';
const ROW = `'a', 0.5, '2024-03-05 10:00:00.25', '2024-03-05 10:00:00+02', '{1,NULL,3}', 3.5, '\\x00ff', '1 day -02:00:00', '{"k": [1.5]}'`;
const NEW_VALUES = [
  `'a'`,
  `1e20`,
  `'1999-12-31 23:59:59'`,
  `'1999-12-31 23:59:59-05'`,
  `'{{1,2}}'`,
  `-0.01`,
  `'\\x5c'`,
  `'-100 hours'`,
  `'"s"'`,
];
const NEW = NEW_VALUES.join(', ');

describe.each(BACKENDS)('write preview rows on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('previewcells');

  beforeAll(async () => {
    await createTable(clientOf(backend), table, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.f (id text not null, d float8, ts timestamp, tz timestamptz, a int4[], m money,
         b bytea, iv interval, j jsonb) server dynamodb_server options (table '${table}', rowid_column 'id');
       insert into f (${COLUMNS}) values (${ROW});`,
    );
  });
  afterAll(() => engine?.close());

  it.each([
    ['the defaults', 'reset DateStyle'],
    [
      'DateStyle German, bytea escape, sql_standard intervals, Kolkata',
      `set DateStyle = 'German'; set bytea_output = 'escape'; set IntervalStyle = 'sql_standard'; set TimeZone = 'Asia/Kolkata'`,
    ],
  ])('under %s, before and after are what a SELECT outputs', async (_, settings) => {
    await ok(engine, settings);
    try {
      const p = await engine.preview(`insert into f (${COLUMNS}) values (${NEW})`);
      expect(p.error).toBeUndefined();
      const [row] = p.statements[0]!.sample;
      const select = async (sql: string) => {
        const [s] = await ok(engine, sql);
        return JSON.parse(
          toJson(Object.fromEntries(s!.columns.map((c, i) => [c.name, s!.rows[0]![i]]))),
        ) as unknown;
      };
      const cast = `select ${NEW_VALUES.map((v, i) => `(${v})::${TYPES[i]} as ${COLUMNS.split(', ')[i]}`).join(', ')}`;
      expect(JSON.parse(toJson(row!.before))).toEqual(
        await select(`select ${COLUMNS} from f where id = 'a'`),
      );
      expect(JSON.parse(toJson(row!.after))).toEqual(await select(cast));
    } finally {
      await ok(engine, 'reset DateStyle; reset bytea_output; reset IntervalStyle; reset TimeZone');
    }
  });
});

const TYPES = ['text', 'float8', 'timestamp', 'timestamptz', 'int4[]', 'money', 'bytea', 'interval', 'jsonb'];
