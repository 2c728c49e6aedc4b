import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * Whether a function the statement calls is an aggregate or set-returning decides its shape
 * (plan/statement/statement-shape.ts): `select f(n) from t limit 2` stops reading after 2 items only
 * while f returns one row for each. The answer is kept per catalog epoch (plan-cache.ts
 * anyAggregateOrSet): a function redefined as set-returning — in this session or another — is seen
 * by the next statement.
 */
describe('the kind of a function a statement calls follows its redefinition', () => {
  let engine: Engine;
  const table = uniqueName('kinds');
  const rows = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session });
    if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
    return r.statements
      .at(-1)!
      .rows.map((row) => row[0])
      .sort();
  };

  beforeAll(async () => {
    const client = clientOf('dynalite');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      Array.from({ length: 6 }, (_, i) => ({ id: { S: `k${i}` }, n: { N: String(i + 1) } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
    await ok(
      engine,
      `create foreign table t (id text, n int) server dynamodb_server options (table '${table}', rowid_column 'id');
       create function f(n int) returns int language sql immutable as 'select n * 10';`,
    );
  });
  afterAll(() => engine?.close());

  it('in this session and in another', async () => {
    expect(await rows('select f(n) from t limit 2', 'a')).toHaveLength(2);
    // Set-returning, and no row for the items read first whatever their order: only n > 4 give one.
    await rows(
      "drop function f(int); create function f(n int) returns setof int language sql immutable as 'select n where n > 4'",
      'b',
    );
    expect(await rows('select f(n) from t limit 2', 'a')).toEqual([5, 6]);
    await rows(
      "drop function f(int); create function f(n int) returns setof int language sql immutable as 'select n where n < 3'",
      'a',
    );
    expect(await rows('select f(n) from t limit 2', 'a')).toEqual([1, 2]);
    expect(await rows('select f(n) from t limit 2', 'b')).toEqual([1, 2]);
  });
});
