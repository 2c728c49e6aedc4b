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
 * Streaming evaluation (issue 18): aggregates, DISTINCT and top-N computed while the pages arrive
 * (plan/statement/local-shape.ts), checked against Postgres itself holding the same rows in an
 * ordinary table (`local.ev`), on both emulators. Each query also asserts that the streaming shape ran.
 */

type Item = Record<string, AttributeValue>;

/** One generated row: its DynamoDB item and its SQL values, from the same JavaScript values. */
interface Row {
  readonly item: Item;
  readonly sql: string;
}

const KINDS = [
  'click',
  'view',
  'Über',
  'über',
  '😀 smile',
  '\uFF21wide',
  'ünï',
  '',
  'a',
  'A',
  'zeta',
  'Zeta',
];
const AMOUNTS = [
  '0.1',
  '-2.5',
  '12345678901234567890.123456789',
  '-0.000001',
  '7',
  '99999999999999999999999999999999999999',
  '-31.25',
  '0.333333333333333333333333333333333333',
  '100',
  '-7',
];

const lit = (s: string) => "'" + s.replace(/'/g, "''") + "'";

function generate(count: number): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < count; i++) {
    const item: Item = { id: { S: `e${String(i).padStart(4, '0')}` } };
    const values: string[] = [lit(item.id!.S!)];
    const column = (v: AttributeValue | undefined | 'null', sql: string | null) => {
      if (v === 'null') {
        values.push('null');
        return { NULL: true } as AttributeValue;
      }
      values.push(v === undefined ? 'null' : sql!);
      return v;
    };
    const set = (name: string, v: AttributeValue | undefined) => {
      if (v) item[name] = v;
    };
    const device = ((i * 7) % 23) - 5;
    set(
      'device',
      column(i % 13 === 0 ? undefined : i % 17 === 0 ? 'null' : { N: String(device) }, String(device)),
    );
    const ts = String(1_700_000_000_000 + ((i * 37) % 500));
    set('ts', column(i % 29 === 0 ? undefined : { N: ts }, ts));
    const kind = KINDS[(i * 5) % KINDS.length]!;
    set('kind', column(i % 11 === 0 ? undefined : i % 19 === 0 ? 'null' : { S: kind }, lit(kind)));
    const amount = AMOUNTS[(i * 3) % AMOUNTS.length]!;
    set('amount', column(i % 9 === 4 ? undefined : { N: amount }, amount));
    const qty = String(i % 2 ? (i % 40) - 20 : 2_000_000_000 - i * 3);
    set('qty', column(i % 31 === 0 ? undefined : { N: qty }, qty));
    const flag = i % 3 === 0;
    set('flag', column(i % 7 === 2 ? undefined : { BOOL: flag }, String(flag)));
    const big = i % 5 === 0 ? 9_000_000_000_000_000_000n - BigInt(i) : BigInt(i) * -1_000_000_000_000n;
    set('big', column(i % 6 === 1 ? undefined : { N: String(big) }, String(big)));
    out.push({ item, sql: '(' + values.join(', ') + ')' });
  }
  return out;
}

const COLUMNS =
  'id text not null, device integer, ts bigint, kind text, amount numeric, qty integer, flag boolean, big bigint';

/** The same table declared with types the engine leaves to the host (ordering or rounding it does not do). */
const OTHER_COLUMNS = 'id text not null, kind text collate "unicode", amount numeric(50,3), qty real';

interface Q {
  readonly sql: string;
  /** The EXPLAIN line the foreign statement's plan must show (its start), or null: the host path. */
  readonly shape: string | null;
  readonly ordered?: boolean;
  readonly empty?: boolean;
  /** Both fail with the same SQLSTATE. */
  readonly error?: boolean;
  /** ... and the same message. */
  readonly sameMessage?: boolean;
}

const AGGREGATE = 'Streaming Aggregate in the engine';
const TOP_N = 'Streaming Top-N in the engine';
const DISTINCT = 'Streaming Distinct in the engine';

const QUERIES: Q[] = [
  // --- aggregates without GROUP BY: every function, NULLs, overflow past int4 and int8, scales --------
  {
    sql: `select count(*), count(device), count(kind), sum(qty), avg(qty), sum(device), avg(device),
            min(kind), max(kind), sum(amount), avg(amount), min(amount), max(amount),
            sum(big), avg(big), min(big), max(big), min(qty), max(ts),
            bool_and(flag), bool_or(flag), count(distinct kind), count(distinct device), count(distinct amount)
          from {s}.ev`,
    shape: AGGREGATE,
  },
  // --- GROUP BY: many groups, one group, NULL groups, HAVING, ORDER BY aggregates, LIMIT/OFFSET ---------
  {
    sql: `select kind, count(*), avg(amount), sum(qty) from {s}.ev group by kind order by kind`,
    shape: AGGREGATE,
    ordered: true,
  },
  {
    sql: `select device, count(*) from {s}.ev group by device order by 2 desc, 1 nulls first limit 5`,
    shape: AGGREGATE,
    ordered: true,
  },
  {
    sql: `select device, sum(amount), max(ts), min(kind) from {s}.ev group by device
          having count(*) > 20 and sum(qty) > 0 order by device desc nulls last`,
    shape: AGGREGATE,
    ordered: true,
  },
  {
    sql: `select kind, sum(amount) s from {s}.ev group by 1 order by s desc nulls first, kind limit 4 offset 2`,
    shape: AGGREGATE,
    ordered: true,
  },
  {
    sql: `select flag, round(avg(qty), 3), sum(amount) * 2, max(kind) || '!', coalesce(min(device), -1),
            count(distinct kind) + count(*) from {s}.ev group by flag`,
    shape: AGGREGATE,
  },
  // ORDER BY an output's own name: each call's name (count, sum, avg, min, max), not its state's expression's
  {
    sql: `select kind, count(*) from {s}.ev group by kind order by count desc, kind nulls first`,
    shape: AGGREGATE,
    ordered: true,
  },
  {
    sql: `select device, min(amount), max(amount), avg(qty) from {s}.ev group by device
          order by min nulls first, max desc, avg, device nulls first`,
    shape: AGGREGATE,
    ordered: true,
  },
  {
    sql: `select kind, sum(qty)::text, (count(*)), "count"(device) from {s}.ev group by kind
          order by sum desc nulls last, kind nulls first`,
    shape: AGGREGATE,
    ordered: true,
  },
  // Two outputs of one name: Postgres's 42702 (ORDER BY "count" is ambiguous), named as the user wrote it
  {
    sql: `select kind, count(*), count(qty) from {s}.ev group by kind order by count`,
    shape: null,
    error: true,
    sameMessage: true,
  },
  { sql: `select kind, flag, count(*), bool_or(flag) from {s}.ev group by kind, flag`, shape: AGGREGATE },
  {
    sql: `select e.kind, count(e.qty) from {s}.ev e group by e.kind having max(e.big) > 0`,
    shape: AGGREGATE,
  },
  { sql: `select flag, count(*) from {s}.ev where flag group by flag`, shape: AGGREGATE },
  { sql: `select kind, count(*), sum(big) from {s}.ev where device > 3 group by kind`, shape: AGGREGATE },
  { sql: `select count(distinct kind), count(distinct device) from {s}.ev`, shape: AGGREGATE },
  { sql: `select kind from {s}.ev group by kind`, shape: AGGREGATE },
  { sql: `select count(*) from {s}.ev having count(*) > 1`, shape: AGGREGATE },
  // --- empty input -----------------------------------------------------------------------------------
  {
    sql: `select count(*), count(kind), sum(qty), avg(amount), min(kind), max(big), bool_and(flag), count(distinct kind) from {s}.ev where device > 1000`,
    shape: AGGREGATE,
  },
  {
    sql: `select kind, count(*) from {s}.ev where device > 1000 group by kind`,
    shape: AGGREGATE,
    empty: true,
  },
  { sql: `select count(*) from {s}.empty_ev`, shape: null },
  { sql: `select sum(qty), avg(big), max(kind) from {s}.empty_ev`, shape: AGGREGATE },
  // --- DISTINCT --------------------------------------------------------------------------------------
  { sql: `select distinct kind from {s}.ev`, shape: DISTINCT },
  {
    sql: `select distinct kind, flag from {s}.ev order by kind nulls first, flag limit 7`,
    shape: DISTINCT,
    ordered: true,
  },
  { sql: `select distinct amount, device from {s}.ev where device < 0`, shape: DISTINCT },
  // --- top-N: DESC, NULLS FIRST/LAST, ties, positions, output names, non-ASCII text, OFFSET ------------
  { sql: `select * from {s}.ev order by ts desc, id limit 10`, shape: TOP_N, ordered: true },
  { sql: `select ts from {s}.ev order by ts desc limit 10`, shape: TOP_N, ordered: true },
  { sql: `select ts, kind from {s}.ev order by ts nulls first, kind limit 3`, shape: TOP_N, ordered: true },
  {
    sql: `select id, kind from {s}.ev order by kind nulls first, id limit 15 offset 5`,
    shape: TOP_N,
    ordered: true,
  },
  { sql: `select kind, id from {s}.ev order by kind desc, id limit 20`, shape: TOP_N, ordered: true },
  { sql: `select id, amount from {s}.ev order by amount, id desc limit 12`, shape: TOP_N, ordered: true },
  { sql: `select id, big from {s}.ev order by 2 desc nulls last, 1 limit 5`, shape: TOP_N, ordered: true },
  { sql: `select id as kind, kind as id from {s}.ev order by kind limit 5`, shape: TOP_N, ordered: true },
  {
    sql: `select id, flag, device * 2 from {s}.ev order by flag desc, device, id limit 9`,
    shape: null,
    ordered: true,
  },
  { sql: `select id from {s}.ev where flag order by qty, id limit 4`, shape: TOP_N, ordered: true },
  // LIMIT 0 reads nothing (statement-shape.ts read-nothing): no evaluation, the host's empty answer.
  { sql: `select id from {s}.ev order by id limit 0`, shape: null, empty: true },
  // --- WITH TIES: every item tied with the last kept (rows tied come in any order: compared as sets) ---
  { sql: `select * from {s}.ev order by ts desc nulls last fetch first 5 rows with ties`, shape: TOP_N },
  // Which tied rows an OFFSET skips is Postgres's choice: only the sort column's values are the same.
  {
    sql: `select kind from {s}.ev order by kind nulls first offset 3 rows fetch first 4 rows with ties`,
    shape: TOP_N,
  },
  {
    sql: `select kind from {s}.ev order by kind desc nulls last offset 60 rows fetch first 5 rows with ties`,
    shape: TOP_N,
  },
  {
    sql: `select device, ts, id from {s}.ev order by device, ts desc fetch first 10 rows with ties`,
    shape: TOP_N,
  },
  { sql: `select id, flag from {s}.ev order by flag fetch first 1 row with ties`, shape: TOP_N },
  { sql: `select id, amount from {s}.ev order by amount desc fetch first 3 rows with ties`, shape: TOP_N },
  { sql: `select id from {s}.ev order by id fetch first 0 rows with ties`, shape: null, empty: true },
  // --- left to the host: the same results ------------------------------------------------------------
  { sql: `select kind, string_agg(id, ',' order by id) from {s}.ev group by kind`, shape: null },
  { sql: `select sum(qty) filter (where flag), sum(qty / 2) from {s}.ev`, shape: null },
  { sql: `select kind, count(*) from {s}.ev where id || '' = id group by kind`, shape: null },
  { sql: `select id from {s}.ev order by upper(kind), id limit 5`, shape: null, ordered: true },
  // Postgres computes the select list for every row before the sort: 1 / 0 fails though LIMIT drops its row.
  { sql: `select id, 1 / (device - 3) from {s}.ev order by id desc limit 3`, shape: null, error: true },
  {
    sql: `select id, 'x', device from {s}.ev order by device desc nulls last, id limit 3`,
    shape: TOP_N,
    ordered: true,
  },
  { sql: `select distinct on (kind) kind, id from {s}.ev order by kind, id`, shape: null, ordered: true },
  { sql: `select sum(distinct qty) from {s}.ev`, shape: null },
  // --- the same items under other declarations: a linguistic collation, a numeric scale, a float ------
  { sql: `select kind, count(*) from {s}.evu group by kind`, shape: null },
  { sql: `select min(kind), max(kind) from {s}.evu`, shape: null },
  { sql: `select id, kind from {s}.evu order by kind, id limit 5`, shape: null, ordered: true },
  { sql: `select sum(amount), min(amount) from {s}.evu`, shape: null },
  { sql: `select count(qty), max(qty) from {s}.evu`, shape: null },
];

type Outcome =
  | { ok: true; columns: string; rows: string[]; result: StatementResult }
  | { ok: false; sqlstate: string; message: string };

async function run(engine: Engine, sql: string, pageSize = 100_000): Promise<Outcome> {
  const r = await engine.execute(sql, { pageSize });
  if (r.error) return { ok: false, sqlstate: r.error.sqlstate, message: r.error.message };
  const s = r.statements.at(-1)!;
  return { ok: true, columns: JSON.stringify(s.columns), rows: s.rows.map((row) => toJson(row)), result: s };
}

describe.each(BACKENDS)('streaming evaluation vs Postgres on %s', (backend) => {
  let engine: Engine;

  beforeAll(async () => {
    const client = clientOf(backend);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    const rows = generate(700);
    const mixed: Item[] = [
      { id: { S: 'm1' }, qty: { N: '5' } },
      { id: { S: 'm2' }, qty: { S: 'five' } },
      { id: { S: 'm3' }, qty: { N: '7' } },
    ];
    const tables = {
      ev: uniqueName('stream_ev'),
      empty: uniqueName('stream_empty'),
      mx: uniqueName('stream_mx'),
    };
    for (const t of Object.values(tables)) await createTable(client, t, { name: 'id', type: 'S' });
    await putItems(
      client,
      tables.ev,
      rows.map((r) => r.item),
    );
    await putItems(client, tables.mx, mixed);
    const foreign = (name: string, table: string, columns = COLUMNS) =>
      `create foreign table dynamodb.${name} (${columns}) server dynamodb_server options (table '${table}', rowid_column 'id');`;
    await ok(
      engine,
      `create schema dynamodb; create schema local;
       ${foreign('ev', tables.ev)}
       ${foreign('empty_ev', tables.empty)}
       ${foreign('mx', tables.mx)}
       ${foreign('evu', tables.ev, OTHER_COLUMNS)}
       create table local.ev (${COLUMNS});
       create table local.empty_ev (${COLUMNS});
       insert into local.ev values ${rows.map((r) => r.sql).join(',\n')};
       create table local.evu (${OTHER_COLUMNS});
       insert into local.evu select id, kind, amount, qty from local.ev;`,
    );
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
  });

  it.each(QUERIES.map((q) => [q.sql.replace(/\s+/g, ' '), q] as const))('%s', async (_, q) => {
    const [foreign, local] = [
      await run(engine, q.sql.replaceAll('{s}', 'dynamodb')),
      await run(engine, q.sql.replaceAll('{s}', 'local')),
    ];
    if (q.error) {
      expect(local.ok ? 'no error' : local.sqlstate).toBe(foreign.ok ? 'no error' : foreign.sqlstate);
      expect(local.ok).toBe(false);
      if (q.sameMessage && !local.ok && !foreign.ok) expect(foreign.message).toBe(local.message);
      return;
    }
    if (!local.ok) throw new Error(`the local query failed: ${local.message}`);
    if (!foreign.ok) throw new Error(`the foreign query failed: ${foreign.sqlstate} ${foreign.message}`);
    const shape = foreign.result.plan?.engineEvaluation ?? null;
    if (q.shape) expect(shape).toMatch(new RegExp('^' + q.shape));
    else expect(shape).toBeNull();
    expect(foreign.columns).toBe(local.columns);
    if (!q.empty) expect(local.rows.length).toBeGreaterThan(0);
    else expect(local.rows).toEqual([]);
    if (q.ordered) expect(foreign.rows).toEqual(local.rows);
    else expect([...foreign.rows].sort()).toEqual([...local.rows].sort());
  });

  it('the same rows read page by page through a cursor', async () => {
    const sql = `select device, count(*), sum(amount) from {s}.ev group by device order by device nulls first`;
    const local = await run(engine, sql.replaceAll('{s}', 'local'));
    const first = await engine.execute(sql.replaceAll('{s}', 'dynamodb'), { pageSize: 4 });
    expect(first.error).toBeUndefined();
    const got = [...first.statements[0]!.rows];
    let cursor = first.statements[0]!.cursor;
    while (cursor) {
      const page = await engine.next(cursor, { pageSize: 4 });
      got.push(...page.rows);
      cursor = page.cursor;
    }
    expect(local.ok && got.map((r) => toJson(r))).toEqual(local.ok && local.rows);
  });

  it('an item the host path refuses is refused with the same error', async () => {
    const streamed = await run(engine, `select sum(qty) from dynamodb.mx`);
    const hosted = await run(engine, `select sum(qty) from dynamodb.mx where id || '' = id`);
    expect(streamed.ok).toBe(false);
    expect(hosted.ok).toBe(false);
    if (!streamed.ok && !hosted.ok) {
      expect(streamed.sqlstate).toBe(hosted.sqlstate);
      expect(streamed.message).toBe(hosted.message);
    }
    const top = await run(engine, `select id, qty from dynamodb.mx order by id limit 1`);
    expect(top.ok ? 'no error' : top.sqlstate).toBe(hosted.ok ? '' : hosted.sqlstate);
  });

  it.each([
    // The bad value is in a column the ORDER BY does not use, of an item the LIMIT drops.
    `select id, qty from {t} order by id limit 1`,
    `select * from {t} order by id desc limit 1`,
    `select distinct qty from {t}`,
  ])('%s: an item the host path refuses is refused with its SQLSTATE and message', async (sql) => {
    const streamed = await run(engine, `explain ${sql.replace('{t}', 'dynamodb.mx')}`);
    const shape = streamed.ok && JSON.parse(streamed.rows[0]!)[0];
    expect(shape).toMatch(/^Streaming (Top-N|Distinct) in the engine/);
    const [a, b] = [
      await run(engine, sql.replace('{t}', 'dynamodb.mx')),
      // The same statement through the host: every item loaded into its temp table.
      await run(engine, sql.replace('{t}', `dynamodb.mx where id || '' = id`)),
    ];
    expect(a.ok ? 'no error' : [a.sqlstate, a.message]).toEqual(b.ok ? 'no error' : [b.sqlstate, b.message]);
    expect(a.ok ? '' : a.sqlstate).toBe('42804');
  });

  it('EXPLAIN shows the streaming shape; a cached plan runs it again', async () => {
    const explained = await run(
      engine,
      `explain select kind, count(*), avg(amount), sum(qty) from dynamodb.ev group by kind`,
    );
    expect(explained.ok && explained.rows[0]).toBe(
      JSON.stringify(['Streaming Aggregate in the engine  (group by kind: count(*), avg(amount), sum(qty))']),
    );
    const top = await run(engine, `explain select * from dynamodb.ev order by ts desc nulls last limit 10`);
    expect(top.ok && top.rows[0]).toBe(
      JSON.stringify([
        'Streaming Top-N in the engine  (order by ts desc nulls last; keeps 10 items; later requests ask for ts >= the worst kept)',
      ]),
    );
    const distinct = await run(engine, `explain select distinct kind, flag from dynamodb.ev`);
    expect(distinct.ok && distinct.rows[0]).toBe(
      JSON.stringify(['Streaming Distinct in the engine  (kind, flag)']),
    );
    const sql = `select kind, count(*) from dynamodb.ev group by kind order by 1`;
    const [a, b] = [await run(engine, sql), await run(engine, sql)];
    expect(a.ok && b.ok && a.rows).toEqual(b.ok && b.rows);
  });
});
