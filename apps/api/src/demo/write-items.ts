import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { Item } from './demo-items';

const BATCH_SIZE = 25;

export interface WriteItemsOptions {
  /** BatchWriteItem requests in flight at once. */
  readonly concurrency?: number;
  /** Called after each batch with the number of items written so far. */
  readonly onProgress?: (written: number) => void;
}

/**
 * Writes `items` with BatchWriteItem, 25 a request and `concurrency` requests in flight, retrying
 * UnprocessedItems with backoff until all are written. Returns the number written.
 */
export async function writeItems(
  client: DynamoDBClient,
  table: string,
  items: Iterable<Item>,
  options: WriteItemsOptions = {},
): Promise<number> {
  const source = items[Symbol.iterator]();
  let written = 0;
  const nextBatch = (): WriteRequest[] => {
    const batch: WriteRequest[] = [];
    while (batch.length < BATCH_SIZE) {
      const next = source.next();
      if (next.done) break;
      batch.push({ PutRequest: { Item: next.value } });
    }
    return batch;
  };
  const worker = async () => {
    for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
      await writeBatch(client, table, batch);
      written += batch.length;
      options.onProgress?.(written);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return written;
}

async function writeBatch(client: DynamoDBClient, table: string, batch: WriteRequest[]): Promise<void> {
  let pending = batch;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
    const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
    pending = result.UnprocessedItems?.[table] ?? [];
  }
}
