import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The demo's DynamoDB tables: a partition key only (users), partition + sort key with a GSI
 * (orders), a GSI with a numeric sort key (products) and numeric keys (events).
 */
export const DEMO_TABLES: readonly CreateTableCommandInput[] = [
  {
    TableName: 'users',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'user_id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }],
  },
  {
    TableName: 'orders',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'customer_id', AttributeType: 'S' },
      { AttributeName: 'order_date', AttributeType: 'S' },
      { AttributeName: 'status', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'customer_id', KeyType: 'HASH' },
      { AttributeName: 'order_date', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'by_status',
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'order_date', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  },
  {
    TableName: 'products',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'sku', AttributeType: 'S' },
      { AttributeName: 'category', AttributeType: 'S' },
      { AttributeName: 'price', AttributeType: 'N' },
    ],
    KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'by_category',
        KeySchema: [
          { AttributeName: 'category', KeyType: 'HASH' },
          { AttributeName: 'price', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name', 'stock'] },
      },
    ],
  },
  {
    TableName: 'events',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'device_id', AttributeType: 'N' },
      { AttributeName: 'ts', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'device_id', KeyType: 'HASH' },
      { AttributeName: 'ts', KeyType: 'RANGE' },
    ],
  },
];
