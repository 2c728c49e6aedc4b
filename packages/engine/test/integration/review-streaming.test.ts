import type { AttributeValue } from '@aws-sdk/client-dynamodb';
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
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * Review of the streaming evaluation (aggregates, DISTINCT and top-N computed while the pages arrive:
 * plan/statement/local-shape.ts): shapes where it answered otherwise than Postgres — checked, as in
 * streaming-evaluation.test.ts, against Postgres itself over a host table holding the same rows, or
 * against the host path (the same statement with a condition the engine cannot push, `id || '' = id`,
 * so every item is loaded into the host), which is Postgres over the items.
 */

type Item = Record<string, AttributeValue>;

const lit = (s: string) => "'" + s.replace(/'/g, "''") + "'";
const KINDS = ['click', 'view', 'Über', 'a', 'zeta'];

/** 40 items of `ev` and the same rows as SQL values. */
function generate(): { items: Item[]; values: string[] } {
  const items: Item[] = [];
  const values: string[] = [];
  for (let i = 0; i < 40; i++) {
    const id = `e${String(i).padStart(2, '0')}`;
    const device = ((i * 7) % 11) - 3;
    const kind = KINDS[i % KINDS.length]!;
    const item: Item = { id: { S: id }, kind: { S: kind } };
    if (i % 10) item.device = { N: String(device) };
    items.push(item);
    values.push(`(${lit(id)}, ${i % 10 ? device : 'null'}, ${lit(kind)})`);
  }
  return { items, values };
}

type Outcome = { ok: true; rows: string[]; shape: string | null } | { ok: false; error: [string, string] };

async function run(engine: Engine, sql: string): Promise<Outcome> {
  const r = await engine.execute(sql, { pageSize: 100_000 });
  if (r.error) return { ok: false, error: [r.error.sqlstate, r.error.message] };
  const s = r.statements.at(-1)!;
  return { ok: true, rows: s.rows.map((row) => toJson(row)), shape: s.plan?.engineEvaluation ?? null };
}

/** What a statement's EXPLAIN names as the engine's evaluation, or null. */
async function shapeOf(engine: Engine, sql: string): Promise<string | null> {
  const r = await run(engine, `explain ${sql}`);
  if (!r.ok) throw new Error(r.error.join(' '));
  const first = JSON.parse(r.rows[0]!) as string[];
  return /^Streaming /.test(first[0]!) ? first[0]! : null;
}

describe.each(BACKENDS)('review: streaming evaluation on %s', (backend) => {
  let engine: Engine;

  beforeAll(async () => {
    const client = clientOf(backend);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    const tables = {
      ev: uniqueName('rs_ev'),
      bad: uniqueName('rs_bad'),
      nk: uniqueName('rs_nk'),
      sp: uniqueName('rs_sp'),
      q: uniqueName('rs_q'),
      nm: uniqueName('rs_nm'),
    };
    await createTable(client, tables.nm, { name: 'id', type: 'S' });
    await putItems(client, tables.nm, [
      { id: { S: 'n1' }, amount: { N: '1.005' } },
      { id: { S: 'n2' }, amount: { N: '1.004' } },
      { id: { S: 'n3' }, amount: { N: '2' } },
    ]);
    await createTable(client, tables.q, { name: 'p', type: 'S' }, { name: 's', type: 'N' });
    await putItems(
      client,
      tables.q,
      Array.from({ length: 30 }, (_, i) => ({
        p: { S: 'a' },
        s: { N: String(i + 1) },
        v: { N: i === 19 ? '0' : '1' },
      })),
    );
    await createTable(client, tables.ev, { name: 'id', type: 'S' });
    await createTable(client, tables.bad, { name: 'id', type: 'S' });
    await createTable(client, tables.sp, { name: 'id', type: 'S' });
    await createTable(client, tables.nk, { name: 'n', type: 'N' });
    const { items, values } = generate();
    await putItems(client, tables.ev, items);
    // `bad`: one item each with a value the host's load refuses, in a column of its own.
    const bad: Item[] = [];
    for (let i = 0; i < 20; i++) {
      const item: Item = {
        id: { S: `b${String(i).padStart(2, '0')}` },
        kind: { S: `k${i % 3}` },
        code: { S: `c${i % 10}` },
        qty: { N: String(i + 1) },
        f: { N: '1.5' },
        at: { S: `2024-01-05T10:${String(i).padStart(2, '0')}:00Z` },
        u: { S: `a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a${String(i).padStart(2, '0')}` },
        ip: { S: `10.0.0.${i}` },
      };
      if (i === 5) item.kind = { S: 'x\u0000y' };
      if (i === 7) item.code = { S: 'abcd' };
      if (i === 9) item.qty = { N: '-5' };
      if (i === 11) item.f = { N: '1E+39' };
      if (i === 13) item.at = { S: '2024-01-05T24:30:00Z' };
      if (i === 15) item.u = { S: 'not-a-uuid' };
      if (i === 17) item.ip = { S: '10.0.0.300' };
      bad.push(item);
    }
    await putItems(client, tables.bad, bad);
    // `nk`: a numeric key declared integer, one item's beyond its range.
    const nk: Item[] = Array.from({ length: 20 }, (_, i) => ({
      n: { N: String(i + 1) },
      kind: { S: KINDS[i % KINDS.length]! },
    }));
    nk.push({ n: { N: '3000000000' }, kind: { S: 'view' } });
    await putItems(client, tables.nk, nk);
    const sp: Item[] = Array.from({ length: 10 }, (_, i) => ({
      id: { S: `s${i}` },
      code: { S: i === 5 ? 'ab   ' : `c${i}` },
    }));
    await putItems(client, tables.sp, sp);
    await ok(
      engine,
      `create schema dynamodb; create schema local;
       create domain public.review_positive as integer check (value > 0);
       create foreign table dynamodb.ev (id text not null, device integer, kind text)
         server dynamodb_server options (table '${tables.ev}', rowid_column 'id');
       create table local.ev (id text not null, device integer, kind text);
       insert into local.ev values ${values.join(', ')};
       create foreign table dynamodb.bad (id text not null, kind text, code varchar(3), qty review_positive, f real,
         at timestamptz, u uuid, ip inet)
         server dynamodb_server options (table '${tables.bad}', rowid_column 'id');
       create foreign table dynamodb.nk (n integer, kind text)
         server dynamodb_server options (table '${tables.nk}', rowid_column 'n');
       create foreign table dynamodb.q (p text not null, s integer not null, v integer)
         server dynamodb_server options (table '${tables.q}', rowid_column 'p');
       create foreign table dynamodb.nm (id text not null, amount numeric(10,2))
         server dynamodb_server options (table '${tables.nm}', rowid_column 'id');
       create table local.nm (id text not null, amount numeric(10,2));
       insert into local.nm values ('n1', 1.005), ('n2', 1.004), ('n3', 2);
       create foreign table dynamodb.sp (id text not null, code varchar(3))
         server dynamodb_server options (table '${tables.sp}', rowid_column 'id');`,
    );
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
  });

  /*
   * `from t as e(a, b)` renames t's first columns: `e(device, id)` calls t's id `device` and its device
   * `id`. The shapes took a reference by the table's column names: DISTINCT kept one item per table
   * device (8 rows where Postgres has 40), the top-N kept the 5 items of the least table device
   * (then sorted by id), the aggregate's statement over the states named a state column that the
   * column aliases had renamed (42703).
   */
  it.each([
    [`select distinct device from {s}.ev e(device, id)`, false],
    [`select device from {s}.ev e(device, id) order by device limit 5`, true],
    [`select device from {s}.ev as e(device, id) order by 1 desc fetch first 3 rows with ties`, true],
    [`select device, count(*) from {s}.ev e(device, id) group by device order by device limit 5`, true],
    [`select count(distinct device), min(device), max(device) from {s}.ev e(device, id)`, true],
  ] as const)('column aliases: %s', async (sql, ordered) => {
    const [foreign, local] = [
      await run(engine, sql.replace('{s}', 'dynamodb')),
      await run(engine, sql.replace('{s}', 'local')),
    ];
    if (!local.ok) throw new Error(local.error.join(' '));
    expect(foreign.ok ? 'ok' : foreign.error).toBe('ok');
    if (!foreign.ok) return;
    expect(local.rows.length).toBeGreaterThan(0);
    if (ordered) expect(foreign.rows).toEqual(local.rows);
    else expect([...foreign.rows].sort()).toEqual([...local.rows].sort());
  });

  /*
   * Values the host's load refuses though the statement drops their items (a LIMIT, an aggregate):
   * the host path fails, and so must the shape. `{w}` is '' in the streamed statement, a condition
   * the engine cannot push in the hosted one.
   */
  async function refusedAlike(table: string, sql: string, sqlstate: string): Promise<void> {
    const where = `${sql.includes('where') ? ' and' : ' where'} ${table === 'nk' ? `kind || '' = kind` : `id || '' = id`}`;
    const streamed = sql.replace('{t}', `dynamodb.${table}`).replace('{w}', '');
    const hosted = sql.replace('{t}', `dynamodb.${table}`).replace('{w}', where);
    expect(await shapeOf(engine, hosted)).toBeNull();
    const [a, b] = [await run(engine, streamed), await run(engine, hosted)];
    expect(b.ok ? 'no error' : b.error[0]).toBe(sqlstate);
    expect(a.ok ? 'no error' : a.error).toEqual(b.ok ? 'no error' : b.error);
  }

  /*
   * A key the statement does not name is not read (spec §6: a ProjectionExpression of the referenced
   * attributes; plan/statement/evaluated-attributes.ts), so it is not coerced: n = 3000000000, beyond
   * the integer n is declared as, fails a statement that reads n (the top-N below: 22003) and not an
   * aggregate or DISTINCT over kind — as `select count(*)` (Select COUNT) reads no attribute at all, and
   * as a Postgres FDW projecting the referenced attributes answers. Decided (session 10) over keeping
   * such keys in the projection, which would cost every streaming aggregate over a numeric key its
   * narrower read. The host path (a condition the engine cannot push) still loads every key.
   */
  it.each([
    [
      `select kind, count(*) from dynamodb.nk group by kind`,
      [
        ['Über', 4],
        ['a', 4],
        ['click', 4],
        ['view', 5],
        ['zeta', 4],
      ],
    ],
    [`select distinct kind from dynamodb.nk`, [['Über'], ['a'], ['click'], ['view'], ['zeta']]],
    [`select count(*) from dynamodb.nk`, [['21']]],
  ] as const)('an unread key is not coerced: %s', async (sql, expected) => {
    const r = await run(engine, sql);
    expect(r.ok ? [...r.rows].sort() : r.error).toEqual(
      expected.map((row) => JSON.stringify(row.map((v) => (typeof v === 'number' ? String(v) : v)))).sort(),
    );
  });

  it.each([
    // A key attribute is in every projection of a top-N, so it is loaded: n = 3000000000 as integer.
    ['nk', `select kind from {t}{w} order by kind limit 1`, '22003'],
    // U+0000 in a text value: jsonb (the load's input) refuses it.
    ['bad', `select count(kind) from {t}{w}`, '22P05'],
    ['bad', `select count(distinct kind), min(kind) from {t}{w}`, '22P05'],
    ['bad', `select id, kind from {t}{w} order by id limit 1`, '22P05'],
    // ... and in rows the engine builds from the items themselves (a Scan's, a GetItem's).
    ['bad', `select id, kind from {t}{w}`, '22P05'],
    ['bad', `select kind from {t} where id = 'b05'{w}`, '22P05'],
    // 'abcd' in a varchar(3) column.
    ['bad', `select count(code) from {t}{w}`, '22001'],
    ['bad', `select id, code from {t}{w} order by id desc limit 1`, '22001'],
    // A domain's CHECK (qty > 0): -5.
    ['bad', `select sum(qty), count(*) from {t}{w}`, '23514'],
    ['bad', `select id, max(qty) from {t}{w} group by id order by id limit 2`, '23514'],
    ['bad', `select id, qty from {t}{w} order by id limit 1`, '23514'],
    ['bad', `select distinct qty from {t}{w}`, '23514'],
    // 1E+39 in a real column.
    ['bad', `select count(f) from {t}{w}`, '22003'],
    ['bad', `select id, f from {t}{w} order by id limit 1`, '22003'],
    // 24:30 in a timestamptz column: ISO 8601 as the coercion table reads it, not as Postgres does.
    ['bad', `select count(at) from {t}{w}`, '22008'],
    ['bad', `select id, at from {t}{w} order by id desc limit 1`, '22008'],
    // Text only the host's input function reads: a uuid (its forms are told apart), an inet (the host
    // loads the items).
    ['bad', `select count(u), count(distinct id) from {t}{w}`, '22P02'],
    ['bad', `select id, u from {t}{w} order by id limit 1`, '22P02'],
    ['bad', `select id, ip from {t}{w} order by id limit 1`, '22P02'],
    ['bad', `select count(ip) from {t}{w}`, '22P02'],
  ] as const)('an item the host refuses, on %s: %s', refusedAlike);

  it('a text longer than varchar(n) by spaces only is cut, not refused, as the host does', async () => {
    const sql = `select id, code from dynamodb.sp{w} order by id desc limit 2`;
    expect(await shapeOf(engine, sql.replace('{w}', ''))).toMatch(/^Streaming Top-N/);
    const [a, b] = [
      await run(engine, sql.replace('{w}', '')),
      await run(engine, sql.replace('{w}', ` where id || '' = id`)),
    ];
    expect(b.ok && b.rows).toEqual([JSON.stringify(['s9', 'c9']), JSON.stringify(['s8', 'c8'])]);
    expect(a.ok ? a.rows : a.error).toEqual(b.ok && b.rows);
    const cut = await run(engine, `select code, length(code) from dynamodb.sp where id || '' = 's5'`);
    expect(cut.ok && cut.rows).toEqual([JSON.stringify(['ab ', 3])]);
  });

  /* LIMIT -1 and OFFSET -1 are errors; the engine applied them itself (all rows but the last, all rows). */
  it.each([
    `select upper(kind) from {s}.ev limit -1`,
    `select upper(kind) from {s}.ev offset -1`,
    `select upper(kind) from {s}.ev limit 2 offset -1`,
    `select id from {s}.ev order by kind limit -1`,
    `select kind, count(*) from {s}.ev group by kind limit -1`,
  ])('a negative LIMIT or OFFSET: %s', async (sql) => {
    const [foreign, local] = [
      await run(engine, sql.replace('{s}', 'dynamodb')),
      await run(engine, sql.replace('{s}', 'local')),
    ];
    expect(local.ok ? 'no error' : local.error[0]).toMatch(/^2201[WX]$/);
    expect(foreign.ok ? 'no error' : foreign.error).toEqual(local.ok ? 'no error' : local.error);
  });

  /*
   * Rows made from the items (plan/statement/pushed-shapes.ts directShape) applied the LIMIT themselves
   * (all rows but the last for LIMIT -1); select-shape.ts now reads a negative constant as no constant
   * at all, which every shape leaves to the host.
   */
  it.each([`select id from {s}.ev limit -1`, `select id, kind from {s}.ev offset -1`])(
    'a negative LIMIT or OFFSET of rows made from the items: %s',
    async (sql) => {
      const [foreign, local] = [
        await run(engine, sql.replace('{s}', 'dynamodb')),
        await run(engine, sql.replace('{s}', 'local')),
      ];
      expect(local.ok ? 'no error' : local.error[0]).toMatch(/^2201[WX]$/);
      expect(foreign.ok ? 'no error' : foreign.error).toEqual(local.ok ? 'no error' : local.error);
    },
  );

  /*
   * A statement streamed through the host page by page ran over each page without its LIMIT, so it
   * computed the select list (and a WHERE the engine could not push) for every item of the page —
   * Postgres stops at the LIMIT's row. The Query reads s = 1..30 in order; Postgres computes 10 / v for
   * s = 1 only, the engine did for all 30 and failed on s = 20 (22012). Each page's statement now keeps
   * a LIMIT of the rows still wanted (run/run-foreign.ts hostRows).
   */
  it('a LIMIT streamed through the host computes no row past it', async () => {
    const sql = `select s, 10 / v from dynamodb.q where p = 'a' and v + 0 > -1 limit 1`;
    // The same statement through the host (a subquery in the select list keeps it from streaming).
    const hosted = await run(engine, sql.replace('10 / v', '10 / v, (select 1)'));
    expect(hosted.ok && hosted.rows).toEqual([JSON.stringify([1, 10, 1])]);
    const streamed = await run(engine, sql);
    expect(streamed.ok ? streamed.rows : streamed.error).toEqual([JSON.stringify([1, 10])]);
  });

  /*
   * A condition on a numeric(p, s) column is evaluated in the host (plan/attribute-value.ts
   * pushTypeOf): DynamoDB would compare the item's digits, where Postgres compares the value rounded
   * to the scale — 1.005 is 1.01 in numeric(10,2), 1.004 is 1.00 — so an equality or an upper bound
   * pushed dropped items Postgres keeps (the count, the aggregate).
   */
  it.each([
    `select count(*) from {s}.nm where amount = 1.01`,
    `select sum(amount), count(*) from {s}.nm where amount <= 1.00`,
  ])('a condition on a numeric(p, s) column: %s', async (sql) => {
    const [foreign, local] = [
      await run(engine, sql.replace('{s}', 'dynamodb')),
      await run(engine, sql.replace('{s}', 'local')),
    ];
    expect(local.ok && local.rows.length).toBeGreaterThan(0);
    expect(foreign.ok ? foreign.rows : foreign.error).toEqual(local.ok && local.rows);
  });

  it('still streams what it did: the shapes over plain columns', async () => {
    expect(await shapeOf(engine, `select kind, count(*) from dynamodb.nk group by kind`)).toMatch(
      /^Streaming Aggregate/,
    );
    expect(await shapeOf(engine, `select id, code from dynamodb.bad order by id limit 1`)).toMatch(
      /^Streaming Top-N/,
    );
    expect(await shapeOf(engine, `select distinct kind from dynamodb.ev e`)).toMatch(/^Streaming Distinct/);
    expect(await shapeOf(engine, `select id, u, at from dynamodb.bad order by id limit 1`)).toMatch(
      /^Streaming Top-N/,
    );
    expect(await shapeOf(engine, `select id, ip from dynamodb.bad order by id limit 1`)).toBeNull();
  });
});
