import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import { createTable, endpointOf, ok, openTestEngine, putItems, uniqueName } from '../support/harness';
import { testClient } from '../support/ports';

/**
 * A server switched to another account's keys plans with that account's tables, not with what
 * DynamoDB said of the other account's table of the same name (DescribeTable and statistics are
 * cached by endpoint, region and role or server: session/table-cache.ts). DynamoDB Local keeps a
 * database per access key id: there, key id A's table `t` has a partition key only, B's a sort key too.
 *   A: where pk = 'x' → GetItem        B: where pk = 'x' → Query
 */
describe('a server switched to another account (DynamoDB Local: a database per access key id)', () => {
  const backend = 'dynamodb-local';
  let engine: Engine;
  const table = uniqueName('switch');
  const [A, B] = ['AKIDSWITCHA', 'AKIDSWITCHB'];

  beforeAll(async () => {
    const a = testClient(endpointOf(backend), A);
    await createTable(a, table, { name: 'pk', type: 'S' });
    await putItems(a, table, [{ pk: { S: 'x' }, sk: { S: 'only' } }]);
    a.destroy();
    const b = testClient(endpointOf(backend), B);
    await createTable(b, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'S' });
    await putItems(b, table, [
      { pk: { S: 'x' }, sk: { S: '1' } },
      { pk: { S: 'x' }, sk: { S: '2' } },
    ]);
    b.destroy();
    engine = await openTestEngine({ transactionWaitMs: 300 });
    await ok(
      engine,
      `create foreign data wrapper dynamodb_wrapper handler dynamo_db_fdw_handler validator dynamo_db_fdw_validator;
       create server sw foreign data wrapper dynamodb_wrapper options (aws_access_key_id '${A}',
         aws_secret_access_key 'secret', region 'us-east-1', endpoint_url '${endpointOf(backend)}');
       create foreign table t (pk text not null, sk text) server sw options (table '${table}', rowid_column 'pk')`,
    );
  });
  afterAll(() => engine?.close());

  function keys(id: string): string {
    return `alter server sw options (set aws_access_key_id '${id}', set aws_secret_access_key 'secret')`;
  }
  const read = "select sk from t where pk = 'x' order by sk";
  /** The access path and rows of `read` in `session` (the default one: where `ok` runs). */
  async function readIn(session?: string) {
    const r = await engine.execute(read, session ? { session } : {});
    if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
    const s = r.statements.at(-1)!;
    return { operation: s.plan!.scans[0]!.operation, rows: JSON.parse(toJson(s.rows)) as unknown[][] };
  }

  it("after ALTER SERVER to B's keys, B's table is described again: Query, not A's GetItem", async () => {
    expect(await readIn()).toEqual({ operation: 'GetItem', rows: [['only']] });
    await ok(engine, keys(B));
    // Before, A's description (30 s) planned a GetItem by pk alone: B's DynamoDB refused its key.
    expect(await readIn()).toEqual({ operation: 'Query', rows: [['1'], ['2']] });
    await ok(engine, keys(A));
    expect(await readIn()).toEqual({ operation: 'GetItem', rows: [['only']] });
  });

  it("a block's description under its own keys stays in the block: after ROLLBACK the others plan with A's", async () => {
    expect(await readIn('other')).toEqual({ operation: 'GetItem', rows: [['only']] });
    await ok(engine, 'begin');
    await ok(engine, keys(B));
    expect(await readIn()).toEqual({ operation: 'Query', rows: [['1'], ['2']] });
    await ok(engine, 'rollback');
    expect(await readIn('other')).toEqual({ operation: 'GetItem', rows: [['only']] });
    expect(await readIn()).toEqual({ operation: 'GetItem', rows: [['only']] });
  });
});
