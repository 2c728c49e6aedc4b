import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { loadParser, parseOne } from '../parse/parse';
import { refuseUnsafeStatement } from './statement-policy';

beforeAll(loadParser);

const check = (text: string) => refuseUnsafeStatement(parseOne(text), text);

/**
 * An aggregate's or an operator's function is called with values known only when it runs: naming
 * set_config (or a function that runs SQL text) as one would set any setting, unchecked.
 */
describe('set_config and SQL-text functions named as a function Postgres calls later', () => {
  it.each([
    [
      "create aggregate a(text, boolean) (sfunc = set_config, stype = text, initcond = 'session_authorization')",
      'set_config',
    ],
    ["create aggregate a(text, boolean) (sfunc = 'set_config', stype = text)", 'set_config'],
    ['create aggregate a(text, boolean) (sfunc = pg_catalog."set_config", stype = text)', 'set_config'],
    [
      'create aggregate a(text) (sfunc = int4pl, stype = int4, finalfunc = pg_catalog.set_config)',
      'set_config',
    ],
    ["create aggregate a(text) (sfunc = ts_rewrite, stype = tsquery, initcond = 'a')", 'ts_rewrite'],
    ['create operator ### (leftarg = tsquery, rightarg = text, function = ts_rewrite)', 'ts_rewrite'],
    ['create operator ### (rightarg = text, procedure = pg_catalog.ts_stat)', 'ts_stat'],
    ['alter operator ### (tsquery, text) set (restrict = query_to_xml)', 'query_to_xml'],
    ['create cast (text as t) with function set_config(text, text, boolean)', 'set_config'],
    ["create type r as range (subtype = text, subtype_diff = 'set_config')", 'set_config'],
  ])('%s → 42501', (text, fn) => {
    try {
      check(text);
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect({ sqlstate: (e as EngineError).sqlstate, message: (e as EngineError).message }).toEqual({
        sqlstate: '42501',
        message: `permission denied to name function ${fn} here`,
      });
      return;
    }
    throw new Error(`not refused: ${text}`);
  });

  it.each([
    'create aggregate a(int4) (sfunc = int4pl, stype = int4)',
    "create trigger g before insert on t for each row when (set_config('search_path', 'x', true) <> '') execute function f()",
    'create operator === (leftarg = text, rightarg = text, function = texteq)',
  ])('%s passes', (text) => {
    expect(() => check(text)).not.toThrow();
  });
});
