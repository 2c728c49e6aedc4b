import { describe, expect, it } from 'vitest';
import { literalSql } from './prepared-sql';
import { sqlLiteral } from './sql-literal';
import { sqlTokens } from './sql-tokens';
import { parameterSite } from './statement-shape';

const site = (sql: string) => {
  const found = parameterSite(sqlTokens(sql));
  return found?.kind === 'query' ? sql.slice(found.start, found.end) : found;
};

describe('where a statement PREPARE does not take has parameters', () => {
  it("finds the query of EXPLAIN, DECLARE and CREATE TABLE AS, as Postgres's parse analysis reads it", () => {
    expect(site('explain select * from t where a = $1')).toBe('select * from t where a = $1');
    expect(site('EXPLAIN ANALYZE VERBOSE update t set a = $1;')).toBe('update t set a = $1');
    expect(site('explain (analyze, format json) (select $1)')).toBe('(select $1)');
    expect(site('explain create temp table t as select $1::int with no data')).toBe('select $1::int');
    expect(site('explain declare c cursor for select $1')).toBe('select $1');
    expect(site('declare cursor no scroll cursor with hold for values ($1)')).toBe('values ($1)');
    expect(site('create unlogged table t (a, b) with (fillfactor = 70) as table x with data')).toBe(
      'table x',
    );
    expect(site('create table t as with w as (select $1) select * from w')).toBe(
      'with w as (select $1) select * from w',
    );
  });

  it('CALL takes parameters; a materialized view is refused them; elsewhere `$n` is no parameter', () => {
    expect(site('call p($1, $2)')).toEqual({ kind: 'call' });
    expect(site('create materialized view v as select $1')).toEqual({ kind: 'materialized-view' });
    expect(site('explain execute q($1)')).toBeNull();
    expect(site('create table t as execute q($1)')).toBeNull();
    expect(site('create table t (a int default $1)')).toBeNull();
    expect(site('create function f(int) returns table (x int) language sql as $$ select $1 $$')).toBeNull();
    expect(site('copy (select $1) to stdout')).toBeNull();
    expect(site('show $1')).toBeNull();
  });
});

describe('values as literals', () => {
  it('puts each value at its `$n`, cast to its known type, untyped otherwise', () => {
    const sql = "explain select * from t where a = $1 and b = $2 and c = '$1' or d = $1";
    expect(literalSql(sql, sqlTokens(sql), ['5', null], ['pg_catalog.int4', null])).toBe(
      "explain select * from t where a = ('5')::pg_catalog.int4 and b = (NULL) and c = '$1' or d = ('5')::pg_catalog.int4",
    );
  });

  it('writes literals that read the same whatever standard_conforming_strings says', () => {
    expect(sqlLiteral("it's")).toBe(`'it''s'`);
    expect(sqlLiteral("a\\'b")).toBe(`E'a\\\\''b'`);
    expect(sqlLiteral(null)).toBe('NULL');
  });
});
