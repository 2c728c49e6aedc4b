import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndexDescription,
  type LocalSecondaryIndexDescription,
  type OnDemandThroughput,
  type ProvisionedThroughputDescription,
  type TableDescription as AwsTableDescription,
  type Tag,
} from '@aws-sdk/client-dynamodb';
import type {
  IndexDescription,
  InspectedCapacity,
  InspectedIndex,
  InspectedPart,
  TableInspection,
  WarmThroughput,
} from '@dynascope/contract';
import { EngineError, SqlState } from '../errors';
import { awsError } from './aws-error';
import { keyAttributes } from './describe-table';

/**
 * Everything DynamoDB says about a table, through the server's client (and its retries):
 * `DescribeTable` (keys, indexes, capacity, size, stream, deletion protection), then
 * `DescribeTimeToLive`, `DescribeContinuousBackups` and `ListTagsOfResource`, each of which may be
 * refused on its own (an emulator without it, an IAM policy without the action): that part is
 * "unavailable" with the reason, the rest is shown. DescribeTable failing fails the inspection.
 *
 * `inspectTable(client, 'srv', 'orders')` → `{ table: 'orders', billingMode: 'PAY_PER_REQUEST',
 * indexes: [{ name: 'by_status', kind: 'GSI', status: 'ACTIVE', ... }], timeToLive: { available:
 * true, value: { status: 'ENABLED', attribute: 'expires' } }, pointInTimeRecovery: { available:
 * false, reason: 'UnknownOperationException: ...' }, ... }`
 */
export async function inspectTable(
  client: DynamoDBClient,
  server: string,
  table: string,
  signal?: AbortSignal,
): Promise<TableInspection> {
  let t: AwsTableDescription;
  try {
    t = (await client.send(new DescribeTableCommand({ TableName: table }), { abortSignal: signal })).Table!;
  } catch (e) {
    throw awsError(e, `DescribeTable ${table}`);
  }
  const describedAt = new Date().toISOString();
  const arn = t.TableArn ?? null;
  const part = <T>(call: string, get: () => Promise<T>) => optionalPart(call, table, get);
  const [timeToLive, pointInTimeRecovery, tags] = await Promise.all([
    part('DescribeTimeToLive', async () => {
      const d = (
        await client.send(new DescribeTimeToLiveCommand({ TableName: table }), { abortSignal: signal })
      ).TimeToLiveDescription;
      return { status: d?.TimeToLiveStatus ?? 'DISABLED', attribute: d?.AttributeName ?? null };
    }),
    part('DescribeContinuousBackups', async () => {
      const d = (
        await client.send(new DescribeContinuousBackupsCommand({ TableName: table }), { abortSignal: signal })
      ).ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
      return {
        status: d?.PointInTimeRecoveryStatus ?? 'DISABLED',
        earliestRestorableAt: d?.EarliestRestorableDateTime?.toISOString() ?? null,
        latestRestorableAt: d?.LatestRestorableDateTime?.toISOString() ?? null,
        recoveryPeriodInDays: d?.RecoveryPeriodInDays ?? null,
      };
    }),
    part('ListTagsOfResource', () => listTags(client, arn, signal)),
  ]);
  const defs = t.AttributeDefinitions ?? [];
  return {
    server,
    table,
    arn,
    status: t.TableStatus ?? null,
    createdAt: t.CreationDateTime?.toISOString() ?? null,
    ...keyAttributes(t.KeySchema ?? [], defs),
    indexes: [
      ...(t.GlobalSecondaryIndexes ?? []).map((ix): InspectedIndex => ({
        ...indexOf('GSI', ix, defs),
        status: ix.IndexStatus ?? null,
        backfilling: ix.Backfilling ?? false,
        ...capacityOf(t, ix.ProvisionedThroughput, ix.OnDemandThroughput, ix.WarmThroughput),
      })),
      // An LSI has no status and shares its table's capacity.
      ...(t.LocalSecondaryIndexes ?? []).map((ix): InspectedIndex => ({
        ...indexOf('LSI', ix, defs),
        status: null,
        backfilling: false,
        provisioned: null,
        onDemandMaximum: null,
        warmThroughput: null,
      })),
    ],
    billingMode: billingModeOf(t),
    tableClass: t.TableClassSummary?.TableClass ?? null,
    itemCount: t.ItemCount ?? null,
    sizeBytes: t.TableSizeBytes ?? null,
    describedAt,
    ...capacityOf(t, t.ProvisionedThroughput, t.OnDemandThroughput, t.WarmThroughput),
    stream: t.StreamSpecification?.StreamEnabled
      ? { viewType: t.StreamSpecification.StreamViewType ?? null, label: t.LatestStreamLabel ?? null }
      : null,
    deletionProtection: t.DeletionProtectionEnabled ?? null,
    timeToLive,
    pointInTimeRecovery,
    tags,
  };
}

/** A call of the inspection that may be refused on its own; a cancel still cancels the whole. */
async function optionalPart<T>(
  call: string,
  table: string,
  get: () => Promise<T>,
): Promise<InspectedPart<T>> {
  try {
    return { available: true, value: await get() };
  } catch (e) {
    const error = awsError(e, `${call} ${table}`);
    if (error.sqlstate === SqlState.queryCanceled) throw error;
    return { available: false, reason: error.message };
  }
}

/** ListTagsOfResource, every page. */
async function listTags(
  client: DynamoDBClient,
  arn: string | null,
  signal?: AbortSignal,
): Promise<{ key: string; value: string }[]> {
  if (!arn) throw new EngineError(SqlState.fdwError, 'DescribeTable gave no table ARN to list tags of');
  const tags: Tag[] = [];
  let next: string | undefined;
  do {
    const out = await client.send(
      new ListTagsOfResourceCommand({ ResourceArn: arn, ...(next && { NextToken: next }) }),
      { abortSignal: signal },
    );
    tags.push(...(out.Tags ?? []));
    next = out.NextToken;
  } while (next);
  return tags.map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
}

function billingModeOf(t: AwsTableDescription): string | null {
  return t.BillingModeSummary?.BillingMode ?? (t.ProvisionedThroughput ? 'PROVISIONED' : null);
}

/**
 * Provisioned units only for a provisioned table (DynamoDB reports 0/0 for on-demand ones), the
 * on-demand maximum only when set (-1 or absent: none).
 */
function capacityOf(
  t: AwsTableDescription,
  provisioned: ProvisionedThroughputDescription | undefined,
  onDemand: OnDemandThroughput | undefined,
  warm:
    | { ReadUnitsPerSecond?: number; WriteUnitsPerSecond?: number; Status?: string; TableStatus?: string }
    | undefined,
): InspectedCapacity {
  const limit = (n: number | undefined) => (n === undefined || n < 0 ? null : n);
  const max = onDemand && {
    readUnits: limit(onDemand.MaxReadRequestUnits),
    writeUnits: limit(onDemand.MaxWriteRequestUnits),
  };
  const warmThroughput: WarmThroughput | null = warm
    ? {
        readUnitsPerSecond: warm.ReadUnitsPerSecond ?? null,
        writeUnitsPerSecond: warm.WriteUnitsPerSecond ?? null,
        status: warm.Status ?? warm.TableStatus ?? null,
      }
    : null;
  return {
    provisioned:
      billingModeOf(t) === 'PROVISIONED' && provisioned
        ? {
            readUnits: provisioned.ReadCapacityUnits ?? null,
            writeUnits: provisioned.WriteCapacityUnits ?? null,
          }
        : null,
    onDemandMaximum: max && (max.readUnits !== null || max.writeUnits !== null) ? max : null,
    warmThroughput,
  };
}

function indexOf(
  kind: 'GSI' | 'LSI',
  ix: GlobalSecondaryIndexDescription | LocalSecondaryIndexDescription,
  defs: AttributeDefinition[],
): IndexDescription {
  return {
    name: ix.IndexName!,
    kind,
    ...keyAttributes(ix.KeySchema ?? [], defs),
    projection: (ix.Projection?.ProjectionType ?? 'ALL') as IndexDescription['projection'],
    projectedAttributes: ix.Projection?.NonKeyAttributes ?? [],
    itemCount: ix.ItemCount ?? null,
    sizeBytes: ix.IndexSizeBytes ?? null,
  };
}
