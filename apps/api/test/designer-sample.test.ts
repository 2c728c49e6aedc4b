import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY_ID, DEMO_REGION, DEMO_SECRET_ACCESS_KEY } from '../src/demo/demo-sql';
import { call, startDemoFixture, type DemoFixture } from './support/demo-fixture';
import { startLocalFixture, type LocalFixture } from './support/local-fixture';

/** The RCU DynamoDB reports for the Scan the designer's sample makes (`Limit` items). */
async function scanRcu(client: DynamoDBClient, table: string, limit: number): Promise<number | undefined> {
  const out = await client.send(
    new ScanCommand({ TableName: table, Limit: limit, ReturnConsumedCapacity: 'TOTAL' }),
  );
  return out.ConsumedCapacity?.CapacityUnits;
}

// The designer's sample is a read like any other (issue 17, defect 8): the describe answer carries
// its RCU (consumedRcu), the same DynamoDB reports for the same Scan.
describe('GET /api/servers/:server/tables/:table reports the RCU its sample consumed, on dynalite', () => {
  let fx: DemoFixture;
  beforeAll(async () => {
    fx = await startDemoFixture({ events: 200 });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('a sample of 100 events: consumedRcu as DynamoDB reports it, above 0; a sample of 0 reads nothing', async () => {
    const res = await call(fx.app, 'GET', '/api/servers/demo/tables/events?sampleSize=100');
    expect(res.status).toBe(200);
    expect(res.body.sampleSize).toBe(100);
    const client = new DynamoDBClient({
      endpoint: fx.dynalite.endpoint,
      region: DEMO_REGION,
      credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
    });
    try {
      const reported = await scanRcu(client, 'events', 100);
      expect(reported).toBeGreaterThan(0);
      expect(res.body.consumedRcu).toBe(reported);
    } finally {
      client.destroy();
    }
    // As completion asks (no sampleSize: the server's 100), with what to price it by (issue 17).
    const asCompletion = await call(fx.app, 'GET', '/api/servers/demo/tables/events');
    expect(asCompletion.body).toMatchObject({ sampleSize: 100, consumedRcu: res.body.consumedRcu });
    expect(asCompletion.body).toMatchObject({ billingMode: 'PAY_PER_REQUEST', region: DEMO_REGION });
    const none = await call(fx.app, 'GET', '/api/servers/demo/tables/events?sampleSize=0');
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ sampleSize: 0, consumedRcu: 0, attributes: [] });
  });
});

describe('GET /api/servers/:server/tables/:table reports the RCU its sample consumed, on DynamoDB Local', () => {
  let local: LocalFixture;
  beforeAll(async () => {
    local = await startLocalFixture({
      keyId: 'AKIALOCALDESIGNER001',
      secret: 'local/designer/secret/7c2e9a',
    });
    await local.client.send(
      new CreateTableCommand({
        TableName: 'notes',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    for (let from = 0; from < 100; from += 25) {
      await local.client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            notes: Array.from({ length: 25 }, (_, i) => ({
              PutRequest: { Item: { id: { S: `n${from + i}` }, body: { S: 'y'.repeat(700) } } },
            })),
          },
        }),
      );
    }
  });
  afterAll(async () => {
    await local?.close();
  });

  it('a sample of 60 items: consumedRcu as DynamoDB Local reports it, above 0', async () => {
    const res = await call(local.app, 'GET', '/api/servers/local/tables/notes?sampleSize=60');
    expect(res.status).toBe(200);
    expect(res.body.sampleSize).toBe(60);
    const reported = await scanRcu(local.client, 'notes', 60);
    expect(reported).toBeGreaterThan(0);
    expect(res.body.consumedRcu).toBe(reported);
  });

  it('as completion asks (no sampleSize): 100 items, their RCU as reported, the billing mode and region', async () => {
    const res = await call(local.app, 'GET', '/api/servers/local/tables/notes');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sampleSize: 100, billingMode: 'PAY_PER_REQUEST', region: 'us-east-1' });
    const reported = await scanRcu(local.client, 'notes', 100);
    expect(reported).toBeGreaterThan(0);
    expect(res.body.consumedRcu).toBe(reported);
  });
});
