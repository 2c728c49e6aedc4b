import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import type { StatementResult } from '../../src/types';
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
 * Rows the engine answers without the host's evaluation — in DynamoDB's key order
 * (plan/statement/pushed-shapes.ts sortKeyOrder) or built from the items (directShape, run/direct-join.ts) —
 * are exactly the rows the host returns for the same statement over the same rows (copies of the foreign
 * tables, `l.*`): in Postgres's order for the column's type, collation and operator, and in its text output
 * under the session's settings. Where the fast path is right, it is still taken (the planned request has its
 * `ScanIndexForward`/`Limit`, and no temp table is used).
 */
describe.each(BACKENDS)('key order and session output settings on %s', (backend) => {
  let engine: Engine;
  const nums = uniqueName('ko_nums');
  const strs = uniqueName('ko_strs');
  const bins = uniqueName('ko_bins');
  const ties = uniqueName('ko_ties');
  const misc = uniqueName('ko_misc');

  const STRINGS = [
    'a',
    'B',
    'b',
    'A',
    'é',
    'z',
    '10',
    '9',
    'Zoë',
    'zoe',
    '😀',
    '～',
    'ä',
    '_x',
    '-y',
    ' sp',
    'Ω',
  ];
  const BYTES = [[0], [0, 1], [0x7f], [0x80], [0xff], [0x41, 0x42], [0x5c], [0x0a], [0x20, 0xff], [0xfe, 0]];

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, nums, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(client, nums, [
      ...Array.from({ length: 120 }, (_, i) => ({
        pk: { S: 'a' },
        sk: { N: String(i + 1) },
        v: { S: `v${i % 7}` },
      })),
      { pk: { S: 'b' }, sk: { N: '-2' } },
    ]);
    await createTable(client, strs, { name: 'pk', type: 'S' }, { name: 'sk', type: 'S' });
    await putItems(
      client,
      strs,
      STRINGS.map((s, i) => ({ pk: { S: 'a' }, sk: { S: s }, v: { N: String(i) } })),
    );
    await createTable(client, bins, { name: 'pk', type: 'S' }, { name: 'sk', type: 'B' });
    await putItems(
      client,
      bins,
      BYTES.map((b, i) => ({
        pk: { S: 'a' },
        sk: { B: Uint8Array.from(b) },
        v: { S: ['x', 'y', 'z'][i % 3]! },
      })),
    );
    // An index whose sort key repeats: four items share each rank.
    await createTable(client, ties, { name: 'id', type: 'S' }, undefined, [
      { name: 'by_grp', pk: { name: 'grp', type: 'S' }, sk: { name: 'rank', type: 'N' } },
    ]);
    await putItems(
      client,
      ties,
      Array.from({ length: 20 }, (_, i) => ({
        id: { S: `i${String(i).padStart(2, '0')}` },
        grp: { S: 'g' },
        rank: { N: String(Math.floor(i / 4)) },
      })),
    );
    await createTable(client, misc, { name: 'id', type: 'S' });
    const m: Record<string, AttributeValue>[] = [
      {
        id: { S: 'm1' },
        b: { B: Uint8Array.from([0, 0x41, 0x5c, 0xff, 0x0a, 0x27]) },
        ts: { S: '2024-03-05T10:00:00Z' },
        tl: { S: '2024-03-05T10:00:00' },
        d: { S: '2024-03-05' },
        iv: { S: '1 day 02:03:04' },
        f: { N: '0.1' },
        r: { N: '3.14159' },
        n: { N: '12.5' },
        t: { S: 'x' },
        j: { M: { a: { N: '1.50' }, b: { S: 'é' }, c: { B: Uint8Array.from([1, 2]) } } },
      },
      {
        id: { S: 'm2' },
        b: { B: Uint8Array.from([1, 0x80, 0x7f, 0x20]) },
        ts: { N: '1700000000.123456' },
        tl: { N: '1700000000' },
        d: { N: '1700000000' },
        iv: { S: 'P1Y2M3DT4H5M6S' },
        f: { N: '3.141592653589793' },
        r: { N: '0.0000001' },
        n: { N: '-0.001' },
        t: { S: 'y' },
      },
      {
        id: { S: 'm3' },
        ts: { S: '1999-12-31T23:59:59.5+05:30' },
        tl: { S: '1999-12-31 23:59:59.25' },
        d: { S: '2000-02-29' },
        iv: { S: '3 hours 0.5 seconds' },
        f: { N: '12345678901234567890' },
        r: { N: '100000000' },
        n: { N: '12345678901234567890123456789012345678' },
        t: { S: 'x' },
      },
      { id: { S: 'm4' }, t: { S: 'z' } },
    ];
    await putItems(client, misc, m);

    engine = await openTestEngine();
    await createDocServer(engine, backend);
    const ft = (name: string, columns: string, table: string, rowid = 'pk') =>
      `create foreign table k.${name} (${columns}) server dynamodb_server options (table '${table}', rowid_column '${rowid}');`;
    await ok(
      engine,
      `create schema k; create schema l;
       ${ft('num', 'pk text not null, sk numeric not null, v text', nums)}
       ${ft('num_int', 'pk text not null, sk integer not null, v text', nums)}
       ${ft('num_text', 'pk text not null, sk text not null, v text', nums)}
       ${ft('str', 'pk text not null, sk text not null, v integer', strs)}
       ${ft('str_c', 'pk text not null, sk text collate "C" not null, v integer', strs)}
       ${ft('str_unicode', 'pk text not null, sk text collate "unicode" not null, v integer', strs)}
       ${ft('str_en', 'pk text not null, sk text collate "en_US" not null, v integer', strs)}
       ${ft('bin', 'pk text not null, sk bytea not null, v text', bins)}
       ${ft('ties', 'id text not null, grp text, rank integer', ties, 'id')}
       ${ft('misc', 'id text not null, b bytea, ts timestamptz, tl timestamp, d date, iv interval, f double precision, r real, n numeric, t text, j jsonb', misc, 'id')}`,
    );
    // The host's copies: the same rows, columns of the same types and collations.
    for (const t of [
      'num',
      'num_int',
      'num_text',
      'str',
      'str_c',
      'str_unicode',
      'str_en',
      'bin',
      'ties',
      'misc',
    ]) {
      await ok(engine, `create table l.${t} as select * from k.${t}`);
    }
  });
  afterAll(() => engine?.close());

  /** Runs a statement with no temp table in the session before it: `direct` when none was used. */
  async function runForeign(
    sql: string,
  ): Promise<{ result: StatementResult; rows: string[]; direct: boolean }> {
    await ok(engine, 'discard temp');
    const [result] = await ok(engine, sql);
    const [temps] = await ok(
      engine,
      "select count(*) from pg_class where relpersistence = 't' and relkind = 'r'",
    );
    return { result: result!, rows: result!.rows.map((r) => toJson(r)), direct: temps!.rows[0]![0] === '0' };
  }

  async function hostRows(sql: string): Promise<string[]> {
    const [result] = await ok(engine, sql);
    return result!.rows.map((r) => toJson(r));
  }

  /** The statement over `k.*` and over `l.*`: the same columns and rows (in order when `ordered`). */
  async function compare(sql: string, ordered = true) {
    const foreign = await runForeign(sql.replaceAll('{s}', 'k'));
    const local = await hostRows(sql.replaceAll('{s}', 'l'));
    expect(local.length, 'the case should return rows').toBeGreaterThan(0);
    if (ordered) expect(foreign.rows).toEqual(local);
    else expect([...foreign.rows].sort()).toEqual([...local].sort());
    expect(JSON.stringify(foreign.result.columns)).toBe(
      JSON.stringify((await ok(engine, sql.replaceAll('{s}', 'l')))[0]!.columns),
    );
    return { ...foreign, local };
  }

  /** How the read was planned: its operation, and the `ScanIndexForward` / `Limit` of its first request. */
  function request(result: StatementResult) {
    const scan = result.plan!.scans[0]!;
    const input = scan.request.input as { ScanIndexForward?: boolean; Limit?: number };
    return { operation: scan.operation, ScanIndexForward: input.ScanIndexForward, Limit: input.Limit };
  }

  // [sql, key order answers it: { descending, limit } | null (the host sorts every item of the partition)]
  const ORDER_CASES: [string, { descending: boolean; limit: number | undefined } | null][] = [
    [`select sk, v from {s}.num where pk = 'a' order by sk limit 5`, { descending: false, limit: 5 }],
    [`select sk, v from {s}.num where pk = 'a' order by sk desc limit 5`, { descending: true, limit: 5 }],
    [
      `select sk, v from {s}.num where pk = 'a' order by sk asc limit 3 offset 2`,
      { descending: false, limit: 5 },
    ],
    [`select sk from {s}.num where pk = 'a' order by sk desc`, { descending: true, limit: undefined }],
    // The key is never NULL: NULLS FIRST / LAST change nothing.
    [
      `select sk from {s}.num where pk = 'a' order by sk nulls first limit 4`,
      { descending: false, limit: 4 },
    ],
    [
      `select sk from {s}.num where pk = 'a' order by sk desc nulls last limit 4`,
      { descending: true, limit: 4 },
    ],
    [`select sk from {s}.num where pk = 'a' order by pk, sk desc limit 4`, { descending: true, limit: 4 }],
    [`select sk, v from {s}.num_int where pk = 'a' order by sk desc limit 3`, { descending: true, limit: 3 }],
    // An operator: the host sorts.
    [`select sk, v from {s}.num where pk = 'a' order by sk using > limit 5`, null],
    [`select sk, v from {s}.num where pk = 'a' order by sk using < limit 5`, null],
    [`select sk from {s}.num where pk = 'a' order by sk using >`, null],
    [`select sk from {s}.num_int where pk = 'a' order by sk using > limit 2`, null],
    // A numeric sort key declared text sorts as text: 1, 10, 100, 101, ...
    [`select sk, v from {s}.num_text where pk = 'a' order by sk limit 5`, null],
    [`select sk from {s}.num_text where pk = 'a' order by sk desc limit 5`, null],
    [`select sk from {s}.num_text where pk = 'a' order by sk`, null],
    // Text keys: bytewise under C (also the database's default here), not under a linguistic collation.
    [`select sk, v from {s}.str where pk = 'a' order by sk limit 8`, { descending: false, limit: 8 }],
    [`select sk, v from {s}.str_c where pk = 'a' order by sk desc limit 8`, { descending: true, limit: 8 }],
    [`select sk, v from {s}.str_unicode where pk = 'a' order by sk limit 8`, null],
    [`select sk, v from {s}.str_unicode where pk = 'a' order by sk desc limit 8`, null],
    [`select sk from {s}.str_unicode where pk = 'a' order by sk`, null],
    [`select sk, v from {s}.str_en where pk = 'a' order by sk limit 8`, null],
    // Binary keys: bytewise, as bytea compares.
    [`select sk, v from {s}.bin where pk = 'a' order by sk limit 4`, { descending: false, limit: 4 }],
    [`select sk, v from {s}.bin where pk = 'a' order by sk desc limit 4`, { descending: true, limit: 4 }],
    [`select sk from {s}.bin where pk = 'a' order by sk`, { descending: false, limit: undefined }],
    // An index whose sort key repeats.
    [
      `select rank from {s}.ties where grp = 'g' and rank >= 0 order by rank desc limit 6`,
      { descending: true, limit: 6 },
    ],
  ];

  it.each(ORDER_CASES)('%s', async (sql, fast) => {
    const r = await compare(sql);
    const req = request(r.result);
    expect(req.operation).toBe('Query');
    if (fast) {
      expect(req).toEqual({
        operation: 'Query',
        ScanIndexForward: fast.descending ? false : undefined,
        Limit: fast.limit,
      });
      expect(r.direct, 'rows built from the items').toBe(true);
    } else {
      expect(req).toEqual({ operation: 'Query', ScanIndexForward: undefined, Limit: undefined });
      expect(r.direct, 'the host sorts').toBe(false);
    }
  });

  it('a numeric sort key declared text comes back in text order', async () => {
    const r = await runForeign(`select sk from k.num_text where pk = 'a' order by sk limit 5`);
    expect(r.result.rows).toEqual([['1'], ['10'], ['100'], ['101'], ['102']]);
  });

  it('USING > comes back descending', async () => {
    const r = await runForeign(`select sk from k.num where pk = 'a' order by sk using > limit 3`);
    expect(r.result.rows).toEqual([['120'], ['119'], ['118']]);
  });

  it.each([
    [
      `select id, rank from {s}.ties where grp = 'g' and rank >= 0 order by rank fetch first 1 rows with ties`,
      4,
    ],
    [
      `select id, rank from {s}.ties where grp = 'g' and rank >= 0 order by rank desc fetch first 5 rows with ties`,
      8,
    ],
    [`select sk from {s}.num where pk = 'a' order by sk desc fetch first 2 rows with ties`, 2],
  ] as const)('WITH TIES returns every tied row: %s', async (sql, count) => {
    const r = await compare(sql, false);
    expect(r.rows).toHaveLength(count);
    expect(request(r.result)).toEqual({ operation: 'Query', ScanIndexForward: undefined, Limit: undefined });
  });

  // Settings that change Postgres's text output, and statements whose rows the engine builds itself
  // (`direct`: a read answered from the items, or a join done by the engine) or the host evaluates.
  const SETTINGS: [string, string][] = [
    ['bytea_output', 'escape'],
    ['DateStyle', 'SQL, DMY'],
    ['DateStyle', 'German'],
    ['DateStyle', 'Postgres, MDY'],
    ['IntervalStyle', 'sql_standard'],
    ['IntervalStyle', 'iso_8601'],
    ['IntervalStyle', 'postgres_verbose'],
    ['extra_float_digits', '0'],
    ['extra_float_digits', '-3'],
    ['extra_float_digits', '3'],
    ['TimeZone', 'America/New_York'],
    ['TimeZone', 'Asia/Kolkata'],
  ];
  const SETTING_QUERIES: [string, 'direct' | 'join' | 'host'][] = [
    [`select * from {s}.misc`, 'host'],
    [`select id, b, n, t, j from {s}.misc`, 'direct'],
    [`select id, b from {s}.misc where id = 'm1'`, 'direct'],
    [`select * from {s}.misc where id = 'm2'`, 'host'],
    [`select id, ts, tl, d, iv, f, r from {s}.misc where t = 'x'`, 'host'],
    [`select ts, tl, d, iv, f, r, ts::text, iv::text from {s}.misc where id = 'm3'`, 'host'],
    [`select sk, v from {s}.bin where pk = 'a' order by sk desc limit 4`, 'direct'],
    [`select m.id, m.b, b.sk from {s}.misc m join {s}.bin b on b.v = m.t`, 'join'],
  ];

  it.each(SETTINGS)('under %s = %s, rows are the host output', async (name, value) => {
    await ok(engine, `set ${name} = '${value}'`);
    try {
      for (const [sql, path] of SETTING_QUERIES) {
        const r = await compare(sql, sql.includes('order by'));
        // Only bytea's output depends on one of these settings among the types the engine outputs itself.
        const built = path !== 'host' && name !== 'bytea_output';
        if (path === 'join') expect(r.result.plan!.engineJoin !== undefined, sql).toBe(built);
        else expect(r.direct, sql).toBe(built);
      }
      if (name === 'bytea_output')
        expect((await hostRows(`select b from k.misc where id = 'm1'`))[0]).toBe(
          JSON.stringify(["\\000A\\\\\\377\\012'"]),
        );
    } finally {
      await ok(engine, `reset ${name}`);
    }
  });

  it('a SET applies from the next statement on, also to a plan used before', async () => {
    const sql = `select b from k.misc where id = 'm2'`;
    const hex = JSON.stringify(['\\x01807f20']);
    const escaped = JSON.stringify(['\\001\\200\\177 ']);
    expect(await hostRows(sql)).toEqual([hex]);
    expect(await hostRows(sql)).toEqual([hex]);
    const script = await ok(engine, `set bytea_output = 'escape'; ${sql}; reset bytea_output; ${sql}`);
    expect(script.map((s) => s.rows.map((r) => toJson(r)))).toEqual([[], [escaped], [], [hex]]);
    const tx = await ok(engine, `begin; set local bytea_output = 'escape'; ${sql}; commit; ${sql}`);
    expect(tx.map((s) => s.rows.map((r) => toJson(r)))).toEqual([[], [], [escaped], [], [hex]]);
  });
});
