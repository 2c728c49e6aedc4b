import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import type { Item, Page } from '../fetch/read-pages';
import type { TableInfo } from '../plan/key-schema';
import { keyText, type ItemKey } from '../write/item-keys';
import { applyOperation, type PendingWrite } from './pending-write';

/**
 * A read of a table the transaction holds writes to, as the transaction sees it: DynamoDB's pages
 * without the items it wrote, then one page of those items as its writes left them (a put's item; an
 * update applied to the item as DynamoDB holds it — fetched with a consistent GetItem when the read
 * did not return it; a delete: nothing). Every held item is added whatever the read's key condition
 * and filter: the statement's WHERE is evaluated again by the host, which is why the planner sends
 * such a read down the host path (no count, direct or LIMIT shortcut; plan/statement/prepare-foreign.ts).
 */
export async function* overlayPages(
  client: DynamoDBClient,
  info: TableInfo,
  pages: AsyncIterable<Page>,
  writes: readonly PendingWrite[],
  signal: AbortSignal | undefined,
): AsyncGenerator<Page> {
  const held = new Map(writes.map((w) => [keyText(w.key), w]));
  const read = new Map<string, Item>();
  const keyNames = [info.partitionKey.name, ...(info.sortKey ? [info.sortKey.name] : [])];
  for await (const page of pages) {
    const items = page.items.filter((item) => {
      const k = keyText(Object.fromEntries(keyNames.map((n) => [n, item[n]])) as ItemKey);
      if (!held.has(k)) return true;
      read.set(k, item);
      return false;
    });
    yield { ...page, items };
  }
  const items: Item[] = [];
  let consumedRcu = 0;
  for (const [k, w] of held) {
    let current = read.get(k);
    if (!current && w.operation.kind === 'update') {
      const out = await client
        .send(
          new GetItemCommand({
            TableName: w.table,
            Key: { ...w.key },
            ConsistentRead: true,
            ReturnConsumedCapacity: 'TOTAL',
          }),
          {
            ...(signal && { abortSignal: signal }),
          },
        )
        .catch((e: unknown) => Promise.reject(awsError(e, `GetItem ${w.table}`)));
      consumedRcu += out.ConsumedCapacity?.CapacityUnits ?? 0;
      current = out.Item;
    }
    const seen = applyOperation(w.operation, current);
    if (seen) items.push(seen);
  }
  yield { items, consumedRcu, scannedCount: 0 };
}
