import { describe, expect, it } from 'vitest';
import { createForeignTableSql, createServerSql, importSchemaSql, localTableName } from './generate-sql';

describe('createServerSql', () => {
  const server = {
    name: 'prod',
    wrapper: 'dynamodb_wrapper',
    createWrapper: false,
    region: 'eu-west-1',
    endpointUrl: '',
    accessKeyId: 'AKIA1',
    secretAccessKey: "s'cret",
  };
  it('puts credentials in the vault and references them by name', () => {
    expect(createServerSql(server)).toBe(
      [
        "select vault.create_secret('AKIA1', 'prod_access_key_id', 'AWS access key ID for prod');",
        "select vault.create_secret('s''cret', 'prod_secret_access_key', 'AWS secret access key for prod');",
        'create server prod foreign data wrapper dynamodb_wrapper options (',
        "  vault_access_key_id 'prod_access_key_id',",
        "  vault_secret_access_key 'prod_secret_access_key',",
        "  region 'eu-west-1'",
        ');',
      ].join('\n'),
    );
  });
  it('masks secrets for display and adds the wrapper and endpoint when asked', () => {
    const sql = createServerSql(
      { ...server, createWrapper: true, endpointUrl: 'http://127.0.0.1:8000' },
      true,
    );
    expect(sql).not.toContain('AKIA1');
    expect(sql).not.toContain("s''cret");
    expect(sql.startsWith('create foreign data wrapper dynamodb_wrapper;')).toBe(true);
    expect(sql).toContain("endpoint_url 'http://127.0.0.1:8000'");
  });
});

describe('createForeignTableSql', () => {
  it('quotes identifiers, aligns columns and writes options', () => {
    expect(
      createForeignTableSql({
        schema: 'dynamodb',
        name: 'orders',
        server: 'demo',
        dynamoTable: 'Orders-2024',
        columns: [
          { name: 'customerId', type: 'text', notNull: true },
          { name: 'total', type: 'numeric', notNull: false },
        ],
        catchAll: '_attrs',
        rowidColumn: 'customerId',
        consistentRead: false,
      }),
    ).toBe(
      [
        'create foreign table dynamodb.orders (',
        '  "customerId" text not null,',
        '  total        numeric,',
        '  _attrs       jsonb',
        ") server demo options (table 'Orders-2024', rowid_column 'customerId');",
      ].join('\n'),
    );
  });
});

describe('importSchemaSql', () => {
  const all = ['users', 'orders', 'events', 'staging'];
  it('imports everything without a clause', () => {
    expect(importSchemaSql({ server: 's', into: 'dynamodb', all, selected: all })).toBe(
      'create schema if not exists dynamodb;\nimport foreign schema dynamodb from server s into dynamodb;',
    );
  });
  it('uses EXCEPT when fewer are left out, LIMIT TO otherwise', () => {
    expect(
      importSchemaSql({ server: 's', into: 'd', all, selected: ['users', 'orders', 'events'] }),
    ).toContain('except (staging)');
    expect(importSchemaSql({ server: 's', into: 'd', all, selected: ['users'] })).toContain(
      'limit to (users)',
    );
  });
  it('derives local names', () => {
    expect(localTableName('my-table.v2')).toBe('my_table_v2');
  });
});
