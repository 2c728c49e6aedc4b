import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { listTables } from './list-tables';
import { requireServer } from '../catalog/foreign-table';
import type { Host } from '../host/host';
import { attributeType } from '../load/attribute-json';
import { isIso8601 } from '../load/is-iso-8601';
import type { SampledAttribute, TableDescription } from '../types';
import { awsError } from './aws-error';
import type { ClientCache } from './client-cache';
import { describeTable } from './describe-table';

async function serverClient(host: Host, clients: ClientCache, server: string): Promise<DynamoDBClient> {
  return clients.clientFor(await requireServer(host, server));
}

/** ListTables on a server, every page. */
export async function listDynamoTables(
  host: Host,
  clients: ClientCache,
  server: string,
  signal?: AbortSignal,
): Promise<string[]> {
  return listTables(await serverClient(host, clients, server), signal);
}

/**
 * DescribeTable plus one Scan page of `sampleSize` items (none for 0): attribute names, types,
 * frequency, a suggested type, and the RCU the Scan consumed (defect 8: every read is counted), with
 * the billing mode and region to price it by.
 * `describeForDesigner(h, c, 'demo', 'orders', 100)` → DescribeTable `{ TableName: 'orders' }`, then
 * Scan `{ TableName: 'orders', Limit: 100, ReturnConsumedCapacity: 'TOTAL' }`.
 */
export async function describeForDesigner(
  host: Host,
  clients: ClientCache,
  server: string,
  table: string,
  sampleSize: number,
  signal?: AbortSignal,
): Promise<TableDescription> {
  const def = await requireServer(host, server);
  const client = await clients.clientFor(def);
  const region = await clients.regionFor(def);
  const info = await describeTable(client, table, signal);
  const { items, consumedRcu } = await sampleItems(client, table, sampleSize, signal);
  const stats = new Map<string, { types: Record<string, number>; count: number; values: string[] }>();
  for (const item of items) {
    for (const [name, value] of Object.entries(item)) {
      const s = stats.get(name) ?? { types: {}, count: 0, values: [] };
      const t = attributeType(value);
      s.types[t] = (s.types[t] ?? 0) + 1;
      s.count++;
      if (value.S !== undefined && s.values.length < 20) s.values.push(value.S);
      if (value.N !== undefined && s.values.length < 20) s.values.push(value.N);
      stats.set(name, s);
    }
  }
  const attributes: SampledAttribute[] = [...stats.entries()]
    .map(([name, s]) => ({
      name,
      types: s.types,
      frequency: items.length ? s.count / items.length : 0,
      suggestedType: suggestType(s.types, s.values),
    }))
    .sort((a, b) => b.frequency - a.frequency || a.name.localeCompare(b.name));
  return {
    table,
    partitionKey: info.partitionKey,
    sortKey: info.sortKey,
    indexes: info.indexes,
    itemCount: info.itemCount,
    sizeBytes: info.sizeBytes,
    billingMode: info.billingMode,
    ...(region && { region }),
    sampleSize: items.length,
    consumedRcu,
    attributes,
  };
}

/** One Scan page of at most `sampleSize` items (1000 at most; no request for 0) and the RCU it consumed. */
async function sampleItems(
  client: DynamoDBClient,
  table: string,
  sampleSize: number,
  signal?: AbortSignal,
): Promise<{ items: Record<string, AttributeValue>[]; consumedRcu: number }> {
  if (sampleSize <= 0) return { items: [], consumedRcu: 0 };
  try {
    const out = await client.send(
      new ScanCommand({
        TableName: table,
        Limit: Math.min(sampleSize, 1000),
        ReturnConsumedCapacity: 'TOTAL',
      }),
      { abortSignal: signal },
    );
    return { items: out.Items ?? [], consumedRcu: out.ConsumedCapacity?.CapacityUnits ?? 0 };
  } catch (e) {
    throw awsError(e, `Scan ${table}`);
  }
}

/** The Postgres type a column reading these DynamoDB types should have. */
export function suggestType(types: Record<string, number>, values: readonly string[]): string {
  const kinds = Object.keys(types).filter((t) => t !== 'NULL');
  if (kinds.length !== 1) return kinds.every((k) => k === 'S' || k === 'N') ? 'text' : 'jsonb';
  switch (kinds[0]) {
    case 'S':
      if (values.length && values.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))) return 'date';
      if (values.length && values.every((v) => isIso8601(v) && v.length > 10)) return 'timestamptz';
      return 'text';
    case 'N':
      return values.every((v) => /^-?\d{1,18}$/.test(v)) ? 'bigint' : 'numeric';
    case 'BOOL':
      return 'boolean';
    case 'B':
      return 'bytea';
    default:
      return 'jsonb';
  }
}
