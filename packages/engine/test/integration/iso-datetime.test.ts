import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { isoDateTimeText, type DateTimeType } from '../../src/load/iso-datetime';
import { isIso8601 } from '../../src/load/is-iso-8601';
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

/** A small deterministic generator (the texts are the same in every run). */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
}

const pick = <T>(random: (n: number) => number, list: readonly T[]): T => list[random(list.length)]!;

/** Texts of the language coerce.ts lets through, weighted to the edges Postgres's input treats apart. */
function texts(): string[] {
  const random = generator(18);
  const two = (n: number) => String(n).padStart(2, '0');
  const edges = [
    '2024-01-05',
    ' 2024-01-05 ',
    '2024-01-05T10:00',
    '2024-01-05T24:00:00Z',
    '2024-01-05T24:00:00.000+02',
    '2024-01-05T24:00:00.0000004Z',
    '2024-01-05T24:00:00.0000005Z',
    '2024-01-05T24:00:00.0000006Z',
    '2024-01-05T24:30:00Z',
    '2024-01-05T24:00:01Z',
    '2024-01-05T23:59:60Z',
    '2024-12-31T23:59:60Z',
    '2024-12-31T23:59:60.5Z',
    '2024-12-31T23:59:60.0000004Z',
    '2024-01-05T10:30:60',
    '0000-01-01',
    '0000-01-01T10:00:00+16:00',
    '0001-01-01T00:00:00+01',
    '0001-01-01T00:00:00+15:59',
    '0001-01-01T00:00:00-15:59',
    '2024-01-05T10:00:00,5Z',
    '2024-01-05T10:00:00+15:59',
    '2024-01-05T10:00:00+16:00',
    '2024-01-05T10:00:00+15:60',
    '2024-01-05T10:00:00+00:75',
    '2024-01-05T10:00:00-1530',
    '2024-01-05T10:00:00-00',
    '2024-01-05T10:00:00.1234565Z',
    '2024-01-05T10:00:00.0000005Z',
    '2024-01-05T10:00:00.0000015Z',
    '2024-01-05T10:00:00.0000025Z',
    '2024-01-05T10:00:00.9999995Z',
    '2024-01-05T10:00:00.99999949999999999999Z',
    '9999-12-31T23:59:59.9999995Z',
    '9999-12-31T23:59:59.9999995-15:59',
    '9999-12-31T24:00:00-15:59',
    '2024-02-29T10:00:00Z',
    '2023-02-29',
    '1900-02-29',
    '2000-02-29T12:00',
    '2024-01-05T10:00:00.000000Z',
    '2024-01-05T10:00:00.100Z',
    '1582-10-10T12:00:00',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
  ];
  const generated = Array.from({ length: 300 }, () => {
    const year = pick(random, [
      '0001',
      '0099',
      '1582',
      '1899',
      '1970',
      '2000',
      '2024',
      '2100',
      '9999',
      String(1000 + random(9000)),
    ]);
    const date = `${year}-${two(1 + random(12))}-${two(1 + random(31))}`;
    if (random(5) === 0) return date;
    const time = `${two(random(25))}:${two(random(60))}${random(4) ? `:${two(random(61))}` : ''}`;
    const digits =
      random(3) === 0 ? '' : '.' + Array.from({ length: 1 + random(10) }, () => random(10)).join('');
    const seconds = time.length > 5 ? digits : '';
    const zone = pick(random, [
      '',
      'Z',
      `+${two(random(17))}`,
      `-${two(random(16))}:${two(random(60))}`,
      `+${two(random(16))}${two(random(60))}`,
    ]);
    return `${date}${random(2) ? 'T' : ' '}${time}${seconds}${zone}`;
  });
  return [...edges, ...generated].filter((t) => isIso8601(t) || t.includes(',') || t.startsWith('0000'));
}

/**
 * isoDateTimeText against the host's own input and output (`'<text>'::timestamptz::text` under
 * DateStyle ISO and TimeZone UTC), for every text coerce.ts lets through that the generator makes:
 * the same text, or the same SQLSTATE and message.
 */
describe('ISO 8601 date/time texts read as the host reads them', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openTestEngine();
    await engine.execute("set datestyle = 'ISO, MDY'; set timezone = 'UTC'", { session: 'iso' });
  });
  afterAll(() => engine?.close());

  const host = async (text: string, type: DateTimeType) => {
    const literal = `'${text.replace(/'/g, "''")}'`;
    const r = await engine.execute(`select ${literal}::${type}::text`, { session: 'iso' });
    return r.error ? `${r.error.sqlstate} ${r.error.message}` : r.statements[0]!.rows[0]![0];
  };
  const mine = (text: string, type: DateTimeType) => {
    try {
      return isoDateTimeText(text, type);
    } catch (e) {
      const error = e as { sqlstate: string; message: string };
      return `${error.sqlstate} ${error.message}`;
    }
  };

  it.each(['timestamptz', 'timestamp', 'date'] as const)('%s', async (type) => {
    const all = texts();
    expect(all.length).toBeGreaterThan(250);
    const differences: string[] = [];
    for (const text of all) {
      const [want, got] = [await host(text, type), mine(text, type)];
      if (want !== got) differences.push(`${JSON.stringify(text)}: host ${want}, engine ${got}`);
    }
    expect(differences).toEqual([]);
  });
});

/**
 * A lookup whose columns are all the engine's to output (plan/statement/pushed-shapes.ts directShape)
 * builds date/time cells itself under DateStyle ISO (and TimeZone UTC for timestamptz): no host call.
 * Its rows and errors are those of the same lookup run through the host (a residual condition), and
 * any other style or zone, a typmod or a domain, sends it through the host.
 */
describe.each(BACKENDS)('date/time columns of a lookup on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('datetimes');
  const values = [
    { S: '2024-01-05T10:00:00.123+02' },
    { S: '2024-01-05' },
    { S: '2024-01-05T24:00:00Z' },
    { S: '0001-01-01T00:00:00+01' },
    { S: '9999-12-31T23:59:59.9999995Z' },
    { N: '1704448800.5' },
    { N: '-62135596800' },
    { S: '2024-01-05T24:30:00Z' },
    { S: '2024-01-05T10:00:00+16:00' },
    { S: '2024-01-05T10:00:00,5Z' },
  ];
  const lookup = (id: string, extra = '') =>
    engine.execute(`select id, d, ts, tz from dt where id = '${id}'${extra}`, { session: 's' });
  const outcome = async (id: string, extra = '') => {
    const r = await lookup(id, extra);
    return r.error ? `${r.error.sqlstate} ${r.error.message}` : r.statements[0]!.rows;
  };
  const shape = async (id: string) => {
    const r = await engine.explain(`select id, d, ts, tz from dt where id = '${id}'`, { session: 's' });
    return r.statements[0]?.plan?.shape;
  };

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      values.map((v, i) => ({ id: { S: `k${i}` }, d: v, ts: v, tz: v, name: { S: 'abcdef' } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table dt (id text, d date, ts timestamp, tz timestamptz)
         server dynamodb_server options (table '${table}', rowid_column 'id');
       create domain early as timestamptz check (value < '2000-01-01');
       create foreign table dt_early (id text, tz early) server dynamodb_server options (table '${table}', rowid_column 'id');
       create domain short as text check (length(value) < 3);
       create foreign table dt_short (id text, name short) server dynamodb_server options (table '${table}', rowid_column 'id');
       create foreign table dt_precise (id text, tz timestamptz(0)) server dynamodb_server options (table '${table}', rowid_column 'id');`,
    );
    await engine.execute("set timezone = 'UTC'", { session: 's' });
  });
  afterAll(() => engine?.close());

  it('equal the host’s rows and errors, with no host work', async () => {
    expect(await shape('k0')).toBe('rows-from-items');
    expect(await outcome('k0')).toEqual([
      ['k0', '2024-01-05', '2024-01-05 10:00:00.123', '2024-01-05 08:00:00.123+00'],
    ]);
    for (const i of values.keys())
      expect(await outcome(`k${i}`), `item k${i}`).toEqual(await outcome(`k${i}`, ' and length(id) > 0'));
    expect(await outcome('k7')).toBe('22008 date/time field value out of range: "2024-01-05T24:30:00Z"');
  });

  it('other styles, zones, a precision or a domain go through the host', async () => {
    await engine.execute("set timezone = 'Asia/Kolkata'", { session: 's' });
    expect(await shape('k0')).toBe('stream-through-host');
    expect((await outcome('k0')) as unknown[][]).toEqual([
      ['k0', '2024-01-05', '2024-01-05 10:00:00.123', '2024-01-05 13:30:00.123+05:30'],
    ]);
    await engine.execute("set timezone = 'UTC'; set datestyle = 'German'", { session: 's' });
    expect(await shape('k0')).toBe('stream-through-host');
    expect(await outcome('k0')).toEqual([
      ['k0', '05.01.2024', '05.01.2024 10:00:00.123', '05.01.2024 08:00:00.123 UTC'],
    ]);
    await engine.execute("set datestyle = 'ISO, MDY'", { session: 's' });
    const early = await engine.execute("select * from dt_early where id = 'k0'", { session: 's' });
    expect(early.error?.sqlstate).toBe('23514');
    // A domain's CHECK holds for every column type, text too (its rows were made without the check).
    const short = await engine.execute("select * from dt_short where id = 'k0'", { session: 's' });
    expect(short.error?.sqlstate).toBe('23514');
    const precise = await engine.execute("select * from dt_precise where id = 'k0'", { session: 's' });
    expect(precise.statements[0]!.rows).toEqual([['k0', '2024-01-05 08:00:00+00']]);
  });
});
