import { describe, expect, it } from 'vitest';
import { ddlQuery } from './ddl-query';

describe('ddlQuery', () => {
  it('reads a server, a schema or a table', () => {
    expect(ddlQuery.parse({ server: 'dynamodb_server' })).toStrictEqual({
      kind: 'server',
      name: 'dynamodb_server',
    });
    expect(ddlQuery.parse({ schema: 'public' })).toStrictEqual({ kind: 'schema', name: 'public' });
    expect(ddlQuery.parse({ schema: 'public', table: 'Users' })).toStrictEqual({
      kind: 'table',
      schema: 'public',
      name: 'Users',
    });
  });
  it('refuses none, both, or a table without its schema with one message', () => {
    for (const q of [{}, { server: 's', schema: 'p' }, { table: 't' }, { server: 's', table: 't' }]) {
      expect(ddlQuery.safeParse(q).error?.issues[0]?.message).toBe(
        'give "server", or "schema" (and "table" for one of its tables)',
      );
    }
  });
});
