import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { BACKENDS, fails, ok, rows } from '../support/harness';
import { openTwinOrders, sameRows } from '../support/twin-orders';

/**
 * Issue 12: PL/pgSQL functions, procedures and DO blocks over foreign tables run as in Postgres, and
 * their dynamic SQL is refused (it could act as the host's superuser). The same rows are in foreign
 * tables (schema `d`) and host tables (schema `l`), with the same functions over each: every call over
 * `d` must return what it returns over `l`.
 */
const FUNCTIONS = (s: 'd' | 'l') => `
  create function ${s}.sum_total() returns numeric language plpgsql stable as $$
    declare t numeric;
    begin
      select sum(total) into t from ${s}.orders;
      return t;
    end $$;
  create function ${s}.loop_total(c text, floor numeric default 0) returns text language plpgsql as $$
    declare r record; n int := 0; acc numeric := 0;
    begin
      for r in select oid, total from ${s}.orders where cid = c and total >= floor order by oid loop
        n := n + 1;
        acc := acc + r.total;
      end loop;
      return n || ':' || acc;
    end $$;
  create function ${s}.orders_table(c text) returns table (oid numeric, total numeric) language plpgsql as $$
    begin
      return query select o.oid, o.total from ${s}.orders o where o.cid = c and o.status = 'open';
      return query select -1::numeric, count(*)::numeric from ${s}.customers;
    end $$;
  create function ${s}.status_of(c text) returns text language plpgsql as $$
    declare n bigint;
    begin
      perform 1 from ${s}.customers where id = c;
      if not found then return 'unknown'; end if;
      n := (select count(*) from ${s}.orders where cid = c);
      if n > (select count(*) / 4 from ${s}.orders) then return 'busy'; end if;
      return 'quiet ' || n;
    end $$;
  create function ${s}.via_sql(c text) returns bigint language sql as $$ select count(*) from ${s}.orders where cid = c $$;
  create function ${s}.calls_sql(c text) returns bigint language plpgsql as $$
    begin return ${s}.via_sql(c) * 10; end $$;
  create function ${s}.first_total(c text) returns numeric language plpgsql as $$
    declare r ${s}.orders%rowtype;
    begin
      select * into strict r from ${s}.orders where cid = c order by oid limit 1;
      return r.total;
    end $$;
  create function ${s}.cursor_count(c text) returns int language plpgsql as $$
    declare
      cur cursor (k text) for select oid from ${s}.orders where cid = k and status = 'open';
      n int := 0;
    begin
      for r in cur(c) loop n := n + 1; end loop;
      return n;
    end $$;
  create table ${s}.tally (name text, n numeric);
  create procedure ${s}.record_total(c text) language plpgsql as $$
    begin
      insert into ${s}.tally select c, sum(total) from ${s}.orders where cid = c;
    end $$;
  create procedure ${s}.tally_each(c text) language plpgsql as $$
    declare r record;
    begin
      for r in select oid, total from ${s}.orders where cid = c order by oid loop
        insert into ${s}.tally values (c || '#' || r.oid, r.total);
        commit;
      end loop;
    end $$;`;

const CALLS = [
  `select {s}.sum_total()`,
  `select {s}.loop_total('c1'), {s}.loop_total('c2', 10), {s}.loop_total('nobody')`,
  `select id, {s}.loop_total(id) from {s}.customers order by id`,
  `select * from {s}.orders_table('c1') order by oid`,
  `select c.id, t.total from {s}.customers c, lateral {s}.orders_table(c.id) t where t.oid >= 0 order by 1, 2`,
  `select {s}.status_of('c1'), {s}.status_of('c4'), {s}.status_of('zz')`,
  `select {s}.calls_sql('c2')`,
  `select {s}.first_total('c3'), {s}.cursor_count('c1'), {s}.cursor_count('c4')`,
];

describe.each(BACKENDS)('PL/pgSQL over foreign tables on %s', (backend) => {
  let engine: Engine;
  const same = (sql: string) => sameRows(engine, sql);

  beforeAll(async () => {
    engine = await openTwinOrders(backend, FUNCTIONS);
  });
  afterAll(() => engine?.close());

  it.each(CALLS)('%s', async (sql) => {
    const d = await same(sql);
    expect(d.length).toBeGreaterThan(0);
  });

  it('sums a foreign column as Postgres does, the read in the plan', async () => {
    const [s] = await ok(engine, 'select d.sum_total()');
    expect(s!.rows).toEqual(await rows(engine, 'select sum(total) from l.orders'));
    expect(s!.plan!.scans.map((x) => x.relation)).toEqual(['d.orders']);
  });

  it('a DO block reads one and RAISEs NOTICE the count', async () => {
    const block = (s: string) => `do $$
      declare n bigint;
      begin
        select count(*) into n from ${s}.orders where status = 'open';
        raise notice 'open orders: %', n;
      end $$`;
    const [d] = await ok(engine, block('d'));
    const [l] = await ok(engine, block('l'));
    expect(d!.notices.join('\n')).toContain('open orders: 22');
    expect(d!.notices).toEqual(l!.notices);
    expect(d!.plan!.scans[0]).toMatchObject({ relation: 'd.orders', pushed: ["status = 'open'"] });
  });

  it('procedures that read a foreign table, by CALL, writing to a host table (one COMMITs each row)', async () => {
    for (const s of ['d', 'l'])
      await ok(engine, `call ${s}.record_total('c2'); call ${s}.record_total('c3')`);
    const d = await same('select name, n from {s}.tally order by name');
    expect(d).toHaveLength(2);
    // COMMIT inside the procedure's loop, as Postgres allows a CALL outside a transaction block.
    for (const s of ['d', 'l']) await ok(engine, `call ${s}.tally_each('c1')`);
    expect(await same(`select name, n from {s}.tally where name like 'c1#%' order by n, name`)).toHaveLength(
      10,
    );
  });

  it('a write to a foreign table inside a body is a clear 0A000 at the call, nothing written', async () => {
    await ok(
      engine,
      `create function d.add_order(c text) returns void language plpgsql as $$
         begin insert into d.orders values (c, 999, 1, 'open'); end $$;
       create procedure d.drop_orders() language plpgsql as $$ begin delete from d.orders; end $$`,
    );
    for (const sql of [
      `select d.add_order('c1')`,
      'call d.drop_orders()',
      `do $$ begin update d.orders set total = 0; end $$`,
    ]) {
      const e = await fails(engine, sql);
      expect(e.sqlstate, sql).toBe('0A000');
      expect(e.message, sql).toContain('cannot write to foreign table "orders"');
    }
    await same('select count(*), sum(total) from {s}.orders');
  });

  it('where the engine cannot give a body its reads, a clear error, never a wrong answer', async () => {
    // The compiler builds a simple CASE's WHEN tests itself: text the body does not hold.
    await ok(
      engine,
      `create function d.case_of(n int) returns text language plpgsql as $$
         begin case n when (select count(*) from d.orders) then return 'all'; else return 'some'; end case; end $$`,
    );
    const e = await fails(engine, 'select d.case_of(1)');
    expect(e.sqlstate).toBe('0A000');
    expect(e.message).toContain('cannot read foreign tables here (line 2 of the body)');
    // A trigger's call is the host's: its read of a foreign table is the wrapper's 55000.
    await ok(
      engine,
      `create table public.noted (n bigint);
       create function public.note() returns trigger language plpgsql as $$
         begin new.n := (select count(*) from d.orders); return new; end $$;
       create trigger noted_count before insert on public.noted for each row execute function public.note()`,
    );
    const t = await fails(engine, 'insert into public.noted values (0)');
    expect(t.sqlstate).toBe('55000');
    expect(await rows(engine, 'select count(*) from public.noted')).toEqual([['0']]);
  });

  it('refuses every dynamic form with 42501 at its EXECUTE, and nothing else changes', async () => {
    const bodies = [
      `begin execute 'set session authorization postgres'; return 1; end`,
      `declare r record; begin for r in execute 'select 1' loop end loop; return 1; end`,
      `declare k refcursor; begin open k for execute 'select 1'; return 1; end`,
    ];
    for (const body of bodies) {
      const sql = `create function d.evil() returns int language plpgsql as $$ ${body} $$`;
      const e = await fails(engine, sql);
      expect(e.sqlstate, body).toBe('42501');
      expect(sql.slice(e.position! - 1, e.position! + 6).toLowerCase(), body).toBe('execute');
      expect(e.hint, body).toContain('static SQL');
    }
    const setof = `create function d.evil() returns setof int language plpgsql as $$ begin return query execute 'select 1'; end $$`;
    expect((await fails(engine, setof)).message).toContain('RETURN QUERY EXECUTE');
    const block = `do $$ begin execute 'reset session authorization'; end $$`;
    expect((await fails(engine, block)).position).toBe(block.indexOf('execute') + 1);
    expect(await rows(engine, `select count(*) from pg_proc where proname = 'evil'`)).toEqual([['0']]);
    expect(await rows(engine, 'select current_user, session_user')).toEqual([
      ['dynascope_user', 'dynascope_user'],
    ]);
  });

  it('SET SESSION AUTHORIZATION in a body, a function SET clause or ALTER FUNCTION is refused', async () => {
    for (const sql of [
      `create function d.evil() returns int language plpgsql as $$ begin set session authorization postgres; return 1; end $$`,
      `create or replace function d.sum_total() returns numeric language plpgsql as $$ begin reset session authorization; return 1; end $$`,
      `create procedure d.evil() language plpgsql as $$ begin create function pg_temp.g() returns void language plpgsql as $g$ begin execute 'x'; end $g$; end $$`,
      `alter function d.sum_total() set session_authorization = 'postgres'`,
      `create function d.evil() returns int language plpgsql set session_authorization = 'postgres' as $$ begin return 1; end $$`,
    ]) {
      const e = await fails(engine, sql);
      expect(e.sqlstate, sql).toBe('42501');
    }
    // CREATE OR REPLACE of an existing function: the checked body replaces it.
    await ok(
      engine,
      `create or replace function d.sum_total() returns numeric language plpgsql stable as $$
         begin return (select sum(total) from d.orders); end $$`,
    );
    await same('select {s}.sum_total()');
  });

  it("set_config in a body follows SET's rule: session_authorization refused at CREATE (42501), search_path set", async () => {
    const e = await fails(
      engine,
      `create function d.try_config() returns text language plpgsql as $$
         begin return set_config('session_authorization', 'postgres', false); end $$`,
    );
    expect(e).toMatchObject({ sqlstate: '42501', message: 'permission denied to set session authorization' });
    expect(await rows(engine, 'select current_user, session_user')).toEqual([
      ['dynascope_user', 'dynascope_user'],
    ]);
    await ok(
      engine,
      `create function d.path_config() returns text language plpgsql as $$
         begin return set_config('search_path', 'd, public', true); end $$`,
    );
    expect(await rows(engine, "select d.path_config(), current_setting('search_path')")).toEqual([
      ['d, public', 'd, public'],
    ]);
  });

  it('built-ins that run SQL text cannot SET anything', async () => {
    // The engine checks the SQL text they run as a body's (host/sql-text-calls.ts); in the host,
    // query_to_xml runs its text read-only (SPI), ts_stat and ts_rewrite as a cursor: Postgres refuses a SET too.
    for (const [sql, sqlstate] of [
      [`select query_to_xml('set session authorization postgres', true, false, '')`, '42501'],
      [`select ts_stat('set session authorization postgres')`, '42501'],
      [`select ts_rewrite('a & b'::tsquery, 'reset session authorization')`, '42501'],
      [`do $$ begin perform query_to_xml('reset session authorization', true, false, ''); end $$`, '42501'],
      [`select query_to_xml('set search_path = public', true, false, '')`, '0A000'],
      [`select ts_stat('set search_path = public')`, '42P11'],
    ]) {
      const e = await fails(engine, sql!);
      expect(e.sqlstate, `${sql}: ${e.message}`).toBe(sqlstate);
      expect(await rows(engine, 'select current_user, session_user'), sql).toEqual([
        ['dynascope_user', 'dynascope_user'],
      ]);
    }
  });

  it('a trigger function on a host table runs (its body checked at CREATE)', async () => {
    await ok(
      engine,
      `create table public.audited (v int, doubled int);
       create function public.double_it() returns trigger language plpgsql as $$
         begin new.doubled := new.v * 2; return new; end $$;
       create trigger audited_double before insert on public.audited for each row execute function public.double_it();
       insert into public.audited (v) values (4), (21)`,
    );
    expect(await rows(engine, 'select v, doubled from public.audited order by v')).toEqual([
      [4, 8],
      [21, 42],
    ]);
    const e = await fails(
      engine,
      `create function public.evil_trigger() returns trigger language plpgsql as $$
         begin execute 'set session authorization postgres'; return new; end $$`,
    );
    expect(e.sqlstate).toBe('42501');
  });
});
