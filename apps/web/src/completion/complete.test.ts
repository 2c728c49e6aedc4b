import { describe, expect, it } from 'vitest';
import { completeAt } from './complete';
import { relationsInScope } from './tables-in-scope';
import type { CatalogSnapshot, CatalogTable, SampledAttribute } from '../api/wire';

const catalog: CatalogSnapshot = {
  schemas: ['public', 'dynamodb'],
  servers: [{ name: 'demo', wrapper: 'dynamodb_wrapper', options: {} }],
  tables: [
    {
      schema: 'dynamodb',
      name: 'events',
      kind: 'foreign',
      server: 'demo',
      dynamoTable: 'events',
      options: {},
      columns: [
        { name: 'device_id', type: 'text', notNull: true, keyRole: 'partition', catchAll: false },
        { name: 'ts', type: 'numeric', notNull: false, keyRole: 'sort', catchAll: false },
        { name: 'eventType', type: 'text', notNull: false, keyRole: null, catchAll: false },
        { name: '_attrs', type: 'jsonb', notNull: false, keyRole: null, catchAll: true },
      ],
    },
    {
      schema: 'dynamodb',
      name: 'users',
      kind: 'foreign',
      server: 'demo',
      dynamoTable: 'users',
      options: {},
      columns: [{ name: 'id', type: 'text', notNull: true, keyRole: 'partition', catchAll: false }],
    },
  ],
};

const at = (statement: string) => completeAt({ catalog, statement, offset: statement.length });

describe('relationsInScope', () => {
  it('reads tables and aliases', () => {
    expect(
      relationsInScope('select * from dynamodb.events e, "Odd" join users as u on true where x'),
    ).toEqual([
      { schema: 'dynamodb', name: 'events', alias: 'e' },
      { schema: null, name: 'Odd', alias: null },
      { schema: null, name: 'users', alias: 'u' },
    ]);
  });
});

describe('completeAt', () => {
  it('offers tables of a schema after `schema.`', () => {
    const r = at('select * from dynamodb.ev');
    expect(r.items[0]).toMatchObject({ label: 'events', kind: 'table' });
    expect(r.replaceLength).toBe(2);
  });
  it('offers columns of an aliased table with type and key role, quoting when needed', () => {
    const r = at('select e. from dynamodb.events e'.slice(0, 9) + '');
    // the alias is only known from the full statement:
    const full = completeAt({ catalog, statement: 'select e. from dynamodb.events e', offset: 9 });
    expect(r.items).toEqual([]);
    expect(full.items.map((i) => i.label)).toEqual(['device_id', 'ts', 'eventType', '_attrs']);
    expect(full.items[0]!.detail).toBe('text · partition key — dynamodb.events');
    expect(full.items[1]!.detail).toContain('sort key');
    expect(full.items.find((i) => i.label === 'eventType')!.insertText).toBe('"eventType"');
  });
  it('ranks columns of tables in scope above keywords', () => {
    const r = completeAt({ catalog, statement: 'select dev from dynamodb.events', offset: 10 });
    expect(r.items[0]).toMatchObject({ label: 'device_id', kind: 'column' });
    expect(r.replaceLength).toBe(3);
  });
  it('ranks tables first after FROM', () => {
    const r = at('select * from ev');
    expect(r.items[0]).toMatchObject({ kind: 'table', label: 'events', insertText: 'dynamodb.events' });
  });
  it('offers sampled attribute keys inside _attrs->>', () => {
    const attributes = new Map<string, SampledAttribute[]>([
      [
        'dynamodb.events',
        [
          { name: 'payload', types: { M: 40 }, frequency: 0.4, suggestedType: 'jsonb' },
          { name: 'region', types: { S: 100 }, frequency: 1, suggestedType: 'text' },
          { name: 'device_id', types: { S: 100 }, frequency: 1, suggestedType: 'text' },
        ],
      ],
    ]);
    const stmt = "select _attrs->>'re from dynamodb.events";
    const r = completeAt({ catalog, statement: stmt, offset: stmt.indexOf(' from'), attributes });
    expect(r.items.map((i) => i.label)).toEqual(['region']);
    const all = completeAt({
      catalog,
      statement: "select _attrs->>' from dynamodb.events",
      offset: 17,
      attributes,
    });
    expect(all.items.map((i) => i.label)).toEqual(['region', 'payload']);
    expect(all.items[0]!.detail).toBe('S · in 100% of sampled items');
  });
  it('inside _attrs->> leaves out the attributes declared columns read, by their attribute (column option attribute)', () => {
    const mapped: CatalogSnapshot = {
      ...catalog,
      tables: [
        {
          ...catalog.tables[0]!,
          columns: [
            {
              name: 'device',
              type: 'text',
              notNull: true,
              keyRole: 'partition',
              catchAll: false,
              attribute: 'device_id',
            },
            {
              name: 'region',
              type: 'text',
              notNull: false,
              keyRole: null,
              catchAll: false,
              attribute: 'Region-Name',
            },
            { name: '_attrs', type: 'jsonb', notNull: false, keyRole: null, catchAll: true },
          ],
        },
      ],
    };
    const attributes = new Map<string, SampledAttribute[]>([
      [
        'dynamodb.events',
        [
          { name: 'device_id', types: { S: 100 }, frequency: 1, suggestedType: 'text' },
          { name: 'Region-Name', types: { S: 100 }, frequency: 1, suggestedType: 'text' },
          { name: 'region', types: { S: 50 }, frequency: 0.5, suggestedType: 'text' },
        ],
      ],
    ]);
    const r = completeAt({
      catalog: mapped,
      statement: "select _attrs->>' from dynamodb.events",
      offset: 17,
      attributes,
    });
    expect(r.items.map((i) => i.label)).toEqual(['region']);
  });
  it('offers keywords and functions, matching the typed case', () => {
    expect(at('SEL').items[0]).toMatchObject({ kind: 'keyword', insertText: 'SELECT' });
    expect(at('select cou').items[0]).toMatchObject({ kind: 'function', label: 'count' });
  });
});

describe('completeAt resolves names as Postgres does (search_path "$user", public)', () => {
  const col = (name: string, over: Partial<CatalogTable['columns'][number]> = {}) => ({
    name,
    type: 'text',
    notNull: false,
    keyRole: null,
    catchAll: false,
    ...over,
  });
  const orders = (schema: string, columns: CatalogTable['columns']): CatalogTable => ({
    schema,
    name: 'orders',
    kind: 'foreign',
    server: 'demo',
    dynamoTable: 'orders',
    options: {},
    columns,
  });
  // As the demo lists them: dynamodb.orders (keys and _attrs, imported) before public.orders.
  const both: CatalogSnapshot = {
    schemas: ['dynamodb', 'public'],
    servers: [],
    tables: [
      orders('dynamodb', [
        col('customer_id', { keyRole: 'partition' }),
        col('_attrs', { type: 'jsonb', catchAll: true }),
      ]),
      orders('public', [
        col('customer_id', { keyRole: 'partition' }),
        col('status'),
        col('total', { type: 'numeric' }),
        col('_attrs', { type: 'jsonb', catchAll: true }),
      ]),
    ],
  };
  const attributes = new Map<string, SampledAttribute[]>([
    [
      'public.orders',
      [
        { name: 'status', types: { S: 50 }, frequency: 1, suggestedType: 'text' },
        { name: 'coupon', types: { S: 5 }, frequency: 0.1, suggestedType: 'text' },
      ],
    ],
    ['dynamodb.orders', [{ name: 'status', types: { S: 50 }, frequency: 1, suggestedType: 'text' }]],
  ]);

  it('an unqualified table is the one in public, with its real columns', () => {
    const stmt = 'select  from orders';
    const labels = completeAt({ catalog: both, statement: stmt, offset: 7 })
      .items.filter((i) => i.kind === 'column')
      .map((i) => i.label);
    expect(labels).toEqual(['customer_id', 'status', 'total', '_attrs']);
    expect(completeAt({ catalog: both, statement: stmt, offset: 7 }).items[0]!.detail).toContain(
      'public.orders',
    );
    const dotted = completeAt({ catalog: both, statement: 'select orders. from orders', offset: 14 });
    expect(dotted.items.map((i) => i.label)).toEqual(['customer_id', 'status', 'total', '_attrs']);
    const qualified = completeAt({ catalog: both, statement: 'select  from dynamodb.orders', offset: 7 });
    expect(qualified.items.filter((i) => i.kind === 'column').map((i) => i.label)).toEqual([
      'customer_id',
      '_attrs',
    ]);
  });

  it("follows the session's search path when it is known", () => {
    const cols = (searchPath: readonly string[]) =>
      completeAt({ catalog: both, statement: 'select  from orders', offset: 7, searchPath })
        .items.filter((i) => i.kind === 'column')
        .map((i) => i.label);
    expect(cols(['dynamodb', 'public'])).toEqual(['customer_id', '_attrs']);
    expect(cols(['public', 'dynamodb'])).toEqual(['customer_id', 'status', 'total', '_attrs']);
    expect(cols([])).toEqual([]);
  });

  it('offers only _attrs keys that are not declared columns of the table the name resolves to', () => {
    const stmt = "select _attrs->>' from orders";
    const r = completeAt({ catalog: both, statement: stmt, offset: 17, attributes });
    expect(r.items.map((i) => i.label)).toEqual(['coupon']);
  });

  it('writes a table unqualified only when the search path finds it under its bare name', () => {
    const tables = completeAt({ catalog: both, statement: 'select * from ord', offset: 17 }).items.filter(
      (i) => i.kind === 'table',
    );
    expect(tables.map((t) => [t.label, t.insertText])).toEqual([
      ['orders', 'orders'],
      ['orders', 'dynamodb.orders'],
      ['dynamodb.orders', 'dynamodb.orders'],
    ]);
  });
});
