import {
  DescribeTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  type AttributeDefinition,
  type Projection,
} from '@aws-sdk/client-dynamodb';
import type { IndexInfo, KeyAttribute, TableInfo } from '../plan/key-schema';
import { awsError } from './aws-error';

/** DescribeTable → the key schema, indexes and sizes the planner needs. */
export async function describeTable(
  client: DynamoDBClient,
  table: string,
  signal?: AbortSignal,
): Promise<TableInfo> {
  let out;
  try {
    out = await client.send(new DescribeTableCommand({ TableName: table }), { abortSignal: signal });
  } catch (e) {
    throw awsError(e, `DescribeTable ${table}`);
  }
  const t = out.Table!;
  const defs = t.AttributeDefinitions ?? [];
  const keys = keyAttributes(t.KeySchema ?? [], defs);
  const index = (
    kind: 'GSI' | 'LSI',
    ix: {
      IndexName?: string;
      KeySchema?: KeySchemaElement[];
      Projection?: Projection;
      ItemCount?: number;
      IndexSizeBytes?: number;
    },
  ): IndexInfo => {
    const k = keyAttributes(ix.KeySchema ?? [], defs);
    return {
      name: ix.IndexName!,
      kind,
      partitionKey: k.partitionKey,
      sortKey: k.sortKey,
      projection: (ix.Projection?.ProjectionType ?? 'ALL') as IndexInfo['projection'],
      projectedAttributes: ix.Projection?.NonKeyAttributes ?? [],
      itemCount: ix.ItemCount ?? null,
      sizeBytes: ix.IndexSizeBytes ?? null,
    };
  };
  return {
    name: table,
    ...keys,
    indexes: [
      ...(t.GlobalSecondaryIndexes ?? []).map((ix) => index('GSI', ix)),
      ...(t.LocalSecondaryIndexes ?? []).map((ix) => index('LSI', ix)),
    ],
    itemCount: t.ItemCount ?? 0,
    sizeBytes: t.TableSizeBytes ?? 0,
    billingMode: t.BillingModeSummary?.BillingMode ?? (t.ProvisionedThroughput ? 'PROVISIONED' : null),
    capacity: {
      readUnits: t.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
      writeUnits: t.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
      maxReadUnits: Math.max(0, t.OnDemandThroughput?.MaxReadRequestUnits ?? 0),
      maxWriteUnits: Math.max(0, t.OnDemandThroughput?.MaxWriteRequestUnits ?? 0),
    },
  };
}

/** A key schema with each attribute's type from the attribute definitions. */
export function keyAttributes(
  schema: KeySchemaElement[],
  defs: AttributeDefinition[],
): { partitionKey: KeyAttribute; sortKey: KeyAttribute | null } {
  const typed = (name: string): KeyAttribute => ({
    name,
    type: (defs.find((d) => d.AttributeName === name)?.AttributeType ?? 'S') as KeyAttribute['type'],
  });
  const hash = schema.find((k) => k.KeyType === 'HASH')!;
  const range = schema.find((k) => k.KeyType === 'RANGE');
  return { partitionKey: typed(hash.AttributeName!), sortKey: range ? typed(range.AttributeName!) : null };
}
