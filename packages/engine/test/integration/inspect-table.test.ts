import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  TagResourceCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { EngineError } from '../../src/errors';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';
import { policy, startMoto, type Moto } from '../support/moto';

/** A provisioned table with a GSI and an LSI, a stream and a tag: most of what the inspector shows. */
function provisionedTable(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'status', AttributeType: 'S' },
      { AttributeName: 'placed', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3 },
    GlobalSecondaryIndexes: [
      {
        IndexName: 'by_status',
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'placed', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] },
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 },
      },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'by_placed',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'placed', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    Tags: [{ Key: 'team', Value: 'orders' }],
  };
}

describe.each(BACKENDS)('the table inspector on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('inspected');
  const onDemand = uniqueName('on_demand');
  beforeAll(async () => {
    const client = clientOf(backend);
    await client.send(new CreateTableCommand(provisionedTable(table)));
    await client.send(
      new CreateTableCommand({
        TableName: onDemand,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await putItems(client, table, [
      { pk: { S: 'a' }, sk: { N: '1' }, status: { S: 'open' }, placed: { S: '2026-01-01' } },
      { pk: { S: 'a' }, sk: { N: '2' }, status: { S: 'paid' }, placed: { S: '2026-01-02' } },
    ]);
    // dynalite drops CreateTable's tags but has TagResource; DynamoDB Local has no tagging at all.
    if (backend === 'dynalite') {
      const arn = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!.TableArn;
      await client.send(
        new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'orders' }] }),
      );
    }
    // dynalite has no UpdateTimeToLive (UnknownOperationException): its TTL stays DISABLED.
    if (backend === 'dynamodb-local')
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: table,
          TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires_at' },
        }),
      );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
  });
  afterAll(() => engine?.close());

  it('shows keys, every index with its keys, projection, status and capacity, and billing', async () => {
    const before = Date.now();
    const t = await engine.inspectTable('dynamodb_server', table);
    expect(t).toMatchObject({
      server: 'dynamodb_server',
      table,
      status: 'ACTIVE',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'N' },
      billingMode: 'PROVISIONED',
      provisioned: { readUnits: 5, writeUnits: 3 },
      onDemandMaximum: null,
    });
    expect(t.arn).toMatch(new RegExp(`:table/${table}$`));
    expect(Date.parse(t.createdAt!)).toBeLessThanOrEqual(before);
    expect(Date.parse(t.describedAt)).toBeGreaterThanOrEqual(before);
    expect(t.indexes).toEqual([
      expect.objectContaining({
        name: 'by_status',
        kind: 'GSI',
        partitionKey: { name: 'status', type: 'S' },
        sortKey: { name: 'placed', type: 'S' },
        projection: 'INCLUDE',
        projectedAttributes: ['total'],
        status: 'ACTIVE',
        backfilling: false,
        provisioned: { readUnits: 2, writeUnits: 1 },
      }),
      expect.objectContaining({
        name: 'by_placed',
        kind: 'LSI',
        partitionKey: { name: 'pk', type: 'S' },
        sortKey: { name: 'placed', type: 'S' },
        projection: 'KEYS_ONLY',
        projectedAttributes: [],
        status: null,
        provisioned: null,
      }),
    ]);
    // Counts are DynamoDB's own (refreshed about every 6 hours; dynalite always says 0).
    expect(t.itemCount).toBe(backend === 'dynalite' ? 0 : 2);
    expect(typeof t.sizeBytes).toBe('number');
  });

  it("shows each call's part, or why the emulator refused it, without failing the rest", async () => {
    const t = await engine.inspectTable('dynamodb_server', table);
    // Neither emulator implements DescribeContinuousBackups.
    expect(t.pointInTimeRecovery).toEqual({
      available: false,
      reason: expect.stringMatching(/^UnknownOperationException.*\(DescribeContinuousBackups /),
    });
    if (backend === 'dynalite') {
      expect(t.timeToLive).toEqual({ available: true, value: { status: 'DISABLED', attribute: null } });
      expect(t.tags).toEqual({ available: true, value: [{ key: 'team', value: 'orders' }] });
      expect(t.stream).toBeNull(); // dynalite drops the stream specification
      expect(t.deletionProtection).toBeNull();
    } else {
      expect(t.timeToLive).toEqual({
        available: true,
        value: { status: 'ENABLED', attribute: 'expires_at' },
      });
      expect(t.tags).toEqual({
        available: false,
        reason: expect.stringMatching(/Tagging is not currently supported.*\(ListTagsOfResource /),
      });
      expect(t.stream).toEqual({ viewType: 'NEW_AND_OLD_IMAGES', label: expect.any(String) });
      expect(t.deletionProtection).toBe(false);
    }
  });

  it('gives an on-demand table no provisioned capacity', async () => {
    const t = await engine.inspectTable('dynamodb_server', onDemand);
    expect(t).toMatchObject({
      billingMode: 'PAY_PER_REQUEST',
      provisioned: null,
      sortKey: null,
      indexes: [],
    });
  });

  it('fails with a SQLSTATE for a table or server that does not exist', async () => {
    const missing = await engine
      .inspectTable('dynamodb_server', uniqueName('nosuch'))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(EngineError);
    expect((missing as EngineError).sqlstate).toBe('HV00R');
    expect((missing as EngineError).message).toMatch(/ResourceNotFoundException.*\(DescribeTable /);
    const server = await engine.inspectTable('nosuch', table).catch((e: unknown) => e);
    expect((server as EngineError).sqlstate).toBe('42704');
  });
});

/** IAM refuses the inspector's other calls (moto, IAM enforced): those parts say so, the rest is shown. */
describe('the table inspector under an IAM policy that allows DescribeTable only (moto)', () => {
  let moto: Moto;
  let engine: Engine;
  const table = uniqueName('guarded');
  beforeAll(async () => {
    moto = await startMoto();
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: moto.admin,
      maxAttempts: 1,
    });
    await iam.send(new CreateUserCommand({ UserName: 'describer' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'describer',
        PolicyName: 'describe',
        PolicyDocument: policy(['dynamodb:DescribeTable', 'sts:*']),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'describer' }))).AccessKey!;
    iam.destroy();
    const admin = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: moto.admin,
    });
    await admin.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        Tags: [{ Key: 'team', Value: 'core' }],
      }),
    );
    admin.destroy();
    engine = await openTestEngine();
    await ok(
      engine,
      `create foreign data wrapper dynamodb_wrapper;
       create server guarded foreign data wrapper dynamodb_wrapper options (
         aws_access_key_id '${key.AccessKeyId}', aws_secret_access_key '${key.SecretAccessKey}',
         region 'us-east-1', endpoint_url '${moto.endpoint}')`,
    );
  });
  afterAll(async () => {
    await engine?.close();
    await moto?.stop();
  });

  it('shows the description and "unavailable: AccessDenied" for the refused calls', async () => {
    const t = await engine.inspectTable('guarded', table);
    expect(t).toMatchObject({
      table,
      billingMode: 'PAY_PER_REQUEST',
      partitionKey: { name: 'id', type: 'S' },
    });
    for (const [part, call] of [
      [t.timeToLive, 'DescribeTimeToLive'],
      [t.pointInTimeRecovery, 'DescribeContinuousBackups'],
      [t.tags, 'ListTagsOfResource'],
    ] as const) {
      expect(part).toEqual({
        available: false,
        reason: expect.stringMatching(new RegExp(`AccessDenied.*${call}`)),
      });
    }
  });
});
