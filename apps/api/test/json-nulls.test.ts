import {
  type AttributeValue,
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY_ID, DEMO_REGION, DEMO_SECRET_ACCESS_KEY } from '../src/demo/demo-sql';
import { call, startDemoFixture, type DemoFixture } from './support/demo-fixture';

// One real engine + dynalite: an item with a DynamoDB NULL attribute and a jsonb column holding
// JSON null, another with neither attribute (SQL NULL) — issue 17, defect 6.
let fx: DemoFixture;

beforeAll(async () => {
  fx = await startDemoFixture({ events: 10 });
  const client = new DynamoDBClient({
    endpoint: fx.dynalite.endpoint,
    region: DEMO_REGION,
    credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
  });
  await client.send(
    new CreateTableCommand({
      TableName: 'nulls',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: 'nulls' });
  const items: Record<string, AttributeValue>[] = [
    { id: { S: 'n1' }, doc: { S: 'null' }, gone: { NULL: true } },
    { id: { S: 'n2' } },
  ];
  for (const Item of items) await client.send(new PutItemCommand({ TableName: 'nulls', Item }));
  client.destroy();
  const made = await call(fx.app, 'POST', '/api/sql', {
    body: {
      sql: `create foreign table public.nulls (id text not null, doc jsonb, _attrs jsonb)
              server demo options (table 'nulls', rowid_column 'id')`,
    },
  });
  expect(made.status).toBe(200);
});
afterAll(async () => {
  await fx?.close();
});

const SQL = `select id, doc, _attrs->'gone' as gone, _attrs->>'gone' as gone_text, _attrs from nulls order by id`;

describe('JSON null apart from SQL NULL', () => {
  it('POST /api/sql sends both as null, and jsonNulls names the JSON ones', async () => {
    const res = await call(fx.app, 'POST', '/api/sql', { body: { sql: SQL } });
    expect(res.status).toBe(200);
    const [s] = res.body.statements;
    expect(s.rows).toEqual([
      ['n1', null, null, null, { gone: null }],
      ['n2', null, null, null, null],
    ]);
    expect(s.jsonNulls).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });

  it('the stream result and next pages carry them too, each page for its own rows', async () => {
    const res = await call(fx.app, 'POST', '/api/sql/stream', { body: { sql: SQL } });
    const last = JSON.parse(res.text.trim().split('\n').at(-1)!);
    expect(last.type).toBe('result');
    expect(last.statements[0].jsonNulls).toEqual([
      [0, 1],
      [0, 2],
    ]);

    const first = await call(fx.app, 'POST', '/api/sql', {
      body: { sql: `select id, doc from nulls order by id desc`, pageSize: 1 },
    });
    expect(first.body.statements[0].rows).toEqual([['n2', null]]);
    expect(first.body.statements[0].jsonNulls).toBeUndefined();
    const next = await call(fx.app, 'POST', '/api/sql/next', {
      body: { cursor: first.body.statements[0].cursor },
    });
    expect(next.body.rows).toEqual([['n1', null]]);
    expect(next.body.jsonNulls).toEqual([[0, 1]]);
  });

  it('a csv export shows the difference as Postgres does: JSON null as null, SQL NULL as nothing', async () => {
    const res = await call(fx.app, 'POST', '/api/copy', {
      body: { sql: `copy (${SQL}) to stdout (format csv, header)` },
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      'id,doc,gone,gone_text,_attrs\n' + 'n1,null,null,,"{""gone"": null}"\n' + 'n2,,,,\n',
    );
  });
});
