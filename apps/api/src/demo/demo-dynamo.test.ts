import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY } from './demo-sql';
import { DEMO_PRODUCT_COUNT, DEMO_USER_COUNT } from './demo-items';
import { seedDemoOnce, startDemoDynalite } from './demo-dynamo';

const dataDir = mkdtempSync(join(tmpdir(), 'dynascope-demo-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const clientFor = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
  });

async function count(client: DynamoDBClient, table: string): Promise<number> {
  let total = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return total;
}

describe('startDemoDynalite + seedDemoOnce', () => {
  it('seeds the demo tables on the first start and reuses them on the next', async () => {
    const lines: string[] = [];
    const first = await startDemoDynalite(dataDir);
    expect(await seedDemoOnce(first, { dataDir, events: 3000, log: (line) => lines.push(line) })).toBe(true);
    const client = clientFor(first.endpoint);
    try {
      expect(lines.join('\n')).toMatch(/first start only/);
      expect(await count(client, 'users')).toBe(DEMO_USER_COUNT);
      expect(await count(client, 'products')).toBe(DEMO_PRODUCT_COUNT);
      expect(await count(client, 'events')).toBe(3000);
      expect(await count(client, 'orders')).toBeGreaterThan(3000);

      const orders = await client.send(new DescribeTableCommand({ TableName: 'orders' }));
      expect(orders.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['by_status']);
      const user = await client.send(
        new GetItemCommand({ TableName: 'users', Key: { user_id: { S: 'u0001' } } }),
      );
      expect(user.Item?.lifetime_value).toEqual({ N: '12345678901234567890.123456789012345678' });
      expect(user.Item?.avatar?.B).toBeInstanceOf(Uint8Array);
      expect(user.Item?.preferences?.M?.languages?.L).toBeDefined();
    } finally {
      client.destroy();
      await first.stop();
    }

    const again: string[] = [];
    const started = Date.now();
    const second = await startDemoDynalite(dataDir);
    expect(await seedDemoOnce(second, { dataDir, events: 3000, log: (line) => again.push(line) })).toBe(
      false,
    );
    const client2 = clientFor(second.endpoint);
    try {
      expect(Date.now() - started).toBeLessThan(5000);
      expect(again).toEqual([]);
      expect(await count(client2, 'events')).toBe(3000);
      // The port of the first start, free again: the endpoint stays as it was.
      expect(second.port).toBe(first.port);
    } finally {
      client2.destroy();
      await second.stop();
    }
  });

  it('takes another port when its last one is in use, and asks for that one next time', async () => {
    const last = Number(readFileSync(join(dataDir, 'dynalite', 'port'), 'utf8'));
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(last, '127.0.0.1', resolve));
    try {
      const moved = await startDemoDynalite(dataDir);
      try {
        expect(moved.port).not.toBe(last);
        expect(Number(readFileSync(join(dataDir, 'dynalite', 'port'), 'utf8'))).toBe(moved.port);
        const client = clientFor(moved.endpoint);
        expect(await count(client, 'users')).toBe(DEMO_USER_COUNT);
        client.destroy();
      } finally {
        await moved.stop();
      }
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
