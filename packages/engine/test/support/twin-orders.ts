import { expect } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
  type Backend,
} from './harness';

/** The customers of the twin tables. */
export const TWIN_CUSTOMERS = ['c1', 'c2', 'c3', 'c4'];

/**
 * The same customers and orders twice, for tests that compare a statement over foreign tables with
 * Postgres's answer: foreign tables `d.customers` (id, name, score) and `d.orders` (cid, oid, total,
 * status) over two new DynamoDB tables, and host tables `l.customers` and `l.orders` with the same rows
 * (30 orders of c1–c3; a quarter closed). `objects(s)` is more SQL run for each schema (functions,
 * views). Gives the engine, on the documented server `dynamodb_server`.
 */
export async function openTwinOrders(backend: Backend, objects: (s: 'd' | 'l') => string): Promise<Engine> {
  const client = clientOf(backend);
  const customers = uniqueName('twin_customers');
  const orders = uniqueName('twin_orders');
  await createTable(client, customers, { name: 'id', type: 'S' });
  await createTable(client, orders, { name: 'cid', type: 'S' }, { name: 'oid', type: 'N' });
  await putItems(
    client,
    customers,
    TWIN_CUSTOMERS.map((id, i) => ({ id: { S: id }, name: { S: `n${i}` } })),
  );
  const items = Array.from({ length: 30 }, (_, i) => ({
    cid: { S: TWIN_CUSTOMERS[i % 3]! },
    oid: { N: String(i) },
    total: { N: String((i * 7) % 31) + '.5' },
    status: { S: i % 4 ? 'open' : 'closed' },
  }));
  await putItems(client, orders, items);
  const engine = await openTestEngine();
  await createDocServer(engine, backend);
  await ok(
    engine,
    `create schema d; create schema l;
     create foreign table d.customers (id text not null, name text, score numeric)
       server dynamodb_server options (table '${customers}', rowid_column 'id');
     create foreign table d.orders (cid text not null, oid numeric not null, total numeric, status text)
       server dynamodb_server options (table '${orders}', rowid_column 'cid');
     create table l.customers (id text not null, name text, score numeric);
     create table l.orders (cid text not null, oid numeric not null, total numeric, status text);
     insert into l.customers values ${TWIN_CUSTOMERS.map((id, i) => `('${id}', 'n${i}', null)`).join(', ')};
     insert into l.orders values ${items
       .map((it) => `('${it.cid.S}', ${it.oid.N}, ${it.total.N}, '${it.status.S}')`)
       .join(', ')};
     ${objects('d')} ${objects('l')}`,
  );
  return engine;
}

/** Runs `sql` with `{s}` as `d` and as `l`, expects the same rows, and gives them. */
export async function sameRows(engine: Engine, sql: string): Promise<unknown[][]> {
  const d = await rows(engine, sql.replaceAll('{s}', 'd'));
  expect(d, sql).toEqual(await rows(engine, sql.replaceAll('{s}', 'l')));
  return d;
}
