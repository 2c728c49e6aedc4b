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
 * Reads of foreign tables in a read-only transaction answer as outside one. Postgres refuses CREATE
 * TABLE there (25006), so the temp tables the host evaluates a read over (a join, a residual
 * predicate, a window, a cursor) cannot be made: `begin read only; select * from ft where v + 0 = 2`
 * said `cannot execute CREATE TABLE in a read-only transaction`, and so did every such read of a
 * session with default_transaction_read_only on (psycopg's `read_only`, pgjdbc's `setReadOnly`,
 * `-c default_transaction_read_only=on`). Now a read-only block stages its items in a temp table
 * made before it (session/staged-rows.ts), and outside a block a temp table is made in a read-write
 * block of its own. Each statement's answer in a read-only block, and with
 * default_transaction_read_only on, in a block and not, is compared with its answer in a read-write
 * session. On both emulators (dynalite, DynamoDB Local); PGlite and PostgreSQL 15 hosts.
 */
describe.each(BACKENDS)('reads in a read-only transaction on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('ro_reads');
  const sampleTable = uniqueName('ro_sample');

  const READS = [
    'select id, v from public.ft where v + 0 >= 2 order by id',
    'select a.id, b.id from public.ft a join public.ft b on a.v = b.v - 1 order by 1',
    'select id, row_number() over (order by v desc) from public.ft order by id',
    'select v % 2, count(*), sum(n), avg(v) from public.ft group by 1 having count(*) > 0 order by 1',
    'select id from public.ft order by n desc nulls last, id limit 2',
    'select distinct v % 2 from public.ft order by 1',
    "select id, doc -> 'k', doc ->> 'k', j::text, tags from public.ft where length(id) = 1 order by id",
    'select f.id, h.label from public.ft f join public.host_t h on h.v = f.v order by 1',
    'select public.ft.id, other.ft.note from public.ft join other.ft on public.ft.id = other.ft.id order by 1',
    'select id from public.ft where id in (select id from public.ft where v > 1) and v + 0 < 4 order by 1',
    'with x as (select * from public.ft) select count(*) from x where v + 0 > 1',
    "select id, _attrs -> 'extra' from public.ft where coalesce(v, 0) + 0 > 0 order by id",
    'select count(*) filter (where n > 1.5), min(id), max(n) from public.ft where v + 0 > 0',
    'select id from only public.ft where v + 0 = 2',
    // The join's key values are read from the staged rows (run/join-restriction.ts): BatchGetItem.
    'select a.id, b.n from public.ft a join public.ft b on b.id = a.id where a.v + 0 > 2 order by 1',
    'select x.id, z.id from public.ft x, lateral (select * from public.ft y where y.v = x.v + 1) z order by 1',
  ];

  const answer = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session });
    return r.error ? { error: `${r.error.sqlstate} ${r.error.message}` } : r.statements.at(-1)!.rows;
  };
  /** Each statement's answer in turn. */
  const answers = async (sqls: readonly string[], session: string) => {
    const out = [];
    for (const sql of sqls) out.push(await answer(sql, session));
    return out;
  };

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      {
        id: { S: 'a' },
        v: { N: '1' },
        n: { N: '1.10' },
        doc: { M: { k: { S: 'x' } } },
        j: { S: '{"a":  1}' },
        tags: { L: [{ S: 't1' }] },
      },
      { id: { S: 'b' }, v: { N: '2' }, n: { N: '2.25' }, doc: { NULL: true }, extra: { S: 'e' } },
      { id: { S: 'c' }, v: { N: '3' }, n: { N: '12345678901234567890.5' }, doc: { S: 'null' } },
      { id: { S: 'd' }, v: { N: '4' } },
    ]);
    await createTable(client, sampleTable, { name: 'id', type: 'S' });
    await putItems(
      client,
      sampleTable,
      Array.from({ length: 200 }, (_, i) => ({ id: { S: `s${i}` }, v: { N: String(i) } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.ft (id text not null, v integer, n numeric, doc jsonb, j json, tags text[], _attrs jsonb)
         server dynamodb_server options (table '${table}', rowid_column 'id');
       create foreign table public.st (id text not null, v integer)
         server dynamodb_server options (table '${sampleTable}', rowid_column 'id');
       create table public.host_t (v integer, label text);
       insert into public.host_t values (1, 'one'), (3, 'three');
       create schema other;
       create table other.ft (id text, note text);
       insert into other.ft values ('a', 'other a'), ('c', 'other c')`,
    );
  });
  afterAll(() => engine?.close());

  it('every read answers in a read-only block, and with default_transaction_read_only on, as in a read-write session', async () => {
    const expected = [];
    for (const sql of READS) expected.push(await answer(sql, 'rw'));
    // Read-write answers first: none of them an error.
    expect(expected.filter((e) => 'error' in e)).toEqual([]);
    expect(expected[0]).toEqual([
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ]);
    // A json column keeps its text; a jsonb one and an array are read as such.
    expect((expected[6] as unknown[][])[0]!.slice(2)).toEqual(['x', '{"a":  1}', '{t1}']);

    const inBlock = [];
    expect(await answer('begin read only', 'ro')).toEqual([]);
    for (const sql of READS) inBlock.push(await answer(sql, 'ro'));
    expect(await answer('show transaction_read_only', 'ro')).toEqual([['on']]);
    expect(await answer('commit', 'ro')).toEqual([]);
    expect(inBlock).toEqual(expected);

    await ok(engine, 'select 1'); // another session between
    const byDefault = [];
    const autocommit = [];
    expect(await answer('set default_transaction_read_only = on', 'ro-default')).toEqual([]);
    for (const sql of READS) autocommit.push(await answer(sql, 'ro-default'));
    expect(await answer('begin', 'ro-default')).toEqual([]);
    for (const sql of READS) byDefault.push(await answer(sql, 'ro-default'));
    expect(await answer('rollback', 'ro-default')).toEqual([]);
    expect(autocommit).toEqual(expected);
    expect(byDefault).toEqual(expected);
  });

  it('a cursor, a prepared statement, EXPLAIN ANALYZE and a savepoint rolled back to, in a read-only block', async () => {
    const s = 'ro-more';
    expect(await answer('start transaction read only', s)).toEqual([]);
    expect(
      await answer('declare c cursor for select id, v * 10 from public.ft where v + 0 > 1 order by id', s),
    ).toEqual([]);
    expect(await answer('fetch 2 from c', s)).toEqual([
      ['b', 20],
      ['c', 30],
    ]);
    expect(await answer('prepare p as select id from public.ft where v + 0 = $1', s)).toEqual([]);
    expect(await answer('execute p(3)', s)).toEqual([['c']]);
    const explained = await answer(
      'explain (analyze, costs off, timing off, summary off) select * from public.ft a join public.ft b using (id)',
      s,
    );
    expect(JSON.stringify(explained)).toMatch(
      /Actual RCU: 0.5, items scanned: 4, returned: 4.*materialise-in-host/,
    );
    expect(await answer('savepoint sp', s)).toEqual([]);
    expect(await answer('select 1 / (v - v) from public.ft where v + 0 > 0', s)).toEqual({
      error: '22012 division by zero',
    });
    expect(await answer('rollback to savepoint sp', s)).toEqual([]);
    expect(await answer('fetch all from c', s)).toEqual([['d', 40]]);
    expect(await answer('select id from public.ft where v + 0 = 1', s)).toEqual([['a']]);
    // Writes stay refused, named by their command (read-only-writes.test.ts).
    expect(await answer("update public.ft set v = 9 where id = 'a'", s)).toEqual({
      error: '25006 cannot execute UPDATE in a read-only transaction',
    });
    expect(await answer('rollback', s)).toEqual([]);
    expect(await answer("select v from public.ft where id = 'a'", s)).toEqual([[1]]);
  });

  it('TABLESAMPLE SYSTEM and BERNOULLI sample a foreign table in a read-only block as outside one', async () => {
    const SAMPLES = [
      'select count(*) from public.st tablesample bernoulli (100)',
      'select count(*) from public.st tablesample system (100) repeatable (7) where v + 0 >= 0',
      'select count(*) from public.st tablesample bernoulli (0) repeatable (3)',
      'select count(*) from public.st tablesample system (0)',
      'select id, v from public.ft tablesample bernoulli (100) where v + 0 >= 2 order by id',
      'select s.id from only public.ft as s tablesample pg_catalog.system (100) repeatable (1) where s.v + 0 = 1',
      'select a.id, b.id from public.ft a tablesample bernoulli (100) join public.ft b on b.v = a.v + 1 order by 1',
      // Each row is drawn on its own: 200 items, half of them kept, are not all or none.
      'select count(*) between 50 and 150 from public.st tablesample bernoulli (50)',
      'select count(*) between 50 and 150, count(distinct id) = count(*) from public.st tablesample bernoulli (50) repeatable (11)',
    ];
    const expected = [];
    for (const sql of SAMPLES) expected.push(await answer(sql, 'rw-sample'));
    // count(*) is a bigint: text.
    expect(expected.slice(0, 4)).toEqual([[['200']], [['200']], [['0']], [['0']]]);
    expect(expected.slice(7)).toEqual([[[true]], [[true, true]]]);
    const s = 'ro-sample';
    const inBlock = [];
    expect(await answer('begin read only', s)).toEqual([]);
    for (const sql of SAMPLES) inBlock.push(await answer(sql, s));
    expect(inBlock).toEqual(expected);
    expect(
      await answer('prepare ps as select count(*) from public.st tablesample bernoulli ($1)', s),
    ).toEqual([]);
    expect(await answer('execute ps(100)', s)).toEqual([['200']]);
    expect(await answer('execute ps(0)', s)).toEqual([['0']]);
    // A method whose sample is a number of rows would be drawn from other reads' rows too: refused, at the method.
    const rowsMethod = await engine.execute(
      'select id from public.ft tablesample system_rows (2) where v + 0 = 1',
      { session: s },
    );
    expect(rowsMethod.error).toMatchObject({
      sqlstate: '0A000',
      message: 'TABLESAMPLE system_rows over a foreign table is not supported in a read-only transaction',
      position: 38,
    });
    expect(rowsMethod.error?.hint).toMatch(/SYSTEM or BERNOULLI/);
    expect(await answer('rollback', s)).toEqual([]);
  });

  it('a DO block reading a foreign table answers in a read-only block; a function that reads one is refused, with a hint', async () => {
    await ok(
      engine,
      `create function public.ft_total(lo integer) returns bigint language sql stable
         as $$ select sum(v) from public.ft where v >= lo $$`,
    );
    const block = `do $$ declare t bigint; c bigint; begin
        select sum(v) into t from public.ft where v + 0 > 1;
        select count(*) into c from only public.ft x tablesample bernoulli (100) where x.v + 0 > 0;
        raise notice 'total %, count %', t, c; end $$`;
    const notices = async (session: string) => {
      const r = await engine.execute(block, { session });
      return r.error ? `${r.error.sqlstate} ${r.error.message}` : r.statements[0]!.notices.join('\n');
    };
    const expected = await notices('rw-do');
    expect(expected).toContain('total 9, count 4');
    const s = 'ro-do';
    expect(await answer('begin read only', s)).toEqual([]);
    expect(await notices(s)).toBe(expected);
    const called = await engine.execute('select 1, public.ft_total(2)', { session: s });
    expect(called.error).toMatchObject({
      sqlstate: '0A000',
      message:
        'function public.ft_total(lo integer) reads a foreign table, which is not supported in a read-only transaction',
      position: 11,
    });
    expect(called.error?.hint).toMatch(/outside the read-only transaction/);
    expect(await answer('rollback', s)).toEqual([]);
    expect(await answer('select public.ft_total(2)', 'rw-do')).toEqual([['9']]);
  });

  it("a statement in a read-only block reads each read's staged rows once, however often the host rescans them", async () => {
    // A correlated subquery, a window over one and a LATERAL one are rescanned for each outer row;
    // each rescan of the staged rows' subquery read their JSON batches again (5-16x slower than a
    // typed temp table's rows): now a MATERIALIZED WITH inside it reads them once. The table's
    // sequential scans in the block, before and after each statement, count its reads.
    const RESCANNED = [
      'select a.id from public.ft a where a.n > (select avg(n) from public.ft b where b.v <= a.v) order by 1',
      'select a.id from public.ft a where a.v + 0 > 0 and a.n in (select max(n) over (partition by v % 2) from public.ft b where b.v >= a.v) order by 1',
      'select x.id, z.c from public.ft x, lateral (select count(*) c from public.ft y where y.v < x.v) z order by 1',
    ];
    const expected = await answers(RESCANNED, 'rw-rescan');
    expect(expected[2]).toEqual([
      ['a', '0'],
      ['b', '1'],
      ['c', '2'],
      ['d', '3'],
    ]);
    const s = 'ro-rescan';
    const scans = async () =>
      Number(
        (
          (await answer(
            "select seq_scan from pg_catalog.pg_stat_xact_all_tables where relid = 'pg_temp.__ds_rows'::regclass",
            s,
          )) as unknown[][]
        )[0]![0],
      );
    expect(await answer('begin read only', s)).toEqual([]);
    const counted = [];
    for (const [i, sql] of RESCANNED.entries()) {
      const before = await scans();
      expect(await answer(sql, s)).toEqual(expected[i]);
      counted.push((await scans()) - before);
    }
    // Each of its two reads once, and the one DELETE of both reads' rows after it.
    expect(counted).toEqual([3, 3, 3]);
    expect(await answer('rollback', s)).toEqual([]);
  });

  it('a set-returning SQL function Postgres would inline is read inline in a read-only block; with default_transaction_read_only on outside a block every reading function answers', async () => {
    await ok(
      engine,
      `create function public.ft_from(lo integer) returns setof public.ft language sql stable
         as $$ select * from public.ft where v >= lo $$;
       create function public.ft_pairs(lo integer, hi integer) returns table (id text, twice bigint)
         language sql stable as $$ select id, v * 2 from public.ft where v between lo and hi $$;
       create function public.ft_ids(lo integer) returns setof text language sql immutable
         as $$ select id from public.ft where v >= $1 $$;
       create function public.ft_strict(lo integer) returns setof text language sql stable strict
         as $$ select id from public.ft where v >= lo $$;
       create function public.ft_sum(lo integer) returns bigint language sql stable
         as $$ select sum(v) from public.ft where v >= lo $$;
       create function public.ft_between(lo integer, hi integer default 3) returns setof public.ft
         language sql stable as $$ select * from public.ft where v between lo and hi $$;
       create function public.ft_plpgsql(lo integer) returns setof text language plpgsql stable
         as $$ begin return query select id from public.ft where v >= lo; end $$`,
    );
    const INLINED = [
      'select * from public.ft_from(2) order by 1',
      'select f.id, f.v from public.ft_from(3) as f order by 1',
      'select x.a, x.b from public.ft_from(3) x(a, b) order by 1',
      'select * from public.ft_pairs(2, 3) order by 1',
      'select h.label, p.* from public.host_t h, public.ft_pairs(h.v, h.v + 1) p order by 1, 2',
      'select h.label, p.id from public.host_t h cross join lateral public.ft_pairs(h.v, 4) as p order by 1, 2',
      'select ft_ids from public.ft_ids(2) order by 1',
      "select i from public.ft_ids(1) i where i > 'a' order by 1",
      'select v, (select count(*) from public.ft_ids(h.v)) from public.host_t h order by 1',
      'select count(*) from public.ft_from(1) a join public.ft_ids(2) b on b = a.id',
      // Named arguments and defaults, as Postgres fills them in.
      'select id from public.ft_pairs(hi => 3, lo => 2) order by 1',
      'select id from public.ft_between(2) order by 1',
      'select h.v, b.id from public.host_t h, public.ft_between(hi => h.v + 1, lo => h.v) b order by 1, 2',
    ];
    const expected = await answers(INLINED, 'rw-inline');
    expect(expected.filter((e) => 'error' in e)).toEqual([]);
    expect(expected[3]).toEqual([
      ['b', '4'],
      ['c', '6'],
    ]);
    expect(expected[8]).toEqual([
      [1, '4'],
      [3, '2'],
    ]);
    const s = 'ro-inline';
    expect(await answer('begin read only', s)).toEqual([]);
    expect(await answers(INLINED, s)).toEqual(expected);
    expect(await answer('rollback', s)).toEqual([]);
    // What Postgres runs as a function, not inline, still cannot be copied: refused, at the call.
    for (const [sql, position] of [
      ['select * from public.ft_strict(2)', 15],
      ['select public.ft_sum(2)', 8],
      ['select * from public.ft_plpgsql(2)', 15],
      ['select * from public.ft_from(2) with ordinality', 15],
    ] as const) {
      expect(await answer('begin read only', s)).toEqual([]);
      const r = await engine.execute(sql, { session: s });
      expect({ sql, code: r.error?.sqlstate, position: r.error?.position }).toEqual({
        sql,
        code: '0A000',
        position,
      });
      expect(r.error?.hint).toMatch(/STABLE or IMMUTABLE, not STRICT/);
      expect(await answer('rollback', s)).toEqual([]);
    }

    // Outside a block with default_transaction_read_only on, the copies are made in a read-write
    // block of their own, as temp tables are (the host said 25006 cannot execute CREATE FUNCTION).
    const CALLS = [
      'select public.ft_sum(2)',
      'select * from public.ft_strict(3) order by 1',
      'select * from public.ft_plpgsql(3) order by 1',
      'select * from public.ft_from(3) order by 1',
    ];
    const called = await answers(CALLS, 'rw-inline');
    expect(called[0]).toEqual([['9']]);
    const d = 'ro-default-calls';
    expect(await answer('set default_transaction_read_only = on', d)).toEqual([]);
    expect(await answers(CALLS, d)).toEqual(called);
    expect(await answer('create table public.not_made (a int)', d)).toEqual({
      error: '25006 cannot execute CREATE TABLE in a read-only transaction',
    });
  });

  it('COPY TO over a read, in a read-only block and with default_transaction_read_only on', async () => {
    const copied = async (session: string) => {
      const chunks: Uint8Array[] = [];
      await engine.copyTo(
        'copy (select id, v, n::float8 from public.ft where v + 0 > 2 order by id) to stdout',
        {
          session,
          onChunk: (b) => void chunks.push(b),
        },
      );
      return Buffer.concat(chunks).toString();
    };
    const expected = 'c\t3\t1.2345678901234567e+19\nd\t4\t\\N\n';
    expect(await copied('rw-copy')).toBe(expected);
    expect(await answer('begin read only', 'ro-copy')).toEqual([]);
    expect(await copied('ro-copy')).toBe(expected);
    expect(await answer('commit', 'ro-copy')).toEqual([]);
    expect(await answer('set default_transaction_read_only = on', 'ro-copy')).toEqual([]);
    expect(await copied('ro-copy')).toBe(expected);
  });
});
