import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import { throwIfAborted } from '../errors';
import type { ItemKey } from './item-keys';

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
