import {
  BatchGetItemCommand,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { order } from './dataset';

export interface SdkRun {
  readonly rcu: number;
  readonly items: number;
}

export interface Shape {
  readonly name: string;
  readonly sql: string;
  /** The hand-written optimal AWS SDK call sequence doing the same work. */
  readonly sdk: (client: DynamoDBClient, tables: { orders: string; customers: string }) => Promise<SdkRun>;
}

async function pages(
  client: DynamoDBClient,
  kind: 'Query' | 'Scan',
  input: QueryCommandInput | ScanCommandInput,
): Promise<SdkRun> {
  let rcu = 0;
  let items = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const cmd =
      kind === 'Query'
        ? new QueryCommand({ ...input, ExclusiveStartKey: start, ReturnConsumedCapacity: 'TOTAL' })
        : new ScanCommand({ ...input, ExclusiveStartKey: start, ReturnConsumedCapacity: 'TOTAL' });
    const out = await client.send(cmd as QueryCommand);
    rcu += out.ConsumedCapacity?.CapacityUnits ?? 0;
    items += out.Items?.length ?? out.Count ?? 0;
    start = out.LastEvaluatedKey;
    if (input.Limit !== undefined) break;
  } while (start);
  return { rcu, items };
}

const C = 'c00042';
const point = order(42 + 2000 * 7);
/** The key of the point lookup's item (its hand-written GetItem's, and http-floor.mjs's). */
export const POINT_KEY = { customer: { S: C }, sk: point.sk! };
const inIds = Array.from({ length: 20 }, (_, i) => `c${String(100 + i * 37).padStart(5, '0')}`);

export const SHAPES: Shape[] = [
  {
    name: 'point lookup (GetItem)',
    sql: `select * from bench.orders where customer = '${C}' and sk = '${point.sk!.S}'`,
    sdk: async (client, t) => {
      const out = await client.send(
        new GetItemCommand({
          TableName: t.orders,
          Key: POINT_KEY,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      return { rcu: out.ConsumedCapacity?.CapacityUnits ?? 0, items: out.Item ? 1 : 0 };
    },
  },
  {
    name: 'key range (Query BETWEEN)',
    sql: `select * from bench.orders where customer = '${C}' and sk between '2024-03' and '2024-07'`,
    sdk: (client, t) =>
      pages(client, 'Query', {
        TableName: t.orders,
        KeyConditionExpression: '#c = :c AND #s BETWEEN :a AND :b',
        ExpressionAttributeNames: { '#c': 'customer', '#s': 'sk' },
        ExpressionAttributeValues: { ':c': { S: C }, ':a': { S: '2024-03' }, ':b': { S: '2024-07' } },
      }),
  },
  {
    name: 'IN of 20 keys (BatchGetItem)',
    sql: `select * from bench.customers where id in (${inIds.map((i) => `'${i}'`).join(', ')})`,
    sdk: async (client, t) => {
      const out = await client.send(
        new BatchGetItemCommand({
          RequestItems: { [t.customers]: { Keys: inIds.map((id) => ({ id: { S: id } })) } },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      return {
        rcu: (out.ConsumedCapacity ?? []).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0),
        items: out.Responses?.[t.customers]?.length ?? 0,
      };
    },
  },
  {
    name: 'GSI equality (index Query)',
    sql: `select customer, sk, amount from bench.orders where status = 'lost' and sk like '2024-05-1%'`,
    sdk: (client, t) =>
      pages(client, 'Query', {
        TableName: t.orders,
        IndexName: 'by_status',
        KeyConditionExpression: '#st = :st AND begins_with(#s, :p)',
        ExpressionAttributeNames: { '#st': 'status', '#s': 'sk' },
        ExpressionAttributeValues: { ':st': { S: 'lost' }, ':p': { S: '2024-05-1' } },
      }),
  },
  {
    name: 'LIKE prefix on the sort key',
    sql: `select * from bench.orders where customer = '${C}' and sk like '2024-05%'`,
    sdk: (client, t) =>
      pages(client, 'Query', {
        TableName: t.orders,
        KeyConditionExpression: '#c = :c AND begins_with(#s, :p)',
        ExpressionAttributeNames: { '#c': 'customer', '#s': 'sk' },
        ExpressionAttributeValues: { ':c': { S: C }, ':p': { S: '2024-05' } },
      }),
  },
  {
    name: 'filtered Scan',
    sql: `select customer, sk from bench.orders where amount > 99900`,
    sdk: (client, t) =>
      pages(client, 'Scan', {
        TableName: t.orders,
        FilterExpression: '#a > :a',
        ExpressionAttributeNames: { '#a': 'amount' },
        ExpressionAttributeValues: { ':a': { N: '99900' } },
      }),
  },
  {
    name: 'count(*) (Select COUNT)',
    sql: `select count(*) from bench.orders`,
    sdk: (client, t) => pages(client, 'Scan', { TableName: t.orders, Select: 'COUNT' }),
  },
  {
    name: 'top-N by sort key',
    sql: `select * from bench.orders where customer = '${C}' order by sk desc limit 5`,
    sdk: (client, t) =>
      pages(client, 'Query', {
        TableName: t.orders,
        KeyConditionExpression: '#c = :c',
        ExpressionAttributeNames: { '#c': 'customer' },
        ExpressionAttributeValues: { ':c': { S: C } },
        ScanIndexForward: false,
        Limit: 5,
      }),
  },
  {
    name: 'join orders → customers',
    sql: `select o.sk, o.amount, c.name from bench.orders o join bench.customers c on c.id = o.customer where o.customer = '${C}'`,
    sdk: async (client, t) => {
      const q = await pages(client, 'Query', {
        TableName: t.orders,
        KeyConditionExpression: '#c = :c',
        ExpressionAttributeNames: { '#c': 'customer' },
        ExpressionAttributeValues: { ':c': { S: C } },
      });
      const g = await client.send(
        new GetItemCommand({
          TableName: t.customers,
          Key: { id: { S: C } },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      return { rcu: q.rcu + (g.ConsumedCapacity?.CapacityUnits ?? 0), items: q.items };
    },
  },
];

export { pages };
