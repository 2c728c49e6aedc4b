import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynalite, type DynaliteProcess } from '../dynalite/start-dynalite';
import { DEMO_ACCESS_KEY_ID, DEMO_REGION, DEMO_SECRET_ACCESS_KEY } from './demo-sql';
import { seedDemoData } from './seed-demo-data';

export interface StartDemoDynamoOptions {
  readonly dataDir: string;
  /** Items in the demo `events` table. */
  readonly events: number;
  readonly log: (line: string) => void;
}

const SEEDED_MARKER = 'demo-seeded.json';

/**
 * Starts the embedded DynamoDB (dynalite, persisted in `<dataDir>/dynalite`) and, on the first
 * start only, fills it with the demo tables. A marker file written after a complete seed makes
 * later starts skip it; an interrupted seed runs again.
 */
export async function startDemoDynamo(options: StartDemoDynamoOptions): Promise<DynaliteProcess> {
  const dynaliteDir = join(options.dataDir, 'dynalite');
  mkdirSync(dynaliteDir, { recursive: true });
  const dynalite = await startDynalite({ path: dynaliteDir });
  const marker = join(dynaliteDir, SEEDED_MARKER);
  if (existsSync(marker)) return dynalite;

  const client = new DynamoDBClient({
    endpoint: dynalite.endpoint,
    region: DEMO_REGION,
    credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
  });
  try {
    const started = Date.now();
    options.log(
      `Creating the demo DynamoDB tables (first start only, ${options.events.toLocaleString('en-US')} events)...`,
    );
    await seedDemoData(client, { events: options.events, log: options.log });
    writeFileSync(
      marker,
      `${JSON.stringify({ version: 1, events: options.events, seededAt: new Date().toISOString() })}\n`,
    );
    options.log(`Demo data ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return dynalite;
  } catch (err) {
    await dynalite.stop();
    throw err;
  } finally {
    client.destroy();
  }
}
