import { describe, expect, it } from 'vitest';
import type { CatalogTable } from '../api/wire';
import { alterOrigin, alterTableSql, originColumns, type AlterDesign } from './alter-design';
import { alterDesigner, designerReducer } from './designer-reducer';

const orders: CatalogTable = {
  schema: 'public',
  name: 'orders',
  kind: 'foreign',
  server: 'demo',
  dynamoTable: 'orders',
  options: { table: 'orders', rowid_column: 'customer_id' },
  columns: [
    { name: 'customer_id', type: 'text', notNull: true, keyRole: 'partition', catchAll: false },
    { name: 'placed', type: 'timestamp with time zone', notNull: false, keyRole: null, catchAll: false },
    { name: 'total', type: 'numeric', notNull: false, keyRole: null, catchAll: false },
    { name: 'state', type: 'text', notNull: false, keyRole: null, catchAll: false, attribute: 'status' },
    { name: '_attrs', type: 'jsonb', notNull: false, keyRole: null, catchAll: true },
  ],
};

const origin = alterOrigin(orders);
const unchanged: AlterDesign = {
  schema: 'public',
  name: 'orders',
  columns: originColumns(orders, origin),
  catchAll: '_attrs',
  consistentRead: false,
};
const edit = (i: number, patch: object) => ({
  ...unchanged,
  columns: unchanged.columns.map((c, j) => (j === i ? { ...c, ...patch } : c)),
});

describe('alterTableSql', () => {
  it('says nothing for an unchanged table (types as the designer names them)', () => {
    expect(origin.columns.map((c) => c.type)).toEqual(['text', 'timestamptz', 'numeric', 'text']);
    expect(origin.catchAll).toBe('_attrs');
    expect(alterTableSql(origin, unchanged)).toBe('');
  });

  it('a renamed column keeps reading its attribute; renaming back to it drops the option', () => {
    expect(alterTableSql(origin, edit(2, { name: 'amount' }))).toBe(
      [
        'alter foreign table public.orders rename column total to amount;',
        'alter foreign table public.orders',
        "  alter column amount options (add attribute 'total');",
      ].join('\n'),
    );
    expect(alterTableSql(origin, edit(3, { name: 'status' }))).toBe(
      [
        'alter foreign table public.orders rename column state to status;',
        'alter foreign table public.orders',
        '  alter column status options (drop attribute);',
      ].join('\n'),
    );
  });

  it('the rowid column renamed moves rowid_column with it', () => {
    expect(alterTableSql(origin, edit(0, { name: 'cid' }))).toBe(
      [
        'alter foreign table public.orders rename column customer_id to cid;',
        'alter foreign table public.orders',
        "  alter column cid options (add attribute 'customer_id'),",
        "  options (set rowid_column 'cid');",
      ].join('\n'),
    );
  });

  it('drops, retypes, NOT NULL, new columns, catch-all and options in one ALTER; then the table rename', () => {
    const design: AlterDesign = {
      schema: 'sales',
      name: 'Orders 2026',
      columns: [
        ...unchanged.columns.map((c) =>
          c.name === 'placed'
            ? { ...c, include: false }
            : c.name === 'total'
              ? { ...c, type: 'double precision', notNull: true }
              : c,
        ),
        {
          attribute: 'ship-to',
          include: true,
          name: 'ship_to',
          type: 'jsonb',
          notNull: false,
          keyRole: null,
          seen: 'M',
          frequency: 0.5,
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
      catchAll: null,
      consistentRead: true,
    };
    expect(alterTableSql(origin, design)).toBe(
      [
        'alter foreign table public.orders',
        '  drop column placed,',
        '  alter column total type double precision,',
        '  alter column total set not null,',
        "  add column ship_to jsonb options (attribute 'ship-to'),",
        '  drop column _attrs,',
        "  options (add consistent_read 'true');",
        'alter foreign table public.orders rename to "Orders 2026";',
        'alter foreign table public."Orders 2026" set schema sales;',
      ].join('\n'),
    );
  });
});

describe('the designer on an existing table', () => {
  it('opens with its columns and keeps them when the description arrives, offering unmapped attributes unticked', () => {
    const opened = alterDesigner(orders);
    expect(opened).toMatchObject({
      mode: 'table',
      server: 'demo',
      dynamoTable: 'orders',
      schema: 'public',
      tableName: 'orders',
      catchAll: true,
      catchAllName: '_attrs',
      descLoading: true,
    });
    const described = designerReducer(opened, {
      type: 'description-loaded',
      dynamoTable: 'orders',
      existing: new Set(['public.orders']),
      desc: {
        table: 'orders',
        partitionKey: { name: 'customer_id', type: 'S' },
        sortKey: null,
        indexes: [],
        itemCount: 2,
        sizeBytes: 100,
        billingMode: 'PAY_PER_REQUEST',
        sampleSize: 2,
        attributes: [
          { name: 'total', types: { N: 2 }, frequency: 1, suggestedType: 'numeric' },
          { name: 'coupon', types: { S: 1 }, frequency: 0.5, suggestedType: 'text' },
        ],
      },
    });
    expect(described.tableName).toBe('orders');
    expect(described.columns.map((c) => [c.name, c.include, c.from ?? null, c.seen])).toEqual([
      ['customer_id', true, 'customer_id', 'S'],
      ['placed', true, 'placed', ''],
      ['total', true, 'total', 'N'],
      ['state', true, 'state', ''],
      ['coupon', false, null, 'S'],
    ]);
  });
});
