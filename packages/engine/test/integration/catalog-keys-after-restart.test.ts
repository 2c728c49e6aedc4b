import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  putItems,
  reopenableHost,
  uniqueName,
} from '../support/harness';

/**
 * The catalog's key roles after a restart (review h4 item 3): a process that has not described a
 * table yet knows only `rowid_column`'s partition key, so the catalog says its keys are not
 * described (`keysDescribed: false`) — the workbench then refuses to edit its rows rather than
 * write `where customer_id = 'C0041'` to a whole partition. A statement over the table describes
 * it, and the catalog then has the sort key.
 *   customer_id (HASH), order_id (RANGE); import foreign schema → rowid_column 'customer_id'
 */
describe.each(BACKENDS)('catalog key roles after a restart on %s', (backend) => {
  const table = uniqueName('ck_orders');
  const client = clientOf(backend);
  let host: Awaited<ReturnType<typeof reopenableHost>> | undefined;
  let engine: Engine | undefined;
  const open = async () => (engine = await Engine.open({ vaultKey: 'test-vault-key', ...host!.options }));
  const keysOf = async (e: Engine) => {
    const t = (await e.catalog()).tables.find((x) => x.schema === 'ck' && x.dynamoTable === table)!;
    return {
      keysDescribed: t.keysDescribed,
      roles: t.columns.filter((c) => c.keyRole).map((c) => [c.name, c.keyRole]),
    };
  };

  beforeAll(async () => {
    host = await reopenableHost('catalog-keys-');
    await createTable(client, table, { name: 'customer_id', type: 'S' }, { name: 'order_id', type: 'S' });
    await putItems(
      client,
      table,
      Array.from({ length: 3 }, (_, i) => ({
        customer_id: { S: 'C0041' },
        order_id: { S: `o${i}` },
        note: { S: `n${i}` },
      })),
    );
  });
  afterAll(async () => {
    await engine?.close();
    await host?.remove();
  });

  it('says the keys are not described until a statement describes the table, then has the sort key', async () => {
    const first = await open();
    await createDocServer(first, backend);
    await ok(first, `create schema ck; import foreign schema dynamodb from server dynamodb_server into ck`);
    await ok(first, `select order_id from ck.${table} where customer_id = 'C0041'`);
    expect(await keysOf(first)).toEqual({
      keysDescribed: true,
      roles: [
        ['customer_id', 'partition'],
        ['order_id', 'sort'],
      ],
    });
    await first.close();
    engine = undefined;

    // A new process over the same catalog: nothing described yet.
    const second = await open();
    expect(await keysOf(second)).toEqual({
      keysDescribed: false,
      roles: [['customer_id', 'partition']],
    });
    await ok(second, `select order_id from ck.${table} where customer_id = 'C0041'`);
    expect(await keysOf(second)).toEqual({
      keysDescribed: true,
      roles: [
        ['customer_id', 'partition'],
        ['order_id', 'sort'],
      ],
    });
  });
});
