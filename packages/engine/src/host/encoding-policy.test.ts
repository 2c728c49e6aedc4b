import { describe, expect, it } from 'vitest';
import { loadWarmParser, parseScript } from '../parse/parse';
import { refuseUnsafeStatement } from './statement-policy';

await loadWarmParser();

/** The statement policy's answer to `sql`: undefined when it passes, else the error's SQLSTATE and message. */
function verdict(sql: string): { sqlstate: string; message: string } | undefined {
  const [statement] = parseScript(sql);
  try {
    refuseUnsafeStatement(statement!.node, statement!.text);
    return undefined;
  } catch (e) {
    const { sqlstate, message } = e as { sqlstate: string; message: string };
    return { sqlstate, message };
  }
}

describe('conversions of text out of UTF8', () => {
  it('are refused (0A000), wherever they stand: the embedded host cannot run them', () => {
    for (const [sql, target] of [
      ["set client_encoding = 'LATIN1'", 'LATIN1'],
      ["set names 'WIN1252'", 'WIN1252'],
      ["set session client_encoding to 'latin1'", 'latin1'],
      ["select set_config('client_encoding', 'LATIN1', false)", 'LATIN1'],
      ["select convert_to('é', 'LATIN1')", 'LATIN1'],
      ["select pg_catalog.convert_to('é', 'LATIN1'::name)", 'LATIN1'],
      ["select convert('\\xc3a9'::bytea, 'UTF8', 'LATIN1')", 'LATIN1'],
      ["select convert_to('é', current_setting('x.enc'))", 'an encoding named at run time'],
      ["copy (select 'é') to stdout (encoding 'latin1')", 'latin1'],
      ["create view v as select convert_to('é', 'LATIN1') as b", 'LATIN1'],
      ["create function f() returns bytea language sql as $$ select convert_to('é', 'LATIN1') $$", 'LATIN1'],
    ] as const)
      expect({ sql, verdict: verdict(sql) }).toEqual({
        sql,
        verdict: {
          sqlstate: '0A000',
          message: `conversion from UTF8 to ${target} is not supported: the engine's text is UTF8 throughout`,
        },
      });
  });

  it('pass when nothing is converted, or text is converted to UTF8', () => {
    for (const sql of [
      "set client_encoding = 'UTF8'",
      "set client_encoding to 'utf-8'",
      "set names 'unicode'",
      'set client_encoding to default',
      'reset client_encoding',
      "select convert_to('é', 'UTF8')",
      "select convert_to('abc', 'SQL_ASCII')",
      "select convert_from('\\xe9'::bytea, 'LATIN1')",
      "select convert('\\xe9'::bytea, 'LATIN1', 'UTF8')",
      "select set_config('timezone', 'UTC', false)",
      "copy (select 1) to stdout (encoding 'UTF8')",
      'select convert_to from (values (1)) t(convert_to)',
    ])
      expect({ sql, verdict: verdict(sql) }).toEqual({ sql, verdict: undefined });
  });
});
