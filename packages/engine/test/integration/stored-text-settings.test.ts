import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * Issue 12: values stored as their text (composites, arrays of composites, regclass/regtype, other
 * ranges, geometric arrays) are the same item whatever setting the session writes them under, and
 * read back under any setting as the host table's output of the same values. search_path changes a
 * regclass's text (`t` or `public.t`): it is stored schema-qualified, so it names the same relation
 * when read under another search_path (it failed with 42P01 before).
 */
const SETTINGS: [string, string][] = [
  ['DateStyle', 'German'],
  ['DateStyle', 'SQL, DMY'],
  ['IntervalStyle', 'sql_standard'],
  ['IntervalStyle', 'iso_8601'],
  ['TimeZone', 'Asia/Kolkata'],
  ['extra_float_digits', '-15'],
  ['bytea_output', 'escape'],
  ['search_path', 'other'],
];
const COLUMNS = ['c', 'ca', 'rc', 'rt', 'rca', 'tsa', 'pa', 'ba'];
const TYPES = `c public.rec, ca public.rec[], rc regclass, rt regtype, rca regclass[], tsa tsrange[], pa point[], ba box[]`;
// Each value is the same under every setting (ISO input, explicit offsets, qualified names).
const VALUES = [
  `row(0.1::float8 + 0.2, '2024-03-05 10:00:00+02', '-1 day +02:00:00', '\\x00ff', '2024-03-05', '2024-03-05 10:00:00.5', 'public.tt', 'public.rec')::public.rec`,
  `array[row(2::float8 / 3, '1999-12-31 23:59:59-05', '1 year -3 days', '\\x5c', '1999-12-31', null, 'public.tt', 'int4')::public.rec, null]`,
  `'public.tt'`,
  `'public.rec'`,
  `array['public.tt'::regclass, 'pg_class']`,
  `array[tsrange('2024-03-05 10:00', null)]`,
  `array[point(0.1::float8 + 0.2, 1)]`,
  `array[box(point(0, 0), point(1, 1)), box(point(2::float8 / 3, 1), point(3, 3))]`,
].join(', ');

describe.each(BACKENDS)('stored text under output settings on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('stored_text');
  const get = async (id: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
      )
    ).Item;
  let stored: Record<string, AttributeValue>;

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema other;
       create table public.tt (a int);
       create type public.rec as (f float8, at timestamptz, iv interval, b bytea, d date, ts timestamp, r regclass, t regtype);
       create foreign table public.p (id text not null, ${TYPES})
         server dynamodb_server options (table '${table}', rowid_column 'id');
       create table public.hp (id text, ${TYPES});
       insert into public.hp values ('base', ${VALUES});
       insert into public.p values ('base', ${VALUES});`,
    );
    stored = (await get('base'))!;
  });
  afterAll(() => engine?.close());

  it('stores the composites and arrays element by element, names schema-qualified', () => {
    expect(stored.ca).toEqual({
      L: [
        {
          S: '(0.6666666666666666,"2000-01-01 04:59:59+00","1 year -3 days","\\\\x5c",1999-12-31,,public.tt,integer)',
        },
        { NULL: true },
      ],
    });
    expect([stored.rc, stored.rt, stored.rca]).toEqual([
      { S: 'public.tt' },
      { S: 'public.rec' },
      { L: [{ S: 'public.tt' }, { S: 'pg_class' }] },
    ]);
  });

  it.each(SETTINGS)(
    'under %s = %s, the item written is the same and reads as the host table outputs it',
    async (name, value) => {
      const id = `${name}-${value}`;
      await ok(engine, `set ${name} = '${value}'`);
      try {
        await ok(engine, `insert into public.p values ('${id}', ${VALUES})`);
        expect(await get(id)).toEqual({ ...stored, id: { S: id } });
        for (const c of COLUMNS) {
          const want = await rows(engine, `select ${c}::text from public.hp`);
          expect({ c, got: await rows(engine, `select ${c}::text from public.p where id = 'base'`) }).toEqual(
            { c, got: want },
          );
          expect({
            c,
            got: await rows(engine, `select ${c}::text from public.p where id = '${id}'`),
          }).toEqual({ c, got: want });
        }
      } finally {
        await ok(engine, `reset ${name}`);
      }
    },
  );
});
