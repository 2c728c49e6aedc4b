import { beforeAll, describe, expect, it } from 'vitest';
import type { FuncCall } from '@pgsql/types';
import { EngineError } from '../errors';
import { as, walk } from '../parse/ast';
import { loadParser, parseOne } from '../parse/parse';
import { sqlTextArgument } from './sql-text-calls';
import { refuseUnsafeStatement } from './statement-policy';

beforeAll(loadParser);

const check = (text: string) => refuseUnsafeStatement(parseOne(text), text);

/** The first call of `text`'s statement. */
function firstCall(text: string): FuncCall {
  let found: FuncCall | undefined;
  walk(parseOne(text), (_kind, _fields, node) => {
    found ??= as(node, 'FuncCall');
  });
  return found!;
}

/**
 * query_to_xml and its kin, ts_stat and ts_rewrite run SQL given as text: the engine checks it as a
 * body's when it is a string constant, and refuses it when it is known only when the call runs.
 */
describe('functions that run SQL text', () => {
  it('read the SQL from its argument, by place or by name', () => {
    expect(sqlTextArgument(firstCall("select query_to_xml('select 1', true, false, '')"))).toEqual({
      sql: 'select 1',
    });
    expect(
      sqlTextArgument(
        firstCall(
          "select query_to_xmlschema(nulls => true, query => 'select 2', tableforest => false, targetns => '')",
        ),
      ),
    ).toEqual({ sql: 'select 2' });
    expect(sqlTextArgument(firstCall("select * from pg_catalog.ts_stat('select v from t', 'ab')"))).toEqual({
      sql: 'select v from t',
    });
    expect(sqlTextArgument(firstCall("select ts_rewrite('a'::tsquery, 'select t, s from aliases')"))).toEqual(
      {
        sql: 'select t, s from aliases',
      },
    );
    expect(
      sqlTextArgument(firstCall("select ts_rewrite('a'::tsquery, 'a'::tsquery, 'b'::tsquery)")),
    ).toBeNull();
    expect(sqlTextArgument(firstCall("select query_to_xml(q, true, false, '') from t"))).toEqual({
      sql: undefined,
    });
    expect(sqlTextArgument(firstCall("select query_to_xml('select 1'::text, true, false, '')"))).toEqual({
      sql: undefined,
    });
    expect(sqlTextArgument(firstCall("select upper('select 1')"))).toBeNull();
  });

  it.each([
    [
      "select query_to_xml('select set_config(''session_authorization'', ''postgres'', false)', true, false, '')",
      'permission denied to set session authorization',
    ],
    [
      "select query_to_xml('select 1; select set_config(''standard_conforming_strings'', ''off'', false)', true, false, '')",
      'permission denied to set parameter "standard_conforming_strings"',
    ],
    [
      "select * from ts_stat('select set_config(current_setting(''x.n''), ''postgres'', false)::tsvector')",
      'permission denied to set a parameter named at run time',
    ],
    [
      "select query_to_xml(current_setting('x.q'), true, false, '')",
      'permission denied to run SQL text known only when it runs',
    ],
    [
      "select * from ts_stat(format('select %s', 'v'))",
      'permission denied to run SQL text known only when it runs',
    ],
    [
      "select ts_rewrite('a'::tsquery, q) from t",
      'permission denied to run SQL text known only when it runs',
    ],
    [
      "create view v as select query_to_xml_and_xmlschema(q, true, false, '') from t",
      'permission denied to run SQL text known only when it runs',
    ],
    [
      "create function f(q text) returns xml language sql as $$ select query_to_xml(q, true, false, '') $$",
      'permission denied to run SQL text known only when it runs',
    ],
    [
      "do $$ declare q text := 'select 1'; begin perform query_to_xml(q, true, false, ''); end $$",
      'permission denied to run SQL text known only when it runs',
    ],
  ])('%s → 42501 %s', (text, message) => {
    try {
      check(text);
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect({ sqlstate: (e as EngineError).sqlstate, message: (e as EngineError).message }).toEqual({
        sqlstate: '42501',
        message,
      });
      return;
    }
    throw new Error(`not refused: ${text}`);
  });

  it('pass with SQL the checks take', () => {
    expect(() => check("select query_to_xml('select 1 as a', true, false, '')")).not.toThrow();
    expect(() => check("select * from ts_stat('select to_tsvector(''a b'')')")).not.toThrow();
    expect(() => check("select ts_rewrite('a'::tsquery, 'a'::tsquery, 'b'::tsquery)")).not.toThrow();
  });
});
