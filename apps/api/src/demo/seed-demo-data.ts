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

export const DEFAULT_DEMO_EVENTS = 200_000;

/**
 * Creates the demo tables that are missing and (re)writes all their items. Idempotent: items are
 * Puts with fixed keys, so an interrupted seed is simply run again.
 */
export async function seedDemoData(client: DynamoDBClient, options: SeedOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const table of DEMO_TABLES) {
    if (!existing.has(table.TableName!)) await client.send(new CreateTableCommand(table));
  }
  const contents: readonly (readonly [string, Iterable<Item>, number])[] = [
    ['users', demoUsers(), 0],
    ['products', demoProducts(), 0],
    ['orders', demoOrders(), 0],
    ['events', demoEvents(options.events), options.events],
  ];
  for (const [table, items, expected] of contents) {
    const started = Date.now();
    let reported = 0;
    const written = await writeItems(client, table, items, {
      onProgress: (count) => {
        if (expected > 0 && count - reported >= 20_000) {
          reported = count;
          log(`  ${table}: ${count.toLocaleString('en-US')} / ${expected.toLocaleString('en-US')} items`);
        }
      },
    });
    log(
      `  ${table}: ${written.toLocaleString('en-US')} items written in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
