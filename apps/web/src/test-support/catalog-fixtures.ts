import type { CatalogServer, CatalogTable } from '../api/wire';

/** A foreign table whose name needs quotes, over a DynamoDB table named otherwise. */
export const orders: CatalogTable = {
  schema: 'public',
  name: 'Order Lines',
  kind: 'foreign',
  server: 'demo',
  dynamoTable: 'order-lines',
  options: { table: 'order-lines' },
  columns: [{ name: 'status', type: 'text', notNull: false, keyRole: null, catchAll: false }],
};

/** The server it is on. */
export const server: CatalogServer = { name: 'demo', wrapper: 'dynamodb_wrapper', options: {} };

/** A foreign table with no columns, over the DynamoDB table of its name: `over` changes the rest. */
export const foreignTable = (
  schema: string,
  name: string,
  over: Partial<CatalogTable> = {},
): CatalogTable => ({
  schema,
  name,
  kind: 'foreign',
  server: 'demo',
  dynamoTable: name,
  options: {},
  columns: [],
  ...over,
});
