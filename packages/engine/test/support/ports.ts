import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitForDynamo(
  endpoint: string,
  timeoutMs: number,
  gaveUp: () => boolean = () => false,
): Promise<void> {
  const client = testClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      client.destroy();
      return;
    } catch (e) {
      if (Date.now() > deadline || gaveUp()) {
        client.destroy();
        throw e;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * A client for the emulators (they accept any credentials; DynamoDB Local keeps one set of tables
 * per access key id and region, dynalite one for all).
 */
export function testClient(endpoint: string, accessKeyId = 'AKIDTESTTESTTEST'): DynamoDBClient {
  return new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId, secretAccessKey: 'test-secret' },
    maxAttempts: 2,
  });
}
