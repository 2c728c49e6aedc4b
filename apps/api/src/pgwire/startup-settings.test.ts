import { describe, expect, it } from 'vitest';
import { setArguments, startupSettings } from './startup-settings';
import { sqlLiteral } from './sql-literal';

describe('startupSettings', () => {
  it('takes the parameters that are settings and the -c options', () => {
    expect(
      startupSettings({
        user: 'dynascope',
        database: 'dynascope',
        client_encoding: 'SQL_ASCII',
        application_name: 'psql',
        TimeZone: 'Europe/Paris',
        options: '-c search_path=app,public --statement-timeout=5s -c application_name=a\\ b',
      }),
    ).toEqual([
      { name: 'client_encoding', value: 'SQL_ASCII' },
      { name: 'application_name', value: 'psql' },
      { name: 'TimeZone', value: 'Europe/Paris' },
      { name: 'search_path', value: 'app,public' },
      { name: 'statement_timeout', value: '5s' },
      { name: 'application_name', value: 'a b' },
    ]);
  });

  it('gives a list setting its elements as literals of their own', () => {
    expect(setArguments({ name: 'search_path', value: 'app, "My ""x"" Schema",public' }, sqlLiteral)).toBe(
      `'app', 'My "x" Schema', 'public'`,
    );
    expect(setArguments({ name: 'application_name', value: "it's, one" }, sqlLiteral)).toBe(`'it''s, one'`);
  });
});
