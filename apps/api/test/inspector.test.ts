import { CreateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppType } from '../src/app';
import { DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY } from '../src/demo/demo-sql';
import { call, startDemoFixture, type DemoFixture } from './support/demo-fixture';
import { startLocalFixture, type LocalFixture } from './support/local-fixture';

// The demo on dynalite, then a table on DynamoDB Local (the engine's suite adds IAM refusals).
let fx: DemoFixture;
beforeAll(async () => {
  fx = await startDemoFixture({ events: 50 });
});
afterAll(async () => {
  await fx?.close();
});

describe('GET /api/servers/:server/tables/:table/inspect', () => {
  it("answers the table's keys, indexes, capacity and each part or why it is unavailable", async () => {
    const res = await call(fx.app, 'GET', '/api/servers/demo/tables/orders/inspect');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      server: 'demo',
      table: 'orders',
      status: 'ACTIVE',
      partitionKey: { name: 'customer_id', type: 'S' },
      sortKey: { name: 'order_date', type: 'S' },
      billingMode: 'PAY_PER_REQUEST',
      provisioned: null,
      timeToLive: { available: true, value: { status: 'DISABLED', attribute: null } },
      tags: { available: true, value: [] },
    });
    expect(res.body.indexes).toEqual([
      expect.objectContaining({
        name: 'by_status',
        kind: 'GSI',
        status: 'ACTIVE',
        projection: expect.any(String),
      }),
    ]);
    expect(res.body.pointInTimeRecovery).toEqual({
      available: false,
      reason: expect.stringMatching(/^UnknownOperationException.*DescribeContinuousBackups orders/),
    });
    expect(Number.isNaN(Date.parse(res.body.describedAt))).toBe(false);
  });

  it('answers errors in the error shape with their SQLSTATE', async () => {
    const table = await call(fx.app, 'GET', '/api/servers/demo/tables/nosuch/inspect');
    expect(table.status).toBe(400);
    expect(table.body.error).toMatchObject({
      sqlstate: 'HV00R',
      message: expect.stringMatching(/ResourceNotFound/),
    });
    const server = await call(fx.app, 'GET', '/api/servers/nosuch/tables/orders/inspect');
    expect(server.status).toBe(404);
    expect(server.body.error.sqlstate).toBe('42704');
  });
});

describe('GET /api/ddl', () => {
  it('shows a server without its credentials', async () => {
    const res = await call(fx.app, 'GET', '/api/ddl?server=demo');
    expect(res.status).toBe(200);
    expect(res.body.sql).toMatch(/^create server demo foreign data wrapper \w+ options \(\n/);
    expect(res.body.sql).toContain("region 'us-east-1'");
    for (const secret of [DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY]) expect(res.text).not.toContain(secret);
  });

  it("a foreign table's DDL, run after dropping it, gives the same table back (through /api/sql)", async () => {
    const ddl = await call(fx.app, 'GET', '/api/ddl?schema=public&table=orders');
    expect(ddl.status).toBe(200);
    expect(ddl.body.sql).toMatch(/^create foreign table public\.orders \(\n {2}customer_id text/);
    const entry = async () =>
      (await call(fx.app, 'GET', '/api/catalog')).body.tables.find(
        (t: { schema: string; name: string }) => t.schema === 'public' && t.name === 'orders',
      );
    const before = await entry();
    const run = async (sql: string) => (await call(fx.app, 'POST', '/api/sql', { body: { sql } })).status;
    expect(await run('drop foreign table public.orders')).toBe(200);
    expect(await entry()).toBeUndefined();
    expect(await run(ddl.body.sql)).toBe(200);
    expect(await entry()).toEqual(before);
  });

  it('a schema, and refusals in the error shape', async () => {
    const schema = await call(fx.app, 'GET', '/api/ddl?schema=dynamodb');
    expect(schema.status).toBe(200);
    expect(schema.body.sql.match(/^create foreign table dynamodb\.\w+/gm)).toEqual([
      'create foreign table dynamodb.events',
      'create foreign table dynamodb.orders',
      'create foreign table dynamodb.products',
      'create foreign table dynamodb.users',
    ]);
    const neither = await call(fx.app, 'GET', '/api/ddl');
    expect(neither.status).toBe(400);
    expect(neither.body.error.message).toMatch(/give "server", or "schema"/);
    const missing = await call(fx.app, 'GET', '/api/ddl?schema=public&table=nosuch');
    expect(missing.status).toBe(404);
    expect(missing.body.error.sqlstate).toBe('42P01');
  });
});

describe('the inspector and DDL on DynamoDB Local', () => {
  const KEY_ID = 'AKIALOCALINSPECT0001';
  const SECRET = 'local/inspect/secret/2f6c1d';
  let local: LocalFixture;
  let app: AppType;
  beforeAll(async () => {
    local = await startLocalFixture({ keyId: KEY_ID, secret: SECRET });
    app = local.app;
    await local.client.send(
      new CreateTableCommand({
        TableName: 'sessions',
        AttributeDefinitions: [{ AttributeName: 'sid', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'sid', KeyType: 'HASH' }],
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 2 },
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    await local.client.send(
      new UpdateTimeToLiveCommand({
        TableName: 'sessions',
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' },
      }),
    );
  });
  afterAll(async () => {
    await local?.close();
  });

  it('answers what DynamoDB Local reports, and "unavailable" for what it does not implement', async () => {
    const res = await call(app, 'GET', '/api/servers/local/tables/sessions/inspect');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      table: 'sessions',
      billingMode: 'PROVISIONED',
      provisioned: { readUnits: 4, writeUnits: 2 },
      stream: { viewType: 'KEYS_ONLY' },
      deletionProtection: false,
      timeToLive: { available: true, value: { status: 'ENABLED', attribute: 'expires' } },
      tags: { available: false, reason: expect.stringMatching(/Tagging is not currently supported/) },
      pointInTimeRecovery: { available: false, reason: expect.stringMatching(/^UnknownOperationException/) },
    });
  });

  it("shows the server's vaulted keys as placeholders, never their values", async () => {
    const res = await call(app, 'GET', '/api/ddl?server=local');
    expect(res.status).toBe(200);
    expect(res.body.sql).toContain("aws_access_key_id '<in the vault>'");
    expect(res.body.sql).toContain(`endpoint_url '${local.endpoint}'`);
    for (const secret of [KEY_ID, SECRET]) expect(res.text).not.toContain(secret);
  });
});
