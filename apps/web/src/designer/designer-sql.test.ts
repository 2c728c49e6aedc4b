import { describe, expect, it } from 'vitest';
import type { CatalogServer } from '../api/wire';
import { initialDesigner, type DesignerState } from './designer-reducer';
import {
  createdTableQuery,
  designedTableSql,
  importedQuery,
  importScript,
  runError,
  serverScript,
  tableScript,
} from './designer-sql';

const design: DesignerState = {
  ...initialDesigner([{ name: 'demo' }]),
  dynamoTable: 'orders',
  desc: {} as DesignerState['desc'],
  tableName: 'orders',
  columns: [
    {
      attribute: 'id',
      include: true,
      name: 'id',
      type: 'text',
      notNull: true,
      keyRole: 'partition',
      seen: 'S',
      frequency: 1,
    },
    {
      attribute: 'x',
      include: false,
      name: 'x',
      type: 'text',
      notNull: false,
      keyRole: null,
      seen: 'S',
      frequency: 0.1,
    },
  ],
  tables: ['orders', 'users', 'events'],
  importSel: ['users'],
};

describe('designer SQL', () => {
  it('creates the designed table with its included columns, catch-all and rowid column', () => {
    expect(designedTableSql(design)).toBe(
      "create foreign table dynamodb.orders (\n  id     text not null,\n  _attrs jsonb\n) server demo options (table 'orders', rowid_column 'id');",
    );
    expect(designedTableSql({ ...design, desc: null })).toBe('');
    expect(designedTableSql({ ...design, tableName: '', catchAll: false, consistent: true })).toContain(
      "create foreign table dynamodb.new_table (\n  id text not null\n) server demo options (table 'orders', rowid_column 'id', consistent_read 'true');",
    );
  });

  it('creates the schema first when it is new, and queries the new table', () => {
    expect(tableScript(design, ['public'])).toMatch(
      /^create schema if not exists dynamodb;\ncreate foreign table/,
    );
    expect(tableScript(design, ['dynamodb'])).toMatch(/^create foreign table/);
    expect(createdTableQuery(design)).toBe('select * from dynamodb.orders limit 100;');
  });

  it('quotes a new schema exactly as the table reference quotes it (Sales Data, Sales)', () => {
    expect(tableScript({ ...design, schema: 'Sales Data' }, ['public'])).toMatch(
      /^create schema if not exists "Sales Data";\ncreate foreign table "Sales Data"\.orders \(/,
    );
    expect(tableScript({ ...design, schema: 'Sales' }, ['public'])).toMatch(
      /^create schema if not exists "Sales";\ncreate foreign table "Sales"\.orders \(/,
    );
  });

  it('queries the new table by its quoted name (My Orders), in its quoted schema', () => {
    expect(createdTableQuery({ ...design, schema: 'public', tableName: 'My Orders' })).toBe(
      'select * from public."My Orders" limit 100;',
    );
    expect(createdTableQuery({ ...design, schema: 'Sales Data', tableName: 'x"y' })).toBe(
      'select * from "Sales Data"."x""y" limit 100;',
    );
  });

  it('imports the ticked tables and queries the first', () => {
    expect(importScript(design)).toContain(
      'import foreign schema dynamodb limit to (users) from server demo into dynamodb;',
    );
    expect(importScript({ ...design, tables: null })).toBe('');
    expect(importedQuery(design)).toBe('select * from dynamodb.users limit 100;');
    expect(importedQuery({ ...design, schema: 'Sales Data', importSel: ['My-Table'] })).toBe(
      'select * from "Sales Data"."My_Table" limit 100;',
    );
  });

  it('creates a server with the wrapper of the existing ones, or the wrapper too; shown masked', () => {
    const s = {
      ...design,
      serverForm: { ...design.serverForm, accessKeyId: 'AKIA1', secretAccessKey: 's3cr3t' },
    };
    const servers = [{ name: 'demo', wrapper: 'dynamodb_wrapper', options: {} }] as CatalogServer[];
    expect(serverScript(s, servers)).toContain("select vault.create_secret('AKIA1'");
    expect(serverScript(s, servers)).not.toContain('create foreign data wrapper');
    expect(serverScript(s, [])).toMatch(/^create foreign data wrapper dynamodb_wrapper;/);
    expect(serverScript(s, servers, true)).not.toContain('s3cr3t');
  });

  it('says what failed, with its SQLSTATE', () => {
    expect(runError({ error: { message: 'relation exists', sqlstate: '42P07' } })).toBe(
      '42P07: relation exists',
    );
    expect(runError({ error: { message: 'offline' } })).toBe('offline');
    expect(runError({})).toBeNull();
  });
});
