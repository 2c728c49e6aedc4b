import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createDocServer,
  createTable,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * PREPARE / EXECUTE of statements the engine keeps (over foreign tables) as PostgreSQL 15 does them:
 * the declared parameter types are the ones the query is analysed with; EXECUTE coerces each argument
 * as an assigned value (run/execute-arguments.ts), refusing what Postgres refuses with its words; and
 * `custom_plans` counts the EXECUTEs and EXPLAIN EXECUTEs planned. Both hosts behave the same; the
 * coercions are checked against the host's own EXECUTE of a statement it keeps.
 */
describe('EXECUTE arguments of statements the engine keeps', () => {
  let engine: Engine;
  const table = uniqueName('execute_args');
  const session = 'args';

  const run = async (sql: string) => {
    const r = await engine.execute(sql, { session, pageSize: 10_000 });
    if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message} (${sql})`);
    return r.statements.at(-1)!;
  };
  const rows = async (sql: string) => (await run(sql)).rows;
  const fails = async (sql: string) => {
    const r = await engine.execute(sql, { session });
    if (!r.error) throw new Error(`expected an error from ${sql}`);
    return r.error;
  };
  const customPlans = async (name: string) =>
    (await rows(`select custom_plans from pg_prepared_statements where name = '${name}'`))[0]![0];

  beforeAll(async () => {
    const client = clientOf('dynalite');
    await createTable(client, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: 6 }, (_, i) => ({ pk: { S: i < 3 ? 'a' : 'b' }, sk: { N: String(i) } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
    await run(
      `create foreign table public.arg_items (pk text, sk bigint) server dynamodb_server options (table '${table}', rowid_column 'pk');
       create type public.arg_mood as enum ('calm', 'glad');
       create domain public.arg_positive as int check (value > 0)`,
    );
  });
  afterAll(() => engine?.close());

  it('analyses the query with the declared parameter types: a parameter nothing around it types is typed', async () => {
    // Without them the host could not tell $1's type: 42P18 at PREPARE, where Postgres accepts it.
    await run(
      `prepare pi (int) as select sk from arg_items where pk = 'a' and $1 is not null order by sk;
       prepare pm (arg_mood) as select sk from arg_items where pk = 'a' and $1 is not null order by sk limit 1;
       prepare pv (int) as select $1 as v from arg_items where pk = 'a' limit 1`,
    );
    expect(
      await rows(
        "select name, parameter_types::text[] from pg_prepared_statements where name in ('pi', 'pm', 'pv') order by name",
      ),
    ).toEqual([
      ['pi', '{integer}'],
      ['pm', '{arg_mood}'],
      ['pv', '{integer}'],
    ]);
    expect(await rows('execute pi(1)')).toEqual([['0'], ['1'], ['2']]);
    expect(await rows('execute pi(null)')).toEqual([]);
    expect(await rows("execute pm('calm')")).toEqual([['0']]);
    const v = await run('execute pv(7)');
    expect([v.columns.map((c) => c.type), v.rows]).toEqual([['integer'], [[7]]]);
    await run('deallocate pi; deallocate pm; deallocate pv');
  });

  it('names a select-list parameter as Postgres does: ?column? alone, its alias or its cast otherwise', async () => {
    const sql = `select $1, $1 as named, $1::text, s.x from (select $2) s(x) join arg_items on true where pk = 'a' limit 1`;
    await run(`prepare names (int, text) as ${sql}`);
    const names = (await run("execute names(7, 'b')")).columns.map((c) => c.name);
    // The host's own names for the same statement over a local table.
    await run(
      `prepare host_names (int, text) as ${sql.replace('arg_items', '(select 1) l(pk)').replace("pk = 'a'", 'true')}`,
    );
    expect(names).toEqual((await run("execute host_names(7, 'b')")).columns.map((c) => c.name));
    expect(names).toEqual(['?column?', 'named', 'text', 'x']);
    await run('deallocate names; deallocate host_names');
  });

  it('refuses an argument its parameter’s type does not take by assignment, as Postgres does', async () => {
    await run(
      `prepare e (int) as select sk from arg_items where pk = 'a' and sk = $1;
       prepare two (text, int) as select $1 as t, sk from arg_items where pk = 'a' and sk = $2;
       prepare mood (arg_mood) as select sk from arg_items where pk = 'a' and $1::text <> 'sad' limit 1`,
    );
    const refused = (n: number, from: string, to: string) => ({
      sqlstate: '42804',
      message: `parameter $${n} of type ${from} cannot be coerced to the expected type ${to}`,
      hint: 'You will need to rewrite or cast the expression.',
    });
    for (const [sql, n, from, to, at] of [
      ['execute e(true)', 1, 'boolean', 'integer', 'true'],
      ["execute e('1'::text)", 1, 'text', 'integer', "'1'"],
      ['execute e(now())', 1, 'timestamp with time zone', 'integer', 'now'],
      // Arguments are checked in order: a text argument goes to a text parameter whatever it is.
      ['execute two(true, false)', 2, 'boolean', 'integer', 'false'],
      ["execute mood('calm'::text)", 1, 'text', 'arg_mood', "'calm'"],
      // EXPLAIN EXECUTE binds them as EXECUTE does; the position is in the EXPLAIN.
      ['explain execute e(true)', 1, 'boolean', 'integer', 'true'],
    ] as const)
      expect(await fails(sql), sql).toMatchObject({
        ...refused(n, from, to),
        position: sql.indexOf(at) + 1,
      });
    // What an assignment takes: an assignment or implicit cast (numeric → int4 rounds), an untyped
    // literal, I/O to a string type, a domain's base.
    expect(await rows('execute e(1.5)')).toEqual([['2']]);
    expect(await rows('execute e(1::int8)')).toEqual([['1']]);
    // The assignment's cast fails out of the parameter type's range, never compared as a wider number.
    for (const execute of ['execute e(2147483648)', 'execute e(2147483648::int8)'])
      expect(await fails(execute), execute).toMatchObject({
        sqlstate: '22003',
        message: 'integer out of range',
      });
    expect(await rows("execute e('1')")).toEqual([['1']]);
    expect(await rows('execute e(1::arg_positive)')).toEqual([['1']]);
    expect(await rows('execute two(true, 0)')).toEqual([['true', '0']]);
    expect(await rows("execute two(pg_catalog.pi(), '2')")).toEqual([['3.141592653589793', '2']]);
    expect(await rows("execute mood('glad')")).toEqual([['0']]);
    // A constant argument is still the plan's constant: the item's key, read by GetItem.
    for (const execute of ['execute e(1)', "execute e('1')", 'execute e(1::int8)'])
      expect((await rows(`explain ${execute}`)).map((r) => r[0]).join('\n'), execute).toMatch(
        /GetItem(.*\n)*\s*Key Condition: pk = 'a' AND sk = 1\n/,
      );
    expect(await fails('execute e(1, 2)')).toMatchObject({
      sqlstate: '42601',
      message: 'wrong number of parameters for prepared statement "e"',
      detail: 'Expected 1 parameters but got 2.',
    });
    await run('deallocate e; deallocate two; deallocate mood');
  });

  it('refuses what Postgres refuses in an EXECUTE parameter, with its words and position', async () => {
    // The host keeps `hx` (no foreign table), the engine `fx` and `fy`; each EXECUTE of `fx` must fail
    // as the host's own EXECUTE of `hx` with the same arguments (the names have the same length).
    await run(
      `prepare hx (int, int) as select $1, $2;
       prepare fx (int, int) as select $1, $2 from arg_items where pk = 'a' and sk = 0;
       prepare hy (int) as select $1;
       prepare fy (int) as select $1 from arg_items where pk = 'a' and sk = 0`,
    );
    const error = async (sql: string) => {
      const { sqlstate, message, position } = await fails(sql);
      return { sqlstate, message, position };
    };
    for (const args of [
      '(select 1), 2',
      '1, (select 1)',
      'count(*), 2',
      '1, sum(1) + (select 1)',
      'sum((select 1)), 2',
      '1 + (select 1), count(*)',
      'count(*), (select 1)',
      'row_number() over (), 1',
      'generate_series(1, 2), 1',
      '1, coalesce(1, generate_series(1, 2))',
      'grouping(1), 1',
      'abs(count(*)), 1',
      'exists(select 1)::int, 1',
      '1 in (select 1)::int, 1',
      "1, 'abc'",
      "'1', ' 2x'",
      'nope(1), 2',
      'x, 1',
      // Each argument is type-checked before the next is looked at (review, helper-96).
      'true, count(*)',
      'true, (select 1)',
      'true, nope()',
      'x, (select 1)',
      "'abc'::nosuchtype, (select 1)",
      // A subquery in an aggregate's FILTER or a window's OVER: the call is refused first.
      'count(*) filter (where (select true)), 1',
      'row_number() over (order by (select 1)), 1',
      // SQL/JSON's aggregates (a syntax error before PostgreSQL 16: the same one).
      "(json_arrayagg(1)::text = '[1]')::int, 1",
    ]) {
      const host = await error(`execute hx(${args})`);
      expect(await error(`execute fx(${args})`), args).toEqual(host);
      expect(await error(`explain execute fx(${args})`), args).toEqual({
        ...host,
        position: host.position! + 'explain '.length,
      });
    }
    expect(await error('execute fy(count(*))')).toEqual(await error('execute hy(count(*))'));
    // A comment ending an argument is not spliced with it; `$01` is `$1`.
    expect(await rows('execute fx(1 -- one\n, abs(-2) /* two */)')).toEqual([[1, 2]]);
    await run("prepare fz (int) as select $01 + 1 from arg_items where pk = 'a' and sk = 0");
    expect(await rows('execute fz(5)')).toEqual([[6]]);
    // A subquery or an aggregate spliced in would change the statement; what the host takes, the engine runs.
    expect(await rows('execute fy(abs(-3))')).toEqual([[3]]);
    await run('deallocate hx; deallocate fx; deallocate hy; deallocate fy; deallocate fz');
  });

  it('coerces as the host’s own EXECUTE does, for every pair of a set of types', async () => {
    const types = [
      'boolean',
      'smallint',
      'integer',
      'bigint',
      'numeric',
      'double precision',
      'text',
      'character varying',
      'date',
      'timestamp with time zone',
      'jsonb',
      'integer[]',
      'bigint[]',
      'text[]',
      'arg_mood',
      'arg_positive',
    ];
    const outcome = async (sql: string) => {
      const r = await engine.execute(sql, { session });
      return r.error ? `${r.error.sqlstate} ${r.error.message}` : 'ok';
    };
    const differ: string[] = [];
    for (const [i, target] of types.entries()) {
      // The host keeps `h` (no foreign table), the engine `f`.
      await run(
        `prepare h${i} (${target}) as select $1 is null;
         prepare f${i} (${target}) as select $1::text is null from arg_items where pk = 'a' limit 1`,
      );
      for (const source of types) {
        const [host, ours] = [
          await outcome(`execute h${i}(null::${source})`),
          await outcome(`execute f${i}(null::${source})`),
        ];
        if (host !== ours) differ.push(`${source} → ${target}: host ${host}, engine ${ours}`);
      }
      await run(`deallocate h${i}; deallocate f${i}`);
    }
    expect(differ).toEqual([]);
  });

  it('evaluates an argument that calls a volatile function once, before the statement runs, as Postgres does', async () => {
    const seq = "nextval('public.vol_seq')";
    const hostSeq = "nextval('public.vol_host_seq')";
    await run(
      `create sequence public.vol_seq start 2;
       create sequence public.vol_host_seq start 2;
       create table public.vol_local as select pk, sk from arg_items;
       create function public.vol_max_sk() returns bigint language sql as 'select max(sk) from public.arg_items';
       create function public.vol_next() returns bigint language sql as 'select nextval(''public.vol_seq'')';
       create function public.vol_host_next() returns bigint language sql as 'select nextval(''public.vol_host_seq'')';
       prepare vol_two (bigint, bigint) as select $1, $2 from arg_items where pk = 'a' and sk = 0;
       prepare host_vol_two (bigint, bigint) as select $1, $2 from vol_local where pk = 'a' and sk = 0;
       prepare vol_ge (bigint) as select sk from arg_items where sk >= $1 order by sk;
       prepare host_vol_ge (bigint) as select sk from vol_local where sk >= $1 order by sk;
       prepare vol_twice (bigint) as select $1 as a, $1 as b from arg_items where pk = 'a' and sk = 0;
       prepare host_vol_twice (bigint) as select $1 as a, $1 as b from vol_local where pk = 'a' and sk = 0;
       prepare vol_key (bigint) as select sk from arg_items where pk = 'b' and sk = $1;
       prepare vol_pair (bigint, float8) as select $1, $2 from arg_items where pk = 'a' and sk = 0;
       prepare host_vol_pair (bigint, float8) as select $1, $2 from vol_local where pk = 'a' and sk = 0;
       prepare vol_any (bigint[]) as select sk from arg_items where sk = any ($1) order by sk;
       prepare host_vol_any (bigint[]) as select sk from vol_local where sk = any ($1) order by sk;
       prepare vol_sum (float8) as select $1 = 0.1::float8 + 0.2::float8 from arg_items where pk = 'a' and sk = 0;
       prepare vol_now (timestamptz) as select $1 = now() from arg_items where pk = 'a' and sk = 0`,
    );
    try {
      // Spliced as written, nextval ran once per item the filter checked, and fewer rows than Postgres's [2, 3, 4, 5] came back.
      expect(await rows(`execute vol_ge(${seq})`)).toEqual(await rows(`execute host_vol_ge(${hostSeq})`));
      expect(await rows(`execute vol_ge(${seq} + 0)`)).toEqual(
        await rows(`execute host_vol_ge(${hostSeq} + 0)`),
      );
      expect(await rows("select currval('public.vol_seq'), currval('public.vol_host_seq')")).toEqual([
        ['3', '3'],
      ]);
      // One $n twice: one value.
      expect(await rows(`execute vol_twice(${seq})`)).toEqual(
        await rows(`execute host_vol_twice(${hostSeq})`),
      );
      expect(await rows(`execute vol_twice(${seq})`)).toEqual([['5', '5']]);
      // The value is a constant DynamoDB is asked for: a read by key, not a filter evaluated per item.
      await run("select setval('public.vol_seq', 3)");
      const k = await run(`execute vol_key(${seq})`);
      expect([k.rows, k.plan?.scans.map((s) => s.operation)]).toEqual([[['4']], ['GetItem']]);
      // EXPLAIN EXECUTE evaluates them too (Postgres's ExplainExecuteQuery); a plan the workbench asks
      // for before running (nothing run) does not.
      await run(`explain execute vol_key(${seq})`);
      expect((await engine.explain(`execute vol_key(${seq})`, { session })).error).toBeUndefined();
      expect(await rows("select currval('public.vol_seq')")).toEqual([['5']]);
      // An evaluation that fails fails before anything is planned, as Postgres's does.
      const plans = await customPlans('vol_ge');
      const division = await fails(`execute vol_ge(${seq} / 0)`);
      const hostDivision = await fails(`execute host_vol_ge(${hostSeq} / 0)`);
      expect([division.sqlstate, division.message]).toEqual(['22012', 'division by zero']);
      expect([hostDivision.sqlstate, hostDivision.message, hostDivision.position]).toEqual([
        division.sqlstate,
        division.message,
        division.position === undefined ? undefined : division.position + 'host_'.length,
      ]);
      expect(await customPlans('vol_ge')).toBe(plans);
      // A row expanded by .* stays as written: the host refuses it as its own EXECUTE does, before
      // anything is evaluated.
      const star = `(${seq}, (row(1, 0)).*)`;
      const before = await rows("select currval('public.vol_seq')");
      const refused = await fails(`execute vol_pair${star}`);
      const host = await fails(`execute host_vol_pair${star}`);
      expect(refused).toMatchObject({
        sqlstate: '0A000',
        message: 'row expansion via "*" is not supported here',
      });
      expect(host).toMatchObject({ sqlstate: refused.sqlstate, message: refused.message });
      expect(refused.position! - 'execute vol_pair'.length).toBe(
        host.position! - 'execute host_vol_pair'.length,
      );
      expect(await rows("select currval('public.vol_seq')")).toEqual(before);
      // In order: an argument evaluated apart never runs before an earlier one that stays as written.
      await run("select setval('public.vol_seq', 20), setval('public.vol_host_seq', 20)");
      expect(await rows(`execute vol_two(public.vol_next(), currval('public.vol_seq'))`)).toEqual(
        await rows(`execute host_vol_two(public.vol_host_next(), currval('public.vol_host_seq'))`),
      );
      expect(await rows(`execute vol_two(public.vol_next(), currval('public.vol_seq'))`)).toEqual([
        ['22', '22'],
      ]);
      // Postgres coerces and folds every argument before it evaluates any: one it refuses then leaves
      // the sequence as it was.
      for (const [bad, sqlstate] of [
        [`execute vol_pair(${seq}, 'abc')`, '22P02'],
        [`execute vol_pair(${seq}, 1 / 0)`, '22012'],
        [`execute vol_pair('abc', ${seq})`, '22P02'],
      ] as const) {
        const at = await rows("select currval('public.vol_seq')");
        expect([bad, (await fails(bad)).sqlstate]).toEqual([bad, sqlstate]);
        expect([bad, await rows("select currval('public.vol_seq')")]).toEqual([bad, at]);
      }
      // An array of such values: one value, evaluated once (each nextval called once).
      await run("select setval('public.vol_seq', 1), setval('public.vol_host_seq', 1)");
      expect(await rows(`execute vol_any(array[${seq}, ${seq} + 10])`)).toEqual([['2']]);
      expect(await rows(`execute host_vol_any(array[${hostSeq}, ${hostSeq} + 10])`)).toEqual([['2']]);
      expect(await rows("select currval('public.vol_seq'), currval('public.vol_host_seq')")).toEqual([
        ['3', '3'],
      ]);
      // What stays as written: a user's function (this one reads the foreign table), a stable call (now()
      // is the statement's transaction's), and a float whose text would round it (extra_float_digits 0).
      // An argument that calls one beside them stays as written whole.
      expect(await rows('execute vol_key(public.vol_max_sk())')).toEqual([['5']]);
      expect(await rows('execute vol_key(public.vol_max_sk() + (random() * 0)::bigint)')).toEqual([['5']]);
      expect(await rows('execute vol_now(now())')).toEqual([[true]]);
      expect(await rows("execute vol_now(now() + random() * interval '0')")).toEqual([[true]]);
      expect(await rows("execute vol_now('now'::timestamptz + random() * interval '0')")).toEqual([[true]]);
      await run('set extra_float_digits = 0');
      expect(await rows('execute vol_sum(0.1::float8 + 0.2::float8 + random() * 0)')).toEqual([[true]]);
    } finally {
      await run(
        `reset extra_float_digits;
         deallocate vol_ge; deallocate host_vol_ge; deallocate vol_twice; deallocate host_vol_twice;
         deallocate vol_key; deallocate vol_pair; deallocate host_vol_pair; deallocate vol_any; deallocate host_vol_any; deallocate vol_sum; deallocate vol_now;
         drop function public.vol_max_sk(); drop function public.vol_next(); drop function public.vol_host_next(); deallocate vol_two; deallocate host_vol_two; drop table public.vol_local;
         drop sequence public.vol_seq; drop sequence public.vol_host_seq`,
      );
    }
  });

  it('counts in custom_plans the EXECUTEs and EXPLAIN EXECUTEs planned, as PostgreSQL 15 does', async () => {
    await run(
      `prepare c (int) as select sk from arg_items where pk = 'a' and sk = $1;
       prepare z (int) as select sk / $1 from arg_items where pk = 'a'`,
    );
    await run('execute c(1)');
    expect(await customPlans('c')).toBe('1');
    // Arguments that do not bind — a literal its parameter's input refuses, the wrong number of them:
    // nothing is planned.
    for (const bad of ["execute c('x')", 'execute c(1, 2)', "explain execute c('x')"]) await fails(bad);
    expect(await customPlans('c')).toBe('1');
    // EXPLAIN EXECUTE plans it, with ANALYZE or not.
    await run('explain execute c(1)');
    await run('explain analyze execute c(1)');
    expect(await customPlans('c')).toBe('3');
    // Nor does an argument of a type its parameter does not take.
    for (const bad of ['execute c(true)', 'explain execute c(true)']) await fails(bad);
    expect(await customPlans('c')).toBe('3');
    // A statement planned whose run then fails counts.
    expect(await fails('execute z(0)')).toMatchObject({ sqlstate: '22012' });
    expect(await customPlans('z')).toBe('1');
    await run('deallocate c; deallocate z');
  });
});
