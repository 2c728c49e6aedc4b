import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// Patched first, as dynalite-child.cjs does; it hands back the AbstractLevel of dynalite's store.
const { AbstractLevel } = require('./close-level-iterators.cjs') as {
  AbstractLevel: { prototype: Record<string, (resource: object) => void> };
};
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

/**
 * dynalite 4.0.0 left the LevelDB iterator of every Scan and Query page open (close-level-iterators.cjs):
 * the store's open iterators are counted as abstract-level attaches and detaches them.
 */
describe('the embedded DynamoDB closes the iterators its pages read with', () => {
  const open = new Set<object>();
  let attached = 0;
  const proto = AbstractLevel.prototype;
  const attach = proto.attachResource!;
  const detach = proto.detachResource!;
  let server: Server;
  let client: DynamoDBClient;
  const dir = mkdtempSync(join(tmpdir(), 'dynascope-iterators-'));

  beforeAll(async () => {
    proto.attachResource = function (this: unknown, resource: object) {
      attached++;
      open.add(resource);
      attach.call(this, resource);
    };
    proto.detachResource = function (this: unknown, resource: object) {
      open.delete(resource);
      detach.call(this, resource);
    };
    server = dynalite({ path: dir, createTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await client.send(
      new CreateTableCommand({
        TableName: 'pages',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
        ],
      }),
    );
    const item = (n: number): Record<string, AttributeValue> => ({
      pk: { S: `p${n % 2}` },
      sk: { N: String(n) },
    });
    for (let from = 0; from < 40; from += 20)
      await client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            pages: Array.from({ length: 20 }, (_, i) => ({ PutRequest: { Item: item(from + i) } })),
          },
        }),
      );
  });

  afterAll(async () => {
    proto.attachResource = attach;
    proto.detachResource = detach;
    client?.destroy();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('none stays open after Scan and Query pages, whole or cut by Limit', async () => {
    const before = attached;
    let pages = 0;
    let items = 0;
    let key: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: 'pages', Limit: 7, ExclusiveStartKey: key }),
      );
      pages++;
      items += page.Items!.length;
      key = page.LastEvaluatedKey;
    } while (key);
    const query = await client.send(
      new QueryCommand({
        TableName: 'pages',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'p1' } },
        Limit: 5,
      }),
    );
    await client.send(new ScanCommand({ TableName: 'pages' }));
    expect([items, pages, query.Items!.length]).toEqual([40, 6, 5]);
    // The pages did read through iterators (at least one each) …
    expect(attached - before).toBeGreaterThanOrEqual(pages + 2);
    // … and closed every one (a stream's close lands a turn after its last page is answered).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(open.size).toBe(0);
  });
});
