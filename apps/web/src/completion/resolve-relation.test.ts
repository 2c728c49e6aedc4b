import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot, CatalogTable } from '../api/wire';
import { isVisible, resolveRelation } from './resolve-relation';

const table = (schema: string, name: string): CatalogTable => ({
  schema,
  name,
  kind: 'foreign',
  server: 'demo',
  dynamoTable: name,
  options: {},
  columns: [],
});
const catalog: CatalogSnapshot = {
  schemas: ['dynamodb', 'public', 'sales'],
  servers: [],
  tables: [
    table('dynamodb', 'orders'),
    table('public', 'orders'),
    table('dynamodb', 'events'),
    table('sales', 'orders'),
  ],
};

describe('resolveRelation', () => {
  it('finds an unqualified name in the first schema of the search path that has it', () => {
    expect(resolveRelation(catalog, { schema: null, name: 'orders' })?.schema).toBe('public');
    expect(resolveRelation(catalog, { schema: null, name: 'orders' }, ['sales', 'public'])?.schema).toBe(
      'sales',
    );
    expect(resolveRelation(catalog, { schema: null, name: 'events' })).toBeUndefined();
    expect(resolveRelation(catalog, { schema: null, name: 'events' }, ['dynamodb'])?.schema).toBe('dynamodb');
  });
  it('finds a qualified name in its schema only', () => {
    expect(resolveRelation(catalog, { schema: 'dynamodb', name: 'orders' })?.schema).toBe('dynamodb');
    expect(resolveRelation(catalog, { schema: 'nowhere', name: 'orders' })).toBeUndefined();
  });
  it('says which tables their bare name reaches', () => {
    expect(catalog.tables.filter((t) => isVisible(catalog, t)).map((t) => `${t.schema}.${t.name}`)).toEqual([
      'public.orders',
    ]);
  });
});
