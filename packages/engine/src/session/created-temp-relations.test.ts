import { describe, expect, it } from 'vitest';
import { loadParser, parseOne } from '../parse/parse';
import { createdTempRelations } from './created-temp-relations';

await loadParser();
const created = (sql: string) => createdTempRelations(parseOne(sql));

describe('createdTempRelations', () => {
  it.each([
    ['create temp table t (a int)', ['pg_temp."t"']],
    ['create temporary table if not exists "T x" (like public.items)', ['pg_temp."T x"']],
    ['create table pg_temp.t (a int)', ['pg_temp."t"']],
    ['create table pg_temp_3.t (a int)', ['pg_temp."t"']],
    ['create temp table x as select 1 as a', ['pg_temp."x"']],
    ['create temp table x as execute q(1)', ['pg_temp."x"']],
    ['select 1 as a into temp table y', ['pg_temp."y"']],
    ['select 1 as a into temporary y', ['pg_temp."y"']],
    ['create temp view v as select 1 as a', ['pg_temp."v"']],
    ['create or replace temp view v as select 1 as a', ['pg_temp."v"']],
    ['create temp sequence s', ['pg_temp."s"']],
    ['create temp table t (a int) on commit drop', ['pg_temp."t"']],
    ['explain analyze create temp table xa as select 1', ['pg_temp."xa"']],
    ['explain (analyze) select 1 into temp table xb', ['pg_temp."xb"']],
  ])('%s → %j', (sql, expected) => {
    expect(created(sql)).toEqual(expected);
  });

  it.each([
    'create table t (a int)',
    'create unlogged table t (a int)',
    'create table public.t as select 1',
    'select 1 as a into y',
    'create view v as select 1',
    'create sequence s',
    'select * from pg_temp.t',
    'insert into t values (1)',
    'create materialized view m as select 1',
    'drop table pg_temp.t',
  ])('%s creates none', (sql) => {
    expect(created(sql)).toEqual([]);
  });
});
