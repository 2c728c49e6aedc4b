import { describe, expect, it } from 'vitest';
import { statementShape } from './statement-kind';
import { needsQuotes, quoteIdent, quoteLiteral } from './identifiers';

describe('statementShape', () => {
  it('reads the command and top-level WHERE', () => {
    expect(statementShape('select * from t')).toEqual({
      command: 'SELECT',
      hasWhere: false,
      write: null,
      reach: 'plan',
    });
    expect(statementShape('DELETE FROM t')).toEqual({
      command: 'DELETE',
      hasWhere: false,
      write: { command: 'DELETE', hasWhere: false },
      reach: 'plan',
    });
    expect(statementShape("update t set a = 1 where id = 'x'")).toEqual({
      command: 'UPDATE',
      hasWhere: true,
      write: { command: 'UPDATE', hasWhere: true },
      reach: 'plan',
    });
  });
  it('ignores WHERE inside subqueries, strings and comments', () => {
    expect(statementShape('delete from t using (select 1 where true) s').hasWhere).toBe(false);
    expect(statementShape("update t set note = 'where'").hasWhere).toBe(false);
    expect(statementShape('delete from t -- where id = 1').hasWhere).toBe(false);
  });
  it('looks past a WITH clause', () => {
    expect(statementShape('with x as (select 1 where true) delete from t')).toEqual({
      command: 'DELETE',
      hasWhere: false,
      write: { command: 'DELETE', hasWhere: false },
      reach: 'plan',
    });
  });
  it("finds a data-modifying WITH query's write and its WHERE", () => {
    expect(
      statementShape("with u as (update t set n = 1 where id = 'a' returning *) select * from u"),
    ).toEqual({
      command: 'SELECT',
      hasWhere: false,
      write: { command: 'UPDATE', hasWhere: true },
      reach: 'plan',
    });
    expect(
      statementShape('with u as (update t set n = 1 returning *) select * from u where n = 1').write,
    ).toEqual({
      command: 'UPDATE',
      hasWhere: false,
    });
    expect(
      statementShape(
        'WITH s AS (select 1 where true), d(a) AS MATERIALIZED (DELETE FROM t RETURNING *) SELECT count(*) FROM d',
      ).write,
    ).toEqual({ command: 'DELETE', hasWhere: false });
    expect(statementShape('with recursive r as (select 1 where true) select * from r').write).toBeNull();
  });
  it("runs EXPLAIN ANALYZE's statement, not EXPLAIN's", () => {
    expect(statementShape('explain analyze update t set n = 1')).toEqual({
      command: 'EXPLAIN',
      hasWhere: false,
      write: { command: 'UPDATE', hasWhere: false },
      reach: 'plan',
    });
    expect(statementShape('EXPLAIN (ANALYZE, FORMAT JSON) delete from t where id = 1').write).toEqual({
      command: 'DELETE',
      hasWhere: true,
    });
    expect(statementShape('explain (analyze false) delete from t')).toMatchObject({
      write: null,
      reach: 'none',
    });
    expect(statementShape('explain verbose delete from t')).toMatchObject({ write: null, reach: 'none' });
    expect(statementShape('explain select * from t').reach).toBe('none');
    expect(statementShape('explain analyse with u as (delete from t returning 1) select 1').write).toEqual({
      command: 'DELETE',
      hasWhere: false,
    });
  });
  it('tells which statements may reach DynamoDB', () => {
    const reach = (sql: string) => statementShape(sql).reach;
    for (const sql of [
      'execute w',
      'create temp table x as select * from t',
      'create materialized view v as select * from t',
      'select * into temp y from t',
      'copy (select * from t) to stdout',
      'declare c cursor for select * from t',
      'do $$ begin perform 1; end $$',
      'call p()',
      'select f()',
    ])
      expect([sql, reach(sql)]).toEqual([sql, 'plan']);
    expect(reach('refresh materialized view v')).toBe('opaque');
    for (const sql of [
      'set search_path = x',
      'begin',
      'prepare w as update t set n = 1',
      'create table x (a int)',
      'create function f() returns int language sql as $$ select 1 $$',
      'create view v as select * from t',
      'drop table x',
    ])
      expect([sql, reach(sql)]).toEqual([sql, 'none']);
  });
});

describe('identifiers', () => {
  it('quotes only when needed', () => {
    expect(quoteIdent('users')).toBe('users');
    expect(quoteIdent('userId')).toBe('"userId"');
    expect(quoteIdent('order')).toBe('"order"');
    expect(quoteIdent('my-table')).toBe('"my-table"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(needsQuotes('_attrs')).toBe(false);
  });
  it('escapes literals', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });
});
