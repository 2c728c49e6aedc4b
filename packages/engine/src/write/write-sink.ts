import { PutItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import { throwIfAborted } from '../errors';
import type { Item } from '../fetch/read-pages';
import { batchWrite } from './batch-write';
import {
  deleteItem,
  putIfAbsent,
  updateItem,
  type ItemChange,
  type ReadItem,
  type WriteOutcome,
} from './conditional-write';

/**
 * Where a write statement's item writes go (run/run-write.ts decides what to write, a sink how):
 * sent to DynamoDB at once (`sendingSink`, outside a transaction block: batched, not atomic), held
 * for COMMIT (txn/held-sink.ts, inside one: atomic), or only recorded (a write preview).
 */
export interface WriteSink {
  /** Whether the writes are applied together at COMMIT (the plan says "atomic: held for COMMIT"). */
  readonly atomic: boolean;
  /** An INSERT of one item: it replaces any item with its key. */
  put(item: Item, signal: AbortSignal): Promise<WriteOutcome>;
  /** `INSERT ... ON CONFLICT DO NOTHING`: `exists` when an item with its key is there. */
  putIfAbsent(
    item: Item,
    signal: AbortSignal,
  ): Promise<{ readonly outcome: 'written' | 'exists'; readonly consumedWcu: number }>;
  /** An INSERT of many items (each distinct key once); `onWritten` for each as it lands. */
  putAll(
    items: readonly Item[],
    onWritten: (item: Item) => void,
    signal: AbortSignal | undefined,
  ): Promise<{ readonly requests: number; readonly consumedWcu: number }>;
  /** UPDATE of an item read as `read` (conditioned on it being so). */
  update(read: ReadItem, change: ItemChange, signal: AbortSignal): Promise<WriteOutcome>;
  /** DELETE of an item read as `read` (conditioned on it being so). */
  delete(read: ReadItem, signal: AbortSignal): Promise<WriteOutcome>;
}

/**
 * Today's writes: each sent to DynamoDB as the statement runs — PutItem, BatchWriteItem (25 a call),
 * and UpdateItem/DeleteItem conditioned on the item as read (write/conditional-write.ts).
 */
export function sendingSink(client: DynamoDBClient, table: string, pkName: string): WriteSink {
  return {
    atomic: false,
    async put(item, signal) {
      throwIfAborted(signal);
      const out = await client
        .send(new PutItemCommand({ TableName: table, Item: item, ReturnConsumedCapacity: 'TOTAL' }), {
          abortSignal: signal,
        })
        .catch((e: unknown) => Promise.reject(awsError(e, `PutItem ${table}`)));
      return { outcome: 'written', consumedWcu: out.ConsumedCapacity?.CapacityUnits ?? 0 };
    },
    putIfAbsent: (item, signal) => putIfAbsent(client, table, item, pkName, signal),
    putAll: (items, onWritten, signal) =>
      batchWrite(
        client,
        table,
        items.map((Item): WriteRequest => ({ PutRequest: { Item } })),
        { ...(signal && { signal }), onWritten: (r) => onWritten(r.PutRequest!.Item!) },
      ),
    update: (read, change, signal) => updateItem(client, read, change, signal),
    delete: (read, signal) => deleteItem(client, read, signal),
  };
}
