import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import type { ExecuteOptions } from '../../src/types';
import { clientOf, createDocServer, createTable, openTestEngine, uniqueName } from '../support/harness';

/**
 * The implicit transaction of an extended-protocol pipeline (ExecuteOptions.pipeline, ended by
 * Engine.endPipeline at Sync): what the host did since the last Sync is rolled back by an error, and
 * committed at Sync; a foreign write goes to DynamoDB as it runs. On both hosts (npm run test:pg).
 */
let engine: Engine;
let client: DynamoDBClient;
const table = uniqueName('pipeline');

beforeAll(async () => {
  client = clientOf('dynalite');
  await createTable(client, table, { name: 'id', type: 'S' });
  engine = await openTestEngine();
  await createDocServer(engine, 'dynalite');
  const setup = await engine.execute(
    `create foreign table pt (id text not null, n integer) server dynamodb_server options (table '${table}', rowid_column 'id');
     create table pk (a int);
     create table pa (a int primary key);
     create table pb (a int references pa deferrable initially deferred)`,
  );
  expect(setup.error).toBeUndefined();
});
afterAll(() => engine?.close());

/** One Execute of a pipeline in session `s`: its error's SQLSTATE and message, or its command. */
async function execute(s: string, sql: string): Promise<string> {
  const options: ExecuteOptions = { session: s, pipeline: true };
  const r = await engine.execute(sql, options);
  return r.error ? `${r.error.sqlstate} ${r.error.message}` : r.statements[0]!.command;
}

async function rows(s: string, sql: string): Promise<unknown[][]> {
  const r = await engine.execute(sql, { session: s });
  expect(r.error).toBeUndefined();
  return JSON.parse(toJson(r.statements[0]!.rows)) as unknown[][];
}

describe('a pipeline of Executes', () => {
  it('commits at Sync what its statements did, and opens no block for reads alone', async () => {
    const s = uniqueName('s');
    expect(await execute(s, 'select 1')).toBe('SELECT');
    expect(engine.inTransaction(s)).toBe(false);
    expect(await execute(s, 'insert into pk values (1)')).toBe('INSERT');
    expect(await execute(s, 'insert into pk values (2)')).toBe('INSERT');
    expect(engine.inTransaction(s)).toBe(true);
    expect(await engine.endPipeline(s, true)).toBeUndefined();
    expect(engine.inTransaction(s)).toBe(false);
    expect(await rows(s, 'select a from pk order by a')).toEqual([[1], [2]]);
    await engine.closeSession(s);
  });

  it("rolls back the host's part at an error, or at a Sync after a failed message, keeping a foreign write", async () => {
    const s = uniqueName('s');
    expect(await execute(s, "insert into pt (id, n) values ('w1', 1)")).toBe('INSERT');
    expect(await execute(s, 'insert into pk values (10)')).toBe('INSERT');
    expect(await execute(s, 'select 1 / 0')).toBe('22012 division by zero');
    expect(engine.inTransaction(s)).toBe(false);
    expect(await engine.endPipeline(s, false)).toBeUndefined();
    // The wire's own failure (a Bind refused): Sync rolls back.
    expect(await execute(s, 'insert into pk values (11)')).toBe('INSERT');
    expect(await engine.endPipeline(s, false)).toBeUndefined();
    expect(await rows(s, 'select count(*)::int from pk where a >= 10')).toEqual([[0]]);
    const item = await client.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'w1' } } }));
    expect(item.Item?.n).toEqual({ N: '1' });
    await engine.closeSession(s);
  });

  it("answers a COMMIT's failure at Sync, the block rolled back", async () => {
    const s = uniqueName('s');
    expect(await execute(s, 'insert into pb values (1)')).toBe('INSERT');
    expect(await engine.endPipeline(s, true)).toMatchObject({ sqlstate: '23503' });
    expect(engine.inTransaction(s)).toBe(false);
    expect(await rows(s, 'select count(*)::int from pb')).toEqual([[0]]);
    await engine.closeSession(s);
  });

  it('leaves a block BEGIN opened to its COMMIT, with the statements before it', async () => {
    const s = uniqueName('s');
    expect(await execute(s, 'insert into pk values (20)')).toBe('INSERT');
    expect(await execute(s, 'begin')).toBe('BEGIN');
    expect(await engine.endPipeline(s, true)).toBeUndefined();
    expect(engine.inTransaction(s)).toBe(true);
    expect((await engine.execute('rollback', { session: s })).error).toBeUndefined();
    expect(await rows(s, 'select count(*)::int from pk where a = 20')).toEqual([[0]]);
    await engine.closeSession(s);
  });
});
