import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  GetItemCommand,
  type DynamoDBClient,
  type KeysAndAttributes,
} from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import { throwIfAborted } from '../errors';
import type { Item } from '../fetch/read-pages';
import { keyText, type ItemKey } from './item-keys';

/** Whether an item with this key is there now (a consistent GetItem): `INSERT ... ON CONFLICT DO NOTHING` held or previewed. */
export async function itemExists(
  client: DynamoDBClient,
  table: string,
  key: ItemKey,
  signal: AbortSignal,
): Promise<boolean> {
  throwIfAborted(signal);
  const out = await client
    .send(new GetItemCommand({ TableName: table, Key: { ...key }, ConsistentRead: true }), {
      abortSignal: signal,
    })
    .catch((e: unknown) => Promise.reject(awsError(e, `GetItem ${table}`)));
  return out.Item !== undefined;
}

/**
 * The items there now under these keys (consistent BatchGetItem, 100 keys a request, UnprocessedKeys
 * asked again), by key text (write/item-keys.ts), and the RCU it took: what a previewed INSERT replaces.
 */
export async function existingItems(
  client: DynamoDBClient,
  table: string,
  keys: readonly ItemKey[],
  signal: AbortSignal | undefined,
): Promise<{ readonly items: ReadonlyMap<string, Item>; readonly consumedRcu: number }> {
  const items = new Map<string, Item>();
  let consumedRcu = 0;
  const keyNames = Object.keys(keys[0] ?? {});
  for (let i = 0; i < keys.length; i += 100) {
    let pending: KeysAndAttributes | undefined = {
      Keys: keys.slice(i, i + 100).map((k) => ({ ...k })),
      ConsistentRead: true,
    };
    while (pending?.Keys?.length) {
      throwIfAborted(signal);
      const out: BatchGetItemCommandOutput = await client
        .send(
          new BatchGetItemCommand({ RequestItems: { [table]: pending }, ReturnConsumedCapacity: 'TOTAL' }),
          { ...(signal && { abortSignal: signal }) },
        )
        .catch((e: unknown) => Promise.reject(awsError(e, `BatchGetItem ${table}`)));
      consumedRcu += (out.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      for (const item of out.Responses?.[table] ?? [])
        items.set(keyText(Object.fromEntries(keyNames.map((n) => [n, item[n]!]))), item);
      pending = out.UnprocessedKeys?.[table];
    }
  }
  return { items, consumedRcu };
}
