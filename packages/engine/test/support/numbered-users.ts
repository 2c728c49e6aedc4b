import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, putItems } from './harness';

/** `u0000`, `u0001`, …: the user ids of numberedUsers (and of the rows that refer to them). */
export const userId = (i: number): string => `u${String(i).padStart(4, '0')}`;

/** A users table keyed by `user_id` holding `count` users `{ user_id: userId(i), name: 'User i' }`. */
export async function numberedUsers(client: DynamoDBClient, table: string, count: number): Promise<void> {
  await createTable(client, table, { name: 'user_id', type: 'S' });
  await putItems(
    client,
    table,
    Array.from({ length: count }, (_, i) => ({ user_id: { S: userId(i) }, name: { S: `User ${i}` } })),
  );
}
