import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

export const CUSTOMERS = 2000;
/** Rows of the customers table: enough that reading 20 of them by key beats a Scan. */
export const CUSTOMER_ROWS = 20_000;
const STATUSES = ['open', 'paid', 'shipped', 'returned', 'cancelled', 'held', 'lost', 'gift'];

/** Order n of the generated table: 2,000 customers, ~190-byte items, a status GSI. */
export function order(n: number): Record<string, AttributeValue> {
  const customer = `c${String(n % CUSTOMERS).padStart(5, '0')}`;
  const seq = Math.floor(n / CUSTOMERS);
  const day = 1 + (seq % 28);
  return {
    customer: { S: customer },
    sk: {
      S: `2024-${String(1 + (seq % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}#${String(n).padStart(8, '0')}`,
    },
    status: { S: STATUSES[n % STATUSES.length]! },
    amount: { N: `${(n * 7919) % 100000}.${String(n % 100).padStart(2, '0')}` },
    note: { S: `order ${n} for ${customer} — ${'lorem ipsum '.repeat(6)}` },
  };
}

export function customer(i: number): Record<string, AttributeValue> {
  return {
    id: { S: `c${String(i).padStart(5, '0')}` },
    name: { S: `Customer ${i}` },
    tier: { S: i % 10 ? 'standard' : 'gold' },
    address: { S: `${i} Long Street, Springfield ${'x'.repeat(100)}` },
  };
}

export async function createTables(client: DynamoDBClient, orders: string, customers: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: orders,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'customer', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'customer', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'by_status',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: customers,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    }),
  );
  for (const t of [orders, customers]) await waitForActive(client, t);
}

/** Returns once a created table is ACTIVE. */
export async function waitForActive(client: DynamoDBClient, table: string): Promise<void> {
  for (;;) {
    const d = await client.send(new DescribeTableCommand({ TableName: table }));
    if (d.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** BatchWriteItem, 25 items a request, 16 requests in flight. */
export async function load(
  client: DynamoDBClient,
  table: string,
  count: number,
  make: (i: number) => Record<string, AttributeValue>,
  progress?: (n: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const start = next;
      next = Math.min(count, next + 25);
      let pending = Array.from({ length: next - start }, (_, k) => ({
        PutRequest: { Item: make(start + k) },
      }));
      while (pending.length) {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
      done += 25;
      if (done % 20000 < 25) progress?.(Math.min(done, count));
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}
