import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseOne } from '../parse/parse';
import { commandTag } from './command-tag';

beforeAll(() => loadParser());

const tag = (sql: string) => commandTag(parseOne(sql), sql);

describe('commandTag', () => {
  it.each([
    ['select 1', 'SELECT'],
    ['with x as (select 1) select * from x', 'SELECT'],
    ['values (1)', 'SELECT'],
    ['insert into t values (1)', 'INSERT'],
    ['update t set a = 1', 'UPDATE'],
    ['delete from t', 'DELETE'],
    ['create table t (a int)', 'CREATE TABLE'],
    ['create table t as select 1', 'SELECT'],
    ['create foreign table f (a int) server s options (table $$t$$)', 'CREATE FOREIGN TABLE'],
    ['create foreign data wrapper w', 'CREATE FOREIGN DATA WRAPPER'],
    ['create server s foreign data wrapper w', 'CREATE SERVER'],
    ["alter server s options (set region 'x')", 'ALTER SERVER'],
    ['import foreign schema dynamodb from server s into d', 'IMPORT FOREIGN SCHEMA'],
    ['create schema dynamodb', 'CREATE SCHEMA'],
    ['create view v as select 1', 'CREATE VIEW'],
    ['explain select 1', 'EXPLAIN'],
    ['set search_path = x', 'SET'],
    ['show search_path', 'SHOW'],
    ['truncate t', 'TRUNCATE TABLE'],
    ["comment on table t is 'x'", 'COMMENT'],
    ['create index i on t (a)', 'CREATE INDEX'],
    ['drop table t', 'DROP TABLE'],
    ['drop foreign table f', 'DROP FOREIGN TABLE'],
    ['drop server s cascade', 'DROP SERVER'],
    ['drop foreign data wrapper w', 'DROP FOREIGN DATA WRAPPER'],
    ['drop schema d', 'DROP SCHEMA'],
    ['drop view v', 'DROP VIEW'],
    ['begin', 'BEGIN'],
    ['start transaction', 'START TRANSACTION'],
    ['commit', 'COMMIT'],
    ['rollback', 'ROLLBACK'],
    ['savepoint a', 'SAVEPOINT'],
    ['release savepoint a', 'RELEASE'],
    ['rollback to savepoint a', 'ROLLBACK'],
    ["alter foreign table f options (set table 'x')", 'ALTER FOREIGN TABLE'],
    ['alter table t add column b int', 'ALTER TABLE'],
    ['create sequence q', 'CREATE SEQUENCE'],
    ['analyze t', 'ANALYZE'],
    ['declare c cursor for select 1', 'DECLARE CURSOR'],
    ['fetch 2 from c', 'FETCH'],
    ['move 2 in c', 'MOVE'],
    ['close c', 'CLOSE CURSOR'],
    ['close all', 'CLOSE CURSOR ALL'],
  ])('%s → %s', (sql, expected) => {
    expect(tag(sql)).toBe(expected);
  });
});

describe('tags beyond the common statements (a fixed defect)', () => {
  // DEFECT: firstWords() in run/command-tag.ts takes two words for every GRANT/REVOKE/CREATE/ALTER/DROP
  // statement not in TAGS, and one word otherwise; Postgres's tags differ for these.
  it.each([
    ['grant select on t to public', 'GRANT'],
    ['revoke select on t from public', 'REVOKE'],
    ['drop materialized view m', 'DROP MATERIALIZED VIEW'],
    ['refresh materialized view m', 'REFRESH MATERIALIZED VIEW'],
    ['drop user mapping for public server s', 'DROP USER MAPPING'],
    ["alter user mapping for public server s options (add a 'x')", 'ALTER USER MAPPING'],
    ['reset search_path', 'RESET'],
    ['discard all', 'DISCARD ALL'],
    ['security label on table t is null', 'SECURITY LABEL'],
    // Checked against psql on PostgreSQL 15.18.
    ['create table t as select 1 with no data', 'CREATE TABLE AS'],
    ['create materialized view m as select 1', 'SELECT'],
    ['create materialized view m as select 1 with no data', 'CREATE MATERIALIZED VIEW'],
    ['select 1 as a into t', 'SELECT'],
    ['create procedure p() language sql as $$ select 1 $$', 'CREATE PROCEDURE'],
    ['create or replace procedure p() language sql as $$ select 1 $$', 'CREATE PROCEDURE'],
    ['create or replace function f() returns int language sql as $$ select 1 $$', 'CREATE FUNCTION'],
    ['create or replace rule r as on insert to t do nothing', 'CREATE RULE'],
    ['create temp sequence s', 'CREATE SEQUENCE'],
    ['create unique index i on t (a)', 'CREATE INDEX'],
    ['create constraint trigger x after insert on t for each row execute function f()', 'CREATE TRIGGER'],
    ['create or replace trigger x after insert on t for each row execute function f()', 'CREATE TRIGGER'],
    ['create text search configuration c (copy = simple)', 'CREATE TEXT SEARCH CONFIGURATION'],
    ['drop text search configuration c', 'DROP TEXT SEARCH CONFIGURATION'],
    ['create event trigger e on ddl_command_start execute function f()', 'CREATE EVENT TRIGGER'],
    ['alter materialized view m rename to n', 'ALTER MATERIALIZED VIEW'],
    ['alter default privileges grant select on tables to public', 'ALTER DEFAULT PRIVILEGES'],
    ['create default conversion c for $$LATIN1$$ to $$UTF8$$ from f', 'CREATE CONVERSION'],
    ['drop statistics s', 'DROP STATISTICS'],
    ['grant r to public', 'GRANT ROLE'],
    ['revoke r from public', 'REVOKE ROLE'],
    ['lock table t', 'LOCK TABLE'],
    ['set constraints all deferred', 'SET CONSTRAINTS'],
    ['reassign owned by a to b', 'REASSIGN OWNED'],
    ["prepare transaction 'x'", 'PREPARE TRANSACTION'],
    ["commit prepared 'x'", 'COMMIT PREPARED'],
    ['vacuum t', 'VACUUM'],
  ])('%s → %s', (sql, expected) => {
    expect(tag(sql)).toBe(expected);
  });
});
