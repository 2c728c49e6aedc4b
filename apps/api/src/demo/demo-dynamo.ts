import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynalite, type DynaliteProcess } from '../dynalite/start-dynalite';
import { DEMO_ACCESS_KEY_ID, DEMO_REGION, DEMO_SECRET_ACCESS_KEY } from './demo-sql';
import { seedDemoData } from './seed-demo-data';

const SEEDED_MARKER = 'demo-seeded.json';

const dynaliteDir = (dataDir: string) => join(dataDir, 'dynalite');

/** Starts the embedded DynamoDB (dynalite) with its data persisted in `<dataDir>/dynalite`. */
export function startDemoDynalite(dataDir: string): Promise<DynaliteProcess> {
  mkdirSync(dynaliteDir(dataDir), { recursive: true });
  return startDynalite({ path: dynaliteDir(dataDir) });
}

export interface SeedDemoOnceOptions {
  readonly dataDir: string;
  /** Items in the demo `events` table. */
  readonly events: number;
  readonly log: (line: string) => void;
}

/**
 * Fills the embedded DynamoDB with the demo tables on the first start only: a marker file written
 * after a complete seed makes later starts skip it; an interrupted seed runs again. True if it seeded.
 */
export async function seedDemoOnce(
  dynalite: DynaliteProcess,
  options: SeedDemoOnceOptions,
): Promise<boolean> {
  const marker = join(dynaliteDir(options.dataDir), SEEDED_MARKER);
  if (existsSync(marker)) return false;
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
    return true;
  } finally {
    client.destroy();
  }
}
