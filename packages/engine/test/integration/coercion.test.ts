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

/** Spec §2 "Type coercion", every row, through a real DynamoDB API and the host's own input functions. */
describe.each(BACKENDS)('coercion on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('typed');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      {
        id: { S: 'a' },
        flag: { BOOL: true },
        t_s: { S: 'héllo ✓' },
        t_n: { N: '42.50' },
        t_b: { BOOL: false },
        v: { S: 'short' },
        i2: { N: '-32768' },
        i4: { N: '2147483647' },
        i8: { N: '9223372036854775807' },
        r: { N: '1.5' },
        d8: { N: '0.1' },
        num: { N: '-0.000000000000000000000000000000000012345' },
        day: { S: '2024-02-29' },
        day_n: { N: '86400' },
        ts: { S: '2024-01-05T10:20:30.123456Z' },
        ts_n: { N: '1700000000.25' },
        tstz: { S: '2024-01-05T10:20:30+02:00' },
        tstz_n: { N: '0' },
        raw: { B: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) },
        j_l: { L: [{ N: '1' }, { S: 'x' }, { NULL: true }, { BOOL: true }] },
        j_m: { M: { k: { N: '98765432109876543210987654321098765432' }, b: { B: new Uint8Array([10]) } } },
        j_ss: { SS: ['x', 'y'] },
        j_ns: { NS: ['1', '2.5'] },
        j_bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
        j_sjson: { S: '{"nested": [1, 2]}' },
        j_splain: { S: 'not json' },
        j_n: { N: '3.14' },
        j_bool: { BOOL: false },
      },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.typed (
         id text, flag boolean, t_s text, t_n text, t_b text, v varchar(10), i2 smallint, i4 integer, i8 bigint,
         r real, d8 double precision, num numeric, day date, day_n date, ts timestamp, ts_n timestamp,
         tstz timestamptz, tstz_n timestamptz, raw bytea, j_l jsonb, j_m jsonb, j_ss jsonb, j_ns jsonb, j_bs jsonb,
         j_sjson jsonb, j_splain jsonb, j_n jsonb, j_bool jsonb
       ) server dynamodb_server options (table '${table}');
       set timezone = 'UTC';`,
    );
  });
  afterAll(() => engine?.close());

  it('maps every DynamoDB type to its Postgres column exactly', async () => {
    const [row] = await rows(engine, 'select * from public.typed');
    expect(row).toEqual([
      'a',
      true,
      'héllo ✓',
      '42.5',
      'false',
      'short',
      -32768,
      2147483647,
      '9223372036854775807',
      1.5,
      0.1,
      '-0.000000000000000000000000000000000012345',
      '2024-02-29',
      '1970-01-02',
      '2024-01-05 10:20:30.123456',
      '2023-11-14 22:13:20.25',
      '2024-01-05 08:20:30+00',
      '1970-01-01 00:00:00+00',
      '\\xdeadbeef',
      [1, 'x', null, true],
      { b: '0a', k: expect.any(Number) },
      ['x', 'y'],
      [1, 2.5],
      ['01', '02'],
      { nested: [1, 2] },
      'not json',
      3.14,
      false,
    ]);
  });

  // (JSON.parse above rounds the 38-digit member; its exact text is checked here.)
  it('keeps the JSON digits of a 38-digit number inside a map', async () => {
    const [s] = await ok(engine, "select j_m->'k' as k from public.typed");
    expect((s!.rows[0]![0] as { text: string }).text).toBe('98765432109876543210987654321098765432');
  });

  it('numeric(p, s) with a negative scale or a scale beyond the precision reads what fits (fixed defect)', async () => {
    // DEFECT: the typmod's scale was decoded as 16 unsigned bits, so numeric(5,-2) read as scale 2046 and
    // every value was refused with "does not fit"; numeric(3,5) let 0.01 through to a bare host overflow.
    const ft = uniqueName('typmod');
    await ok(
      engine,
      `create foreign table public.${ft} (id text, "i4" numeric(12,-2), "t_n" numeric(4,-1), "d8" numeric(3,5)) server dynamodb_server options (table '${table}')`,
    );
    expect(await rows(engine, `select i4, t_n from public.${ft}`)).toEqual([['2147483600', '40']]);
    const e = await fails(engine, `select d8 from public.${ft}`);
    expect(e.sqlstate).toBe('22003');
    expect(e.message).toMatch(
      /cannot read DynamoDB N value 0\.1 as numeric\(3,5\) \(does not fit numeric\(3,5\)\): column "d8"/,
    );
    const narrow = uniqueName('typmod');
    await ok(
      engine,
      `create foreign table public.${narrow} (id text, "i4" numeric(7,-2)) server dynamodb_server options (table '${table}')`,
    );
    expect((await fails(engine, `select i4 from public.${narrow}`)).message).toMatch(
      /does not fit numeric\(7,-2\)\): column "i4"/,
    );
  });

  const errors: [string, string, RegExp][] = [
    ['i2 smallint', 'i4', /out of range for smallint/],
    ['t_s integer', 'NOT USED', /cannot read DynamoDB S value "héllo ✓" as integer/],
    ['r integer', 'NOT USED', /\(not an integer\)/],
    ['t_s date', 'NOT USED', /as date \(not an ISO 8601 date\/time\)/],
    ['t_s bytea', 'NOT USED', /DynamoDB S value/],
    ['flag numeric', 'NOT USED', /DynamoDB BOOL value true as numeric/],
    ['j_m text', 'NOT USED', /DynamoDB M value/],
  ];
  for (const [column, rename, message] of errors) {
    it(`refuses a value that does not fit: ${column}`, async () => {
      const [name] = column.split(' ');
      const source = rename === 'NOT USED' ? name! : rename;
      const ft = uniqueName('bad');
      await ok(
        engine,
        `create foreign table public.${ft} (id text, "${source}" ${column.split(' ')[1]}) server dynamodb_server options (table '${table}')`,
      );
      const e = await fails(engine, `select * from public.${ft}`);
      expect(['22P02', '42804', '22003']).toContain(e.sqlstate);
      expect(e.message).toMatch(message);
      expect(e.message).toContain(`item {"id": "a"}`);
    });
  }
});
