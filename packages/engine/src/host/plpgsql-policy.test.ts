import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { loadParser, parseOne } from '../parse/parse';
import { refuseUnsafeStatement } from './statement-policy';

beforeAll(loadParser);

const check = (text: string) => refuseUnsafeStatement(parseOne(text), text);

function refusal(text: string): EngineError {
  try {
    check(text);
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error(`not refused: ${text}`);
}

const fn = (body: string) =>
  `create function f(c text) returns setof int language plpgsql as $$\n${body}\n$$`;

describe('PL/pgSQL bodies', () => {
  it('allows static SQL of every kind', () => {
    for (const text of [
      fn(`declare t numeric := (select 1); r record; k refcursor;
          cur cursor (x text) for select * from orders where cid = x;
          begin
            select sum(total) into t from orders where cid = c;
            perform 1 from orders;
            t := t + (select count(*) from orders);
            if t > 0 then raise notice 'n %', (select count(*) from orders) using hint = 'h'; end if;
            for r in select * from orders where cid = c loop return next r.total::int; end loop;
            open k for select 1; close k; open cur('a'); close cur;
            return query select 1;
            insert into log values (c); update log set v = c; delete from log;
            call p(1);
            set search_path = public;
          end`),
      `do $$ begin perform 1; end $$`,
      `do language plpgsql $$ begin raise notice 'x'; end $$`,
      `create procedure p() language plpgsql as $$ begin commit; end $$`,
      `create function tg() returns trigger language plpgsql as $$ begin new.x := 1; return new; end $$`,
      `create or replace function f() returns int language plpgsql as 'begin return ''a''::text::int; end'`,
    ])
      expect(() => check(text), text).not.toThrow();
  });

  it('refuses every dynamic form with 42501 at its EXECUTE', () => {
    const forms: [string, string][] = [
      [`begin execute 'set session authorization postgres'; end`, 'EXECUTE'],
      [`declare r record; begin for r in execute 'select 1' loop end loop; end`, 'FOR ... IN EXECUTE'],
      [`declare k refcursor; begin open k for execute 'select 1'; end`, 'OPEN ... FOR EXECUTE'],
      [`begin return query execute 'select 1'; end`, 'RETURN QUERY EXECUTE'],
      [`begin if true then begin EXECUTE format('select %s', 1); end; end if; end`, 'EXECUTE'],
    ];
    for (const [body, construct] of forms) {
      const text = fn(body);
      const e = refusal(text);
      expect(e.sqlstate, body).toBe('42501');
      expect(e.message, body).toContain(`PL/pgSQL's ${construct} is not allowed`);
      expect(e.hint, body).toContain('static SQL');
      expect(text.slice(e.position! - 1, e.position! - 1 + 7).toLowerCase(), body).toBe('execute');
    }
    const e = refusal(`do $$ begin execute 'reset session authorization'; end $$`);
    expect([e.sqlstate, e.position]).toEqual(['42501', 13]);
  });

  it('checks the static SQL as the user’s own, at its place in the body', () => {
    for (const body of [
      'begin set session authorization postgres; end',
      'begin reset session_authorization; end',
      "begin set local session_authorization = 'postgres'; end",
      "begin create function g() returns void language plpgsql as $g$ begin execute 'x'; end $g$; end",
      'begin create function g() returns void language sql as $g$ reset session authorization $g$; end',
      "begin alter function g() set session_authorization = 'postgres'; end",
    ]) {
      const text = fn(body);
      const e = refusal(text);
      expect(e.sqlstate, body).toBe('42501');
      expect(e.position, body).toBeGreaterThan(text.indexOf('begin'));
    }
    const text = fn('begin\n  perform 1;\n  set session authorization postgres;\nend');
    const e = refusal(text);
    expect(e.message).toBe('permission denied to set session authorization');
    // On the statement's line (at what refuseUnsafeStatement points to in it).
    const line = text.indexOf('  set session');
    expect(e.position! - 1).toBeGreaterThanOrEqual(line);
    expect(e.position! - 1).toBeLessThan(text.indexOf('\nend'));
    expect(refusal('create extension x').sqlstate).toBe('42501');
  });

  it('refuses session_authorization in ALTER ROLE / DATABASE / SYSTEM ... SET, alone or in a body', () => {
    // Their VariableSetStmt is a plain field, not a node: these passed the check before.
    for (const text of [
      "alter role dynascope_user set session_authorization = 'postgres'",
      "alter role dynascope_user in database postgres set session_authorization to 'postgres'",
      "alter database postgres set session_authorization = 'postgres'",
      "alter system set session_authorization = 'postgres'",
      fn("begin alter role dynascope_user set session_authorization = 'postgres'; end"),
    ])
      expect(refusal(text).message, text).toBe('permission denied to set session authorization');
    check("alter role dynascope_user set work_mem = '8MB'");
    check('alter role dynascope_user reset all');
  });

  it('refuses what it cannot read: 42601 for Postgres’s syntax errors, 42501 where the catalog is needed', () => {
    expect(refusal(fn('begin selec 1; end')).sqlstate).toBe('42601');
    expect(refusal(fn(`begin raise notice '%', (1 +; end`)).message).toContain('mismatched parentheses');
    const e = refusal(fn('declare r orders%rowtype; begin r.cid := 1; end'));
    expect(e.sqlstate).toBe('42501');
    expect(e.hint).toContain('record');
  });
});
