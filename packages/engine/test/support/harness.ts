import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  ScanCommand,
  type AttributeDefinition,
  type AttributeValue,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { ServerDef } from '../../src/catalog/foreign-table';
import { Engine, type EngineOptions } from '../../src/engine';
import type { ScriptResult, StatementResult } from '../../src/types';
import { toJson } from '../../src/json';
import { testClient } from './ports';
import { createTestDatabase, testPostgresUrl } from './pg-database';

export const BACKENDS = ['dynalite', 'dynamodb-local'] as const;
export type Backend = (typeof BACKENDS)[number];

export function endpointOf(backend: Backend): string {
  return inject('endpoints')[backend];
}

export function clientOf(backend: Backend): DynamoDBClient {
  return testClient(endpointOf(backend));
}

/** A fresh engine on a fresh in-memory host (from the template made in global setup). */
export async function openTestEngine(
  options: Omit<EngineOptions, 'loadDataDir' | 'databaseUrl'> = {},
): Promise<Engine> {
  return Engine.open({ vaultKey: 'test-vault-key', ...options, ...(await freshHost()) });
}

/**
 * Where a fresh test engine's host comes from: a PGlite from the template made in global setup, or
 * in the run on the PostgreSQL host (npm run test:pg), a fresh database of the test cluster.
 */
export async function freshHost(): Promise<Pick<EngineOptions, 'loadDataDir' | 'databaseUrl'>> {
  if (testPostgresUrl()) return { databaseUrl: await createTestDatabase() };
  return { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) };
}

/**
 * A host an engine can be closed over and opened again, as a server restart does: a PGlite data
 * directory of its own, or on the PostgreSQL host a fresh database. `remove` deletes the directory.
 */
export async function reopenableHost(
  prefix: string,
): Promise<{ options: Pick<EngineOptions, 'dataDir' | 'databaseUrl'>; remove: () => Promise<void> }> {
  const fresh = await freshHost();
  if (fresh.databaseUrl) return { options: { databaseUrl: fresh.databaseUrl }, remove: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { options: { dataDir: dir }, remove: () => rm(dir, { recursive: true, force: true }) };
}

let counter = 0;
/** Table names unique to this test file and run. */
export function uniqueName(base: string): string {
  return `${base}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
}

/** The wrapper's documented setup (FDW, vault secrets, server), pointed at an emulator. */
export async function createDocServer(
  engine: Engine,
  backend: Backend,
  server = 'dynamodb_server',
  endpoint = endpointOf(backend),
): Promise<void> {
  await ok(
    engine,
    `
    create foreign data wrapper dynamodb_wrapper handler dynamo_db_fdw_handler validator dynamo_db_fdw_validator;
    select vault.create_secret('AKIDTESTTESTTEST', '${server}_key', 'AWS access key ID for DynamoDB Wrappers');
    select vault.create_secret('test-secret', '${server}_secret', 'AWS secret access key for DynamoDB Wrappers');
    create server ${server} foreign data wrapper dynamodb_wrapper options (
      vault_access_key_id '${server}_key',
      vault_secret_access_key '${server}_secret',
      region 'us-east-1',
      endpoint_url '${endpoint}'
    );`,
  );
}

/** Runs SQL and fails the test with the engine's error if any statement failed. */
export async function ok(engine: Engine, sql: string): Promise<StatementResult[]> {
  const r = await engine.execute(sql, { pageSize: 100_000 });
  if (r.error)
    throw new Error(
      `${r.error.sqlstate} ${r.error.message} (statement ${r.error.statementIndex}, position ${r.error.position})`,
    );
  return r.statements;
}

/** The last statement's rows, as plain JSON values (JsonText parsed as JSON text, exactly). */
export async function rows(engine: Engine, sql: string): Promise<unknown[][]> {
  const s = await ok(engine, sql);
  return JSON.parse(toJson(s.at(-1)!.rows)) as unknown[][];
}

export async function fails(engine: Engine, sql: string): Promise<NonNullable<ScriptResult['error']>> {
  const r = await engine.execute(sql);
  if (!r.error) throw new Error(`expected an error from: ${sql}`);
  return r.error;
}

export interface KeyDef {
  name: string;
  type: 'S' | 'N' | 'B';
}

export async function createTable(
  client: DynamoDBClient,
  name: string,
  pk: KeyDef,
  sk?: KeyDef,
  gsis: { name: string; pk: KeyDef; sk?: KeyDef; projection?: 'ALL' | 'KEYS_ONLY' }[] = [],
): Promise<void> {
  const defs = new Map<string, AttributeDefinition>();
  const key = (k: KeyDef, type: 'HASH' | 'RANGE'): KeySchemaElement => {
    defs.set(k.name, { AttributeName: k.name, AttributeType: k.type });
    return { AttributeName: k.name, KeyType: type };
  };
  const schema = [key(pk, 'HASH'), ...(sk ? [key(sk, 'RANGE')] : [])];
  const indexes: GlobalSecondaryIndex[] = gsis.map((g) => ({
    IndexName: g.name,
    KeySchema: [key(g.pk, 'HASH'), ...(g.sk ? [key(g.sk, 'RANGE')] : [])],
    Projection: { ProjectionType: g.projection ?? 'ALL' },
  }));
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: schema,
      AttributeDefinitions: [...defs.values()],
      BillingMode: 'PAY_PER_REQUEST',
      ...(indexes.length && { GlobalSecondaryIndexes: indexes }),
    }),
  );
  for (;;) {
    const d = await client.send(new DescribeTableCommand({ TableName: name }));
    if (
      d.Table?.TableStatus === 'ACTIVE' &&
      (d.Table.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')
    )
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function putItems(
  client: DynamoDBClient,
  table: string,
  items: Record<string, AttributeValue>[],
): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, { PutRequest: { Item: Record<string, AttributeValue> } }[]> = {
      [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (Object.keys(pending).length) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: pending }));
      pending = (out.UnprocessedItems ?? {}) as typeof pending;
    }
  }
}

/** Every item of a table as DynamoDB holds it now (consistent Scan pages, followed to the end). */
export async function allItems(
  client: DynamoDBClient,
  table: string,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * A server definition as the catalog gives it, with plain keys (which read no vault) on `backend`:
 * for tests that build a ClientCache themselves.
 */
export function plainKeyServer(oid: number, name: string, backend: Backend = 'dynalite'): ServerDef {
  return {
    oid,
    name,
    options: {
      aws_access_key_id: 'AKIDR',
      aws_secret_access_key: 'secret-r',
      region: 'us-east-1',
      endpoint_url: endpointOf(backend),
    },
  };
}
