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
  putItems,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * Issue 12: what a write stores does not depend on the session's output settings. Each row is written
 * (INSERT, then UPDATE of every column) under one setting, and the item DynamoDB holds must be the one
 * written under the defaults, attribute for attribute; reading it back gives the host's own output.
 */
const SETTINGS: [string, string][] = [
  ['DateStyle', 'SQL, DMY'],
  ['DateStyle', 'German'],
  ['DateStyle', 'Postgres, MDY'],
  ['IntervalStyle', 'sql_standard'],
  ['IntervalStyle', 'iso_8601'],
  ['IntervalStyle', 'postgres_verbose'],
  ['extra_float_digits', '0'],
  ['extra_float_digits', '-15'],
  ['extra_float_digits', '3'],
  ['TimeZone', 'America/New_York'],
  ['TimeZone', 'Asia/Kolkata'],
  ['bytea_output', 'escape'],
  ['lc_monetary', 'de_DE.UTF-8'],
];

// Typed constants: each is the same value under every setting (ISO input, explicit offsets).
const VALUES = {
  f8: `0.1::float8 + 0.2::float8`,
  f4: `1.0000001::float4`,
  d: `date '2024-03-05'`,
  ts: `timestamp '2024-03-05 10:00:00.25'`,
  tz: `timestamptz '2024-03-05 10:00:00+02'`,
  iv: `interval '1 year 2 mons -3 days 04:05:06.5'`,
  b: `'\\x00ff27'::bytea`,
  n: `1.5`,
  tm: `time '04:05:06.5'`,
  // Arrays of every type above, and of the rest the coercion reads: a DynamoDB list of the elements
  // written as the scalars are (a NULL element is NULL; a 2-D array is a list of lists).
  f8a: `array[0.1::float8 + 0.2::float8, null, 1e20]`,
  f4a: `array[1.0000001::float4, -2.5e-7::float4]`,
  da: `array[date '2024-03-05', null]`,
  tsa: `array[timestamp '2024-03-05 10:00:00.25']`,
  tza: `array[timestamptz '2024-03-05 10:00:00+02', 'infinity']`,
  iva: `array[interval '1 year 2 mons -3 days 04:05:06.5', interval '-100 hours']`,
  ba: `array['\\x00ff27'::bytea, '\\x'::bytea]`,
  na: `array[1.5, -0.001, 12345678901234567890123456789012345678]`,
  ia: `'{{1,2},{3,null}}'::int4[]`,
  ta: `array['a', 'b,"c"', '', null]`,
  bo: `array[true, false]`,
  tma: `array[time '04:05:06.5']`,
  ja: `array['{"a": [1.5, "x"]}'::jsonb, '"s"', '2']`,
  ea: `'{}'::int8[]`,
  // money: its amount as N, without lc_monetary's symbol and separators.
  mo: `1234.5::money`,
  moa: `array[0.01::money, null]`,
  // Ranges of dates and times: their bounds as the scalars are written.
  dr: `daterange('2024-03-05', '2024-03-09')`,
  tsr: `tsrange('2024-03-05 10:00:00.25', null, '(]')`,
  tzr: `tstzrange('2024-03-05 10:00:00+02', 'infinity', '[]')`,
  // Types written as their text, under fixed output settings (write/canonical-text.ts): geometric
  // types (extra_float_digits), other ranges and multiranges, composites of any of these.
  pt: `point(0.1::float8 + 0.2, -1e-7)`,
  bx: `box(point(0.1::float8 + 0.2, 1), point(2::float8 / 3, 2))`,
  cr: `circle(point(0, 0), 2::float8 / 3)`,
  pg: `polygon('((0,0),(0.30000000000000004,1),(1,0))')`,
  fr: `dynamodb.floatrange(0.1::float8 + 0.2, 2::float8 / 3)`,
  dm: `datemultirange(daterange('2024-03-05', '2024-03-09'), daterange('2024-04-01', null))`,
  tzm: `tstzmultirange(tstzrange('2024-03-05 10:00:00+02', '2024-03-05 12:00:00+02'))`,
  cp: `row(0.1::float8 + 0.2, timestamptz '2024-03-05 10:00:00+02', interval '1 year -3 days 04:05:06.5', '\\x00ff'::bytea, date '2024-03-05')::dynamodb.reading`,
  _attrs: `'{"k": 1.5, "s": "x", "l": [true, null]}'`,
};
const OTHER = {
  f8: `2::float8 / 3`,
  f4: `-2.5e-7::float4`,
  d: `date '1999-12-31'`,
  ts: `timestamp '1999-12-31 23:59:59'`,
  tz: `timestamptz '1999-12-31 23:59:59-05'`,
  iv: `interval '-100 hours'`,
  b: `'\\x5c'::bytea`,
  n: `-0.001`,
  tm: `time '23:59:59'`,
  f8a: `array[2::float8 / 3]`,
  f4a: `array[-2.5e-7::float4]`,
  da: `array[date '1999-12-31']`,
  tsa: `array[timestamp '1999-12-31 23:59:59', null]`,
  tza: `array[timestamptz '1999-12-31 23:59:59-05']`,
  iva: `array[interval '-100 hours']`,
  ba: `array['\\x5c'::bytea]`,
  na: `array[-0.001]`,
  ia: `array[7]`,
  ta: `'{}'::text[]`,
  bo: `array[null::bool]`,
  tma: `array[time '23:59:59']`,
  ja: `array['{"m": {"a": 2}}'::jsonb]`,
  ea: `array[9223372036854775807]`,
  mo: `(-92233720368547758.08)::money`,
  moa: `'{}'::money[]`,
  dr: `'empty'::daterange`,
  tsr: `tsrange(null, '1999-12-31 23:59:59')`,
  tzr: `tstzrange('1999-12-31 23:59:59-05', '2000-01-01 00:00:00-05')`,
  pt: `point(2::float8 / 3, 1e20)`,
  bx: `box(point(0, 0), point(0, 0))`,
  cr: `circle(point(0.1::float8 + 0.2, 0), 1)`,
  pg: `polygon('((1,1),(2,2),(0.6666666666666666,0))')`,
  fr: `'empty'::dynamodb.floatrange`,
  dm: `'{}'::datemultirange`,
  tzm: `tstzmultirange(tstzrange(null, '1999-12-31 23:59:59-05'))`,
  cp: `row(null, timestamptz '1999-12-31 23:59:59-05', interval '-100 hours', null, null)::dynamodb.reading`,
  _attrs: `'{"m": {"a": 2}}'`,
};

describe.each(BACKENDS)('write values under output settings on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('settings');
  const get = async (id: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
      )
    ).Item;
  const columns = Object.keys(VALUES);
  const insert = (id: string, values: Record<string, string>) =>
    `insert into dynamodb.s (id, ${columns.join(', ')}) values ('${id}', ${columns.map((c) => values[c]).join(', ')})`;
  const update = (id: string, values: Record<string, string>) =>
    `update dynamodb.s set ${columns.map((c) => `${c} = ${values[c]}`).join(', ')} where id = '${id}'`;
  let expected: Record<string, AttributeValue>;
  let expectedOther: Record<string, AttributeValue>;

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema dynamodb;
       create type dynamodb.floatrange as range (subtype = float8);
       create type dynamodb.reading as (f float8, at timestamptz, iv interval, b bytea, d date);
       create foreign table dynamodb.s (id text not null, f8 float8, f4 real, d date, ts timestamp, tz timestamptz,
         iv interval, b bytea, n numeric, tm time, f8a float8[], f4a real[], da date[], tsa timestamp[],
         tza timestamptz[], iva interval[], ba bytea[], na numeric[], ia int4[], ta text[], bo bool[],
         tma time[], ja jsonb[], ea int8[], mo money, moa money[], dr daterange,
         tsr tsrange, tzr tstzrange, pt point, bx box, cr circle, pg polygon, fr dynamodb.floatrange,
         dm datemultirange, tzm tstzmultirange, cp dynamodb.reading, _attrs jsonb)
         server dynamodb_server options (table '${table}', rowid_column 'id');`,
    );
    // Under the defaults (TimeZone UTC, ISO, postgres, extra_float_digits 1, hex).
    await ok(engine, insert('base', VALUES));
    await ok(engine, insert('base-other', OTHER));
    expected = (await get('base'))!;
    expectedOther = (await get('base-other'))!;
  });
  afterAll(() => engine?.close());

  it('under the defaults, the item holds every value exactly', () => {
    expect(expected).toEqual({
      id: { S: 'base' },
      f8: { N: '0.30000000000000004' },
      f4: { N: '1.0000001' },
      d: { S: '2024-03-05' },
      ts: { S: '2024-03-05T10:00:00.25' },
      tz: { S: '2024-03-05T08:00:00+00:00' },
      iv: { S: '1 year 2 mons -3 days +04:05:06.5' },
      b: { B: new Uint8Array([0, 255, 0x27]) },
      n: { N: '1.5' },
      tm: { S: '04:05:06.5' },
      f8a: { L: [{ N: '0.30000000000000004' }, { NULL: true }, { N: '100000000000000000000' }] },
      f4a: { L: [{ N: '1.0000001' }, { N: '-0.00000025' }] },
      da: { L: [{ S: '2024-03-05' }, { NULL: true }] },
      tsa: { L: [{ S: '2024-03-05T10:00:00.25' }] },
      tza: { L: [{ S: '2024-03-05T08:00:00+00:00' }, { S: 'infinity' }] },
      iva: { L: [{ S: '1 year 2 mons -3 days +04:05:06.5' }, { S: '-100:00:00' }] },
      ba: { L: [{ B: new Uint8Array([0, 255, 0x27]) }, { B: new Uint8Array([]) }] },
      na: { L: [{ N: '1.5' }, { N: '-0.001' }, { N: '12345678901234567890123456789012345678' }] },
      ia: { L: [{ L: [{ N: '1' }, { N: '2' }] }, { L: [{ N: '3' }, { NULL: true }] }] },
      ta: { L: [{ S: 'a' }, { S: 'b,"c"' }, { S: '' }, { NULL: true }] },
      bo: { L: [{ BOOL: true }, { BOOL: false }] },
      tma: { L: [{ S: '04:05:06.5' }] },
      ja: { L: [{ M: { a: { L: [{ N: '1.5' }, { S: 'x' }] } } }, { S: 's' }, { N: '2' }] },
      ea: { L: [] },
      mo: { N: '1234.5' },
      moa: { L: [{ N: '0.01' }, { NULL: true }] },
      dr: { S: '["2024-03-05","2024-03-09")' },
      tsr: { S: '("2024-03-05T10:00:00.25",)' },
      tzr: { S: '["2024-03-05T08:00:00+00:00","infinity"]' },
      pt: { S: '(0.30000000000000004,-1e-07)' },
      bx: { S: '(0.6666666666666666,2),(0.30000000000000004,1)' },
      cr: { S: '<(0,0),0.6666666666666666>' },
      pg: { S: '((0,0),(0.30000000000000004,1),(1,0))' },
      fr: { S: '[0.30000000000000004,0.6666666666666666)' },
      dm: { S: '{[2024-03-05,2024-03-09),[2024-04-01,)}' },
      tzm: { S: '{["2024-03-05 08:00:00+00","2024-03-05 10:00:00+00")}' },
      cp: {
        S: '(0.30000000000000004,"2024-03-05 08:00:00+00","1 year -3 days +04:05:06.5","\\\\x00ff",2024-03-05)',
      },
      k: { N: '1.5' },
      s: { S: 'x' },
      l: { L: [{ BOOL: true }, { NULL: true }] },
    });
    expect(expectedOther).toMatchObject({
      f8: { N: '0.6666666666666666' },
      f4: { N: '-0.00000025' },
      tz: { S: '2000-01-01T04:59:59+00:00' },
      iv: { S: '-100:00:00' },
      n: { N: '-0.001' },
      f8a: { L: [{ N: '0.6666666666666666' }] },
      tsa: { L: [{ S: '1999-12-31T23:59:59' }, { NULL: true }] },
      tza: { L: [{ S: '2000-01-01T04:59:59+00:00' }] },
      ta: { L: [] },
      bo: { L: [{ NULL: true }] },
      ea: { L: [{ N: '9223372036854775807' }] },
      mo: { N: '-92233720368547758.08' },
      moa: { L: [] },
      dr: { S: 'empty' },
      tsr: { S: '(,"1999-12-31T23:59:59")' },
      tzr: { S: '["2000-01-01T04:59:59+00:00","2000-01-01T05:00:00+00:00")' },
      pt: { S: '(0.6666666666666666,1e+20)' },
      cr: { S: '<(0.30000000000000004,0),1>' },
      fr: { S: 'empty' },
      dm: { S: '{}' },
      tzm: { S: '{(,"2000-01-01 04:59:59+00")}' },
      cp: { S: '(,"2000-01-01 04:59:59+00",-100:00:00,,)' },
    });
  });

  it.each(SETTINGS)('under %s = %s, INSERT and UPDATE store what the defaults store', async (name, value) => {
    const id = `${name}-${value}`;
    await ok(engine, `set ${name} = '${value}'`);
    try {
      await ok(engine, insert(id, VALUES));
      expect(await get(id)).toEqual({ ...expected, id: { S: id } });
      await ok(engine, update(id, OTHER));
      expect(await get(id)).toEqual({ ...expectedOther, id: { S: id } });
      await ok(engine, update(id, VALUES));
      expect(await get(id)).toEqual({ ...expected, id: { S: id } });
      // Reading the item back gives the host's output of the same values under this setting.
      const select = `select ${columns.map((c) => `${c}::text`).join(', ')}`;
      const typed = columns.map((c, i) => `(${VALUES[c as keyof typeof VALUES]})::${TYPES[i]} as ${c}`);
      expect(await rows(engine, `${select} from dynamodb.s where id = '${id}'`)).toEqual(
        await rows(engine, `${select} from (select ${typed.join(', ')}) v`),
      );
    } finally {
      await ok(engine, `reset ${name}`);
    }
  });

  it('under lc_monetary = de_DE.UTF-8, a money[] mixing amounts (N) and text (S) reads each by its kind', async () => {
    // '1234.5' through money's input would be 12345 under de_DE (its '.' groups thousands): an N is an
    // amount, read as numeric; an S is text, read by money's input ('7' is 7 in either locale).
    await putItems(client, table, [
      { id: { S: 'mixed' }, moa: { L: [{ S: '7' }, { N: '1234.5' }, { NULL: true }, { N: '-0.01' }] } },
    ]);
    await ok(engine, "set lc_monetary = 'de_DE.UTF-8'");
    try {
      expect(await rows(engine, "select moa::numeric[]::text from dynamodb.s where id = 'mixed'")).toEqual([
        ['{7.00,1234.50,NULL,-0.01}'],
      ]);
    } finally {
      await ok(engine, 'reset lc_monetary');
    }
  });

  it('COPY FROM under DateStyle = SQL, DMY, extra_float_digits = -15 and TimeZone = Asia/Kolkata stores what the defaults store', async () => {
    await ok(
      engine,
      `set DateStyle = 'SQL, DMY'; set extra_float_digits = -15; set TimeZone = 'Asia/Kolkata'`,
    );
    try {
      const line = [
        'copied',
        '0.30000000000000004',
        '2024-03-05',
        '{0.30000000000000004,NULL,1e20}',
        '{2024-03-05,NULL}',
        '{"2024-03-05 10:00:00+02",infinity}',
        '{{1,2},{3,NULL}}',
        '(0.30000000000000004,-1e-07)',
        '[0.30000000000000004,0.6666666666666666)',
        '{["2024-03-05 10:00:00+02","2024-03-05 12:00:00+02")}',
      ].join('\t');
      const done = await engine.copyFrom(
        'copy dynamodb.s (id, f8, d, f8a, da, tza, ia, pt, fr, tzm) from stdin',
        new TextEncoder().encode(line + '\n'),
      );
      expect(done.rowCount).toBe(1);
      const { f8, d, f8a, da, tza, ia, pt, fr, tzm } = expected;
      expect(await get('copied')).toEqual({ id: { S: 'copied' }, f8, d, f8a, da, tza, ia, pt, fr, tzm });
    } finally {
      await ok(engine, `reset DateStyle; reset extra_float_digits; reset TimeZone`);
    }
  });
});

const TYPES = [
  'float8',
  'real',
  'date',
  'timestamp',
  'timestamptz',
  'interval',
  'bytea',
  'numeric',
  'time',
  'float8[]',
  'real[]',
  'date[]',
  'timestamp[]',
  'timestamptz[]',
  'interval[]',
  'bytea[]',
  'numeric[]',
  'int4[]',
  'text[]',
  'bool[]',
  'time[]',
  'jsonb[]',
  'int8[]',
  'money',
  'money[]',
  'daterange',
  'tsrange',
  'tstzrange',
  'point',
  'box',
  'circle',
  'polygon',
  'dynamodb.floatrange',
  'datemultirange',
  'tstzmultirange',
  'dynamodb.reading',
  'jsonb',
];
