import { CreateTableCommand, ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEMO_TABLES } from './demo-tables';
import { demoEvents, demoOrders, demoProducts, demoUsers, type Item } from './demo-items';
import { writeItems } from './write-items';

export interface SeedOptions {
  /** How many items the `events` table gets (default 200,000). */
  readonly events: number;
  /** Progress lines for the console. */
  readonly log?: (line: string) => void;
}

export interface FillEventsOptions extends SeedOptions {
  /** Called after each batch with the number of events written so far. */
  readonly onProgress?: (written: number) => void;
  /** Stops the fill between batches (shutdown); what was written stays. */
  readonly signal?: AbortSignal;
}

export const DEFAULT_DEMO_EVENTS = 200_000;
/** The big demo table, filled after the others (in the background on a server's first start). */
export const DEMO_EVENTS_TABLE = 'events';

const seconds = (started: number) => ((Date.now() - started) / 1000).toFixed(1);

/** Creates the demo tables that are missing (empty). */
export async function createDemoTables(client: DynamoDBClient): Promise<void> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const table of DEMO_TABLES) {
    if (!existing.has(table.TableName!)) await client.send(new CreateTableCommand(table));
  }
}

/**
 * (Re)writes the small demo tables (users, products, orders): a second or two. Idempotent: items
 * are Puts with fixed keys, so an interrupted seed is simply run again.
 */
export async function writeSmallDemoTables(client: DynamoDBClient, options: Pick<SeedOptions, 'log'> = {}) {
  const log = options.log ?? (() => undefined);
  const contents: readonly (readonly [string, Iterable<Item>])[] = [
    ['users', demoUsers()],
    ['products', demoProducts()],
    ['orders', demoOrders()],
  ];
  for (const [table, items] of contents) {
    const started = Date.now();
    const written = await writeItems(client, table, items);
    log(`  ${table}: ${written.toLocaleString('en-US')} items written in ${seconds(started)} s`);
  }
}

/** Writes the `events` table's `options.events` items (the same ones on every run). Returns the number written. */
export async function fillDemoEvents(client: DynamoDBClient, options: FillEventsOptions): Promise<number> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  let reported = 0;
  const written = await writeItems(
    client,
    DEMO_EVENTS_TABLE,
    untilAborted(demoEvents(options.events), options.signal),
    {
      onProgress: (count) => {
        options.onProgress?.(count);
        if (count - reported >= 20_000) {
          reported = count;
          log(
            `  ${DEMO_EVENTS_TABLE}: ${count.toLocaleString('en-US')} / ${options.events.toLocaleString('en-US')} items`,
          );
        }
      },
    },
  );
  log(`  ${DEMO_EVENTS_TABLE}: ${written.toLocaleString('en-US')} items written in ${seconds(started)} s`);
  return written;
}

/** The demo tables and all their items, the events included. */
export async function seedDemoData(client: DynamoDBClient, options: SeedOptions): Promise<void> {
  await createDemoTables(client);
  await writeSmallDemoTables(client, options);
  await fillDemoEvents(client, options);
}

function* untilAborted<T>(items: Iterable<T>, signal: AbortSignal | undefined): Generator<T> {
  for (const item of items) {
    if (signal?.aborted) return;
    yield item;
  }
}
