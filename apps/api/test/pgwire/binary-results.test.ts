import { createConnection, createServer, type Server } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgFixture, type PgFixture } from './pg-fixture';

// Binary results and parameters over the real protocol. node-postgres decodes DataRow values as
// UTF-8, so the test reads the server's bytes from a TCP tap in front of it, and compares them
// with what the host's own *_send functions say.
let fx: PgFixture;
let tap: { server: Server; port: number; received: Buffer[] };

beforeAll(async () => {
  fx = await startPgFixture(10);
  const received: Buffer[] = [];
  const server = createServer((client) => {
    const upstream = createConnection(fx.server.port, '127.0.0.1');
    client.pipe(upstream);
    upstream.on('data', (bytes: Buffer) => received.push(bytes));
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  tap = { server, port: typeof address === 'object' && address ? address.port : 0, received };
});
afterAll(async () => {
  await new Promise((resolve) => tap?.server.close(resolve));
  await fx?.close();
});

const raw = { getTypeParser: () => (value: unknown) => value };

/** A query in the extended protocol asking for every result column in binary (node-postgres's `binary`). */
const binary = (text: string, values: unknown[] = [], name?: string) =>
  ({ text, values, name, types: raw, queryMode: 'extended', binary: true }) as pg.QueryConfig;

/** The values of the DataRow messages the server sent since `from` (hex, null for NULL). */
function dataRows(from: number): (string | null)[][] {
  const bytes = Buffer.concat(tap.received.slice(from));
  const rows: (string | null)[][] = [];
  for (let at = 0; at < bytes.length; at += 1 + bytes.readInt32BE(at + 1)) {
    if (bytes[at] !== 0x44) continue;
    const row: (string | null)[] = [];
    let p = at + 7;
    for (let i = 0; i < bytes.readInt16BE(at + 5); i++) {
      const size = bytes.readInt32BE(p);
      row.push(size < 0 ? null : bytes.subarray(p + 4, p + 4 + size).toString('hex'));
      p += 4 + Math.max(size, 0);
    }
    rows.push(row);
  }
  return rows;
}

async function binaryRow(
  client: pg.Client,
  sql: string,
  values: unknown[] = [],
  name?: string,
): Promise<(string | null)[]> {
  const from = tap.received.length;
  const result = await client.query(binary(sql, values, name));
  expect(result.fields.every((f) => f.format === 'binary')).toBe(true);
  return dataRows(from)[0]!;
}

const VALUES = [
  `'infinity'::date`,
  `'-infinity'::date`,
  `'0044-03-15 BC'::date`,
  `'infinity'::timestamptz`,
  `'2026-10-25 02:30+02'::timestamptz`,
  `'0044-03-15 12:00:00.5 BC'::timestamp`,
  `'12:34:56.789'::time`,
  `'12:00:00+05:30'::timetz`,
  `'1 year 2 mons 3 days 04:05:06.7'::interval`,
  `array[1,null,3]::int4[]`,
  `array['a','b']::text[]`,
  `array['2000-01-02'::date, null]`,
  `'192.168.1.5/24'::inet`,
  `'2001:db8::/32'::cidr`,
];
const SEND = [
  'date_send',
  'date_send',
  'date_send',
  'timestamptz_send',
  'timestamptz_send',
  'timestamp_send',
  'time_send',
  'timetz_send',
  'interval_send',
  'array_send',
  'array_send',
  'array_send',
  'inet_send',
  'cidr_send',
];

describe('binary results', () => {
  it.each([
    ['ISO, MDY', 'postgres'],
    ['German', 'sql_standard'],
    ['ISO, DMY', 'iso_8601'],
    ['German', 'postgres_verbose'],
  ])('are what the host sends, under DateStyle %s and IntervalStyle %s', async (dateStyle, intervalStyle) => {
    const client = new pg.Client({ ...fx.connection, port: tap.port });
    await client.connect();
    try {
      await client.query(`set datestyle = '${dateStyle}'`);
      await client.query(`set intervalstyle = '${intervalStyle}'`);
      const sent = await client.query({
        text: `select ${VALUES.map((v, i) => `encode(${SEND[i]}(${v}), 'hex')`).join(', ')}`,
        rowMode: 'array',
      });
      const expected = sent.rows[0] as string[];
      expect(expected.slice(0, 4)).toEqual(['7fffffff', '80000000', 'fff49d7b', '7fffffffffffffff']);
      expect(await binaryRow(client, `select ${VALUES.join(', ')}`)).toEqual(expected);
      // The same through one named statement run again and again, as pgjdbc does past its 5th run.
      for (let run = 0; run < 7; run++)
        expect(await binaryRow(client, `select ${VALUES.join(', ')}, $1::int`, [run], 'again')).toEqual([
          ...expected,
          run.toString(16).padStart(8, '0'),
        ]);
    } finally {
      await client.end();
    }
  });

  it('reads binary array parameters (pgjdbc setArray)', async () => {
    const client = new pg.Client({ ...fx.connection, port: tap.port });
    await client.connect();
    try {
      const ints = Buffer.from(
        '00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003',
        'hex',
      );
      const r = await client.query({
        text: 'select $1::int4[] as a, array_length($1::int4[], 1) as n',
        values: [ints],
      });
      expect(r.rows).toEqual([{ a: [1, null, 3], n: 3 }]);
      const texts = Buffer.from('000000010000000000000019000000020000000000000001610000000162', 'hex');
      const t = await client.query({ text: 'select $1::text[] as a', values: [texts] });
      expect(t.rows).toEqual([{ a: ['a', 'b'] }]);
    } finally {
      await client.end();
    }
  });

  it('reads binary date, timestamptz and interval parameters under any DateStyle and IntervalStyle', async () => {
    const client = new pg.Client({ ...fx.connection, port: tap.port });
    await client.connect();
    try {
      await client.query(`set datestyle = 'SQL, DMY'`);
      await client.query(`set intervalstyle = 'sql_standard'`);
      const r = await client.query({
        text: `select $1::date = make_date(-44, 3, 15) as bc, $2::date = 'infinity' as inf,
          $3::timestamptz = '2026-10-25 00:30Z' as ts, $4::interval = '-1 year -2 mons +3 days -04:05:06.7' as iv,
          $5::date = make_date(2000, 3, 1) as d`,
        values: [
          Buffer.from('fff49d7b', 'hex'),
          Buffer.from('7fffffff', 'hex'),
          Buffer.from('0003019e15109200', 'hex'),
          Buffer.from('fffffffc9369912000000003fffffff2', 'hex'),
          Buffer.from('0000003c', 'hex'),
        ],
      });
      expect(r.rows).toEqual([{ bc: true, inf: true, ts: true, iv: true, d: true }]);
    } finally {
      await client.end();
    }
  });

  it('refuses a type without a binary form with 0A000 naming it (point, 600)', async () => {
    const client = new pg.Client({ ...fx.connection, port: tap.port });
    await client.connect();
    try {
      await expect(client.query(binary('select point(1, 2)'))).rejects.toMatchObject({
        code: '0A000',
        message: 'binary format for type oid 600 is not supported',
      });
    } finally {
      await client.end();
    }
  });
});
