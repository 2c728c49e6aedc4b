import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';

describe.each(BACKENDS)('smoke on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('users');
  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      { id: { S: 'u1' }, name: { S: 'Ann' } },
      { id: { S: 'u2' }, name: { S: 'Bob' } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema dynamodb; create foreign table dynamodb.users (id text not null, name text) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(() => engine?.close());

  it('reads a foreign table', async () => {
    expect(await rows(engine, 'select id, name from dynamodb.users order by id')).toEqual([
      ['u1', 'Ann'],
      ['u2', 'Bob'],
    ]);
  });
});
