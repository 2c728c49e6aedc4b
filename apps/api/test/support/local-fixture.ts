import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Engine } from '@dynascope/engine';
// AWS's own emulator, started as the engine's integration suite starts it.
import { startDynamoDbLocal } from '../../../../packages/engine/test/support/dynamodb-local';
import { createApp, type AppType } from '../../src/app';
import { RunningRequests } from '../../src/sql/running-requests';
import { TEST_TOKEN } from './demo-fixture';

export interface LocalFixture {
  readonly endpoint: string;
  /** A client of the emulator with the server's keys (to make its tables). */
  readonly client: DynamoDBClient;
  readonly engine: Engine;
  readonly app: AppType;
  close(): Promise<void>;
}

/**
 * DynamoDB Local behind the real app: a real engine on a fresh data directory with a server named
 * `local` holding these keys (in the vault), no tables yet.
 */
export async function startLocalFixture(keys: { keyId: string; secret: string }): Promise<LocalFixture> {
  const local = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: keys.keyId, secretAccessKey: keys.secret },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'dynascope-api-local-'));
  const engine = await Engine.open({ dataDir });
  const created = await engine.execute(
    `create foreign data wrapper dynamodb_wrapper;
     create server local foreign data wrapper dynamodb_wrapper options (
       aws_access_key_id '${keys.keyId}', aws_secret_access_key '${keys.secret}', region 'us-east-1', endpoint_url '${local.endpoint}')`,
  );
  if (created.error) throw new Error(created.error.message);
  return {
    endpoint: local.endpoint,
    client,
    engine,
    app: createApp({ engine, token: TEST_TOKEN, running: new RunningRequests() }),
    async close() {
      client.destroy();
      await engine.close();
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
