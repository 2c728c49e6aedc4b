import { describe, expect, it } from 'vitest';
import { loadWarmParser, parseScript } from '../parse/parse';
import { CLIENT_ENCODINGS, clientEncodingValue, encodingName } from './encoding-policy';
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
      ["select set_config('client_encoding', 'LATIN1', false)", 'LATIN1'],
      ["select set_config('client_encoding', 'UTF8', false)", 'UTF8'],
      ["select convert_to('é', 'LATIN1')", 'LATIN1'],
      ["select pg_catalog.convert_to('é', 'LATIN1'::name)", 'LATIN1'],
      ["select convert('\\xc3a9'::bytea, 'UTF8', 'LATIN1')", 'LATIN1'],
      ["select convert_to('é', current_setting('x.enc'))", 'an encoding named at run time'],
      ["copy (select 'é') to stdout (encoding 'latin1')", 'latin1'],
      ["create view v as select convert_to('é', 'LATIN1') as b", 'LATIN1'],
      ["create function f() returns bytea language sql as $$ select convert_to('é', 'LATIN1') $$", 'LATIN1'],
      // client_encoding is the engine's to set only as a statement of its own (run/client-encoding-statement.ts).
      [
        "create function f() returns int language sql set client_encoding = 'LATIN1' as $$ select 1 $$",
        'LATIN1',
      ],
      ["create function f() returns void language sql as $$ set client_encoding = 'WIN1252' $$", 'WIN1252'],
    ] as const)
      expect({ sql, verdict: verdict(sql) }).toEqual({
        sql,
        verdict: {
          sqlstate: '0A000',
          message: `conversion from UTF8 to ${target} is not supported: the engine's text is UTF8 throughout`,
        },
      });
  });

  it('pass when nothing is converted, text is converted to UTF8, or client_encoding is SET on its own', () => {
    for (const sql of [
      "set client_encoding = 'UTF8'",
      "set client_encoding = 'LATIN1'",
      "set names 'WIN1252'",
      "set session client_encoding to 'latin1'",
      "set local client_encoding to 'koi8r'",
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
      "create function f() returns int language sql set client_encoding = 'UTF8' as $$ select 1 $$",
    ])
      expect({ sql, verdict: verdict(sql) }).toEqual({ sql, verdict: undefined });
  });

  it('the setting the engine keeps client_encoding in is its own to set (42501, setting-policy.ts)', () => {
    for (const sql of [
      "set dynascope.client_encoding = 'LATIN1'",
      "select set_config('dynascope.client_encoding', 'LATIN1', false)",
      'reset dynascope.client_encoding',
    ])
      expect({ sql, verdict: verdict(sql) }).toEqual({
        sql,
        verdict: {
          sqlstate: '42501',
          message: 'permission denied to set parameter "dynascope.client_encoding"',
        },
      });
  });
});

describe('client encoding names', () => {
  it('are read as Postgres reads them: case and punctuation ignored, aliases to the encoding’s own name', () => {
    expect(
      [
        'LATIN1',
        'iso-8859-1',
        'ISO_8859_15',
        'Windows-1252',
        'win',
        'koi8',
        'alt',
        'UNICODE',
        'utf-8',
        'Sql_Ascii',
        'iso88599',
        'vscii',
        'sjis',
        'foo',
        '',
      ].map(encodingName),
    ).toEqual([
      'LATIN1',
      'LATIN1',
      'LATIN9',
      'WIN1252',
      'WIN1251',
      'KOI8R',
      'WIN866',
      'UTF8',
      'UTF8',
      'SQL_ASCII',
      'LATIN5',
      'WIN1258',
      'SJIS',
      null,
      null,
    ]);
  });

  it('a client encoding is one of those the wire converts; SET takes its own name, UNICODE as written', () => {
    expect(clientEncodingValue('iso-8859-1')).toBe('LATIN1');
    expect(clientEncodingValue('UNICODE')).toBe('UNICODE');
    expect(clientEncodingValue('unicode')).toBe('UTF8');
    expect(() => clientEncodingValue('foo')).toThrow('invalid value for parameter "client_encoding": "foo"');
    expect(() => clientEncodingValue('big5')).toThrow(
      'invalid value for parameter "client_encoding": "big5"',
    );
    expect(CLIENT_ENCODINGS.size).toBe(29);
  });
});
