import { describe, expect, it } from 'vitest';
import { loadParser, parseOne } from '../parse/parse';
import { createdTempObjects } from './created-temp-objects';

await loadParser();
const created = (sql: string) => createdTempObjects(parseOne(sql));

describe('createdTempObjects', () => {
  it.each([
    ['create temp table t (a int)', ['t']],
    ['create temporary table if not exists "T x" (like public.items)', ['T x']],
    ['create table pg_temp.t (a int)', ['t']],
    ['create table pg_temp_3.t (a int)', ['t']],
    ['create temp table x as select 1 as a', ['x']],
    ['create temp table x as execute q(1)', ['x']],
    ['select 1 as a into temp table y', ['y']],
    ['select 1 as a into temporary y', ['y']],
    ['create temp view v as select 1 as a', ['v']],
    ['create or replace temp view v as select 1 as a', ['v']],
    ['create temp sequence s', ['s']],
    ['create temp table t (a int) on commit drop', ['t']],
    ['explain analyze create temp table xa as select 1', ['xa']],
    ['explain (analyze) select 1 into temp table xb', ['xb']],
    // Without `temp`: temporary when it reads a temp table, or when search_path puts pg_temp first.
    ['create table t (a int)', ['t']],
    ['create view v as select 1', ['v']],
    ['create sequence s', ['s']],
    ['select 1 as a into y', ['y']],
    ["create function pg_temp.f() returns int language sql as 'select 1'", ['f']],
    ["create or replace function pg_temp_3.f(a int) returns int language sql as 'select a'", ['f']],
    ["create procedure pg_temp.p() language sql as 'select 1'", ['p']],
    ["create function f() returns int language sql as 'select 1'", ['f']],
    ['create aggregate pg_temp.agg(int) (sfunc = int4pl, stype = int)', ['agg']],
    ['create type pg_temp.ty as (a int)', ['ty']],
    ["create type pg_temp.en as enum ('x')", ['en']],
    ['create type pg_temp."R g" as range (subtype = int4)', ['R g']],
    ['create domain pg_temp.dm as int check (value > 0)', ['dm']],
    ['create operator pg_temp.=== (function = int4eq, leftarg = int, rightarg = int)', ['===']],
    ['create collation pg_temp.co from "C"', ['co']],
    ['create text search configuration pg_temp.tsc (copy = english)', ['tsc']],
    ['create text search dictionary pg_temp.tsd (template = simple)', ['tsd']],
    ["create conversion pg_temp.cv for 'LATIN1' to 'UTF8' from iso8859_1_to_utf8", ['cv']],
    ['create statistics pg_temp.st on a, b from t', ['st']],
  ])('%s → %j', (sql, expected) => {
    expect(created(sql)).toEqual(expected);
  });

  it.each([
    'create unlogged table public.t (a int)',
    'create table public.t as select 1',
    'select 1 as a into public.y',
    'create view s.v as select 1',
    'create sequence public.s',
    "create function public.f() returns int language sql as 'select 1'",
    'create type s.ty as (a int)',
    'create domain public.dm as int',
    'create operator s.=== (function = int4eq, leftarg = int, rightarg = int)',
    'select * from pg_temp.t',
    'insert into t values (1)',
    'drop table pg_temp.t',
    'drop function pg_temp.f()',
    'create index i on t (a)',
  ])('%s creates none', (sql) => {
    expect(created(sql)).toEqual([]);
  });
});
