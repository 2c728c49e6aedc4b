import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot, CatalogTable } from '../api/wire';
import { scanPlan, statement } from '../test-support/wire-fixtures';
import { editability } from './edit-target';

const col = (name: string, type: string, keyRole: 'partition' | 'sort' | null = null, catchAll = false) => ({
  name,
  type,
  keyRole,
  catchAll,
  notNull: keyRole !== null,
});
const table = (
  name: string,
  columns: CatalogTable['columns'],
  kind: CatalogTable['kind'] = 'foreign',
): CatalogTable => ({
  schema: 'public',
  name,
  kind,
  server: 'demo',
  dynamoTable: name,
  options: {},
  columns,
  keysDescribed: true,
});
const catalog: CatalogSnapshot = {
  schemas: ['public'],
  servers: [{ name: 'demo', wrapper: 'dynamodb_wrapper', options: {} }],
  tables: [
    table('events', [
      col('device_id', 'integer', 'partition'),
      col('ts', 'bigint', 'sort'),
      col('kind', 'text'),
      col('_attrs', 'jsonb', null, true),
    ]),
    table('Order Lines', [col('id', 'text', 'partition'), col('qty', 'integer')]),
  ],
};
const read = (relation: string, columns: [string, string][], over = {}) =>
  statement({
    columns: columns.map(([name, type]) => ({ name, type })),
    plan: { scans: [scanPlan({ relation })] },
    ...over,
  });

describe('editability', () => {
  it('a read of one foreign table with its keys edits that table, keys in key order', () => {
    const e = editability(
      read('public.events', [
        ['kind', 'text'],
        ['ts', 'bigint'],
        ['device_id', 'integer'],
      ]),
      catalog,
    );
    expect(e.editable).toBe(true);
    if (!e.editable) return;
    expect(e.target.table).toBe('public.events');
    expect(e.target.keyIndexes).toEqual([2, 1]);
    expect(e.target.columns.map((c) => c.keyRole)).toEqual([null, 'sort', 'partition']);
    expect(e.target.tableColumns.map((c) => c.name)).toEqual(['device_id', 'ts', 'kind', '_attrs']);
  });

  it('knows a table on a production server', () => {
    const on = (environment?: string): boolean => {
      const options: Record<string, string> = environment ? { environment } : {};
      const c = { ...catalog, servers: [{ name: 'demo', wrapper: 'dynamodb_wrapper', options }] };
      const e = editability(
        read('public.events', [
          ['device_id', 'integer'],
          ['ts', 'bigint'],
        ]),
        c,
      );
      return e.editable && e.target.production;
    };
    expect([on(), on('production'), on('dev')]).toEqual([false, true, false]);
  });

  it('quotes a table name that needs it', () => {
    const e = editability(read('public.Order Lines', [['id', 'text']]), catalog);
    expect(e.editable && e.target.table).toBe('public."Order Lines"');
  });

  it('says why a result cannot be edited', () => {
    const reason = (s: ReturnType<typeof read>) => {
      const e = editability(s, catalog);
      return e.editable ? null : e.reason;
    };
    expect(
      reason(
        read('public.events', [
          ['device_id', 'integer'],
          ['kind', 'text'],
        ]),
      ),
    ).toBe('Select the key (device_id, ts) to edit items');
    expect(
      reason(
        read('public.events', [
          ['device_id', 'integer'],
          ['ts', 'bigint'],
          ['count', 'bigint'],
        ]),
      ),
    ).toBe('Column count is not a column of public.events');
    // A computed column under a column's name has another type.
    expect(
      reason(
        read('public.events', [
          ['device_id', 'integer'],
          ['ts', 'text'],
        ]),
      ),
    ).toBe('Column ts is not a column of public.events');
    expect(reason(read('public.nosuch', [['id', 'text']]))).toBe(
      'public.nosuch is not in the catalog as a foreign table',
    );
    expect(reason(read('public.events', [['device_id', 'integer']], { command: 'UPDATE' }))).toBe(
      'Only the rows of a SELECT can be edited',
    );
    const join = statement({
      plan: { scans: [scanPlan({ relation: 'public.events' }), scanPlan({ relation: 'public.events' })] },
    });
    expect(reason(join)).toBe('Rows can be edited when they come from one foreign table');
    expect(editability(read('public.events', [['device_id', 'integer']]), null).editable).toBe(false);
  });

  it('edits no row of a table whose keys the server has not described (after a restart: no sort key yet)', () => {
    // What GET /api/catalog says of orders (customer_id HASH, order_id RANGE) before a statement
    // over it: rowid_column's partition key only.
    const orders: CatalogTable = {
      ...table('orders', [
        col('customer_id', 'text', 'partition'),
        col('order_id', 'text'),
        col('note', 'text'),
      ]),
      keysDescribed: false,
    };
    const select = read('public.orders', [
      ['customer_id', 'text'],
      ['order_id', 'text'],
      ['note', 'text'],
    ]);
    const before = editability(select, { ...catalog, tables: [orders] });
    expect(before).toEqual({
      editable: false,
      reason:
        'The key schema of public.orders is not known yet (DynamoDB has not described the table since the server started): run the query again to edit its items',
    });
    const { keysDescribed: _, ...older } = orders;
    expect(editability(select, { ...catalog, tables: [older] }).editable).toBe(false);
    // Described: both keys, and the sort key column is a key (its cell is not editable).
    const described: CatalogTable = {
      ...table('orders', [
        col('customer_id', 'text', 'partition'),
        col('order_id', 'text', 'sort'),
        col('note', 'text'),
      ]),
    };
    const after = editability(select, { ...catalog, tables: [described] });
    expect(after.editable && after.target.keyIndexes).toEqual([0, 1]);
  });
});
