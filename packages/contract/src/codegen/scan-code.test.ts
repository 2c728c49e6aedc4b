import { describe, expect, it } from 'vitest';
import type { ScanPlan } from '../results/plan';
import { readCalls, type CodeScan } from './read-calls';
import { scanCode } from './scan-code';

const base: CodeScan = {
  relation: 'public.orders',
  alias: 'o',
  table: 'orders',
  residual: [],
  pushed: [],
  limit: null,
  keyCount: null,
  partitionCount: null,
  fetchBack: false,
  request: { operation: 'Scan', input: { TableName: 'orders', ReturnConsumedCapacity: 'TOTAL' } },
};
const scan = (over: Partial<ScanPlan>): CodeScan => ({ ...base, ...over });

const query = scan({
  partitionCount: 2,
  partitionValues: [{ S: 'c1' }, { S: 'c2' }],
  limit: 5,
  request: {
    operation: 'Query',
    input: {
      TableName: 'orders',
      KeyConditionExpression: '#n0 = :v0',
      ExpressionAttributeNames: { '#n0': 'customer_id' },
      ExpressionAttributeValues: { ':v0': { S: 'c1' } },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: 5,
      ReturnConsumedCapacity: 'TOTAL',
    },
  },
});

describe('readCalls', () => {
  it('a Query of several partition values with a Limit', () => {
    const calls = readCalls(query);
    expect(calls).toMatchObject({
      operation: 'Query',
      partitionValues: [{ S: 'c1' }, { S: 'c2' }],
      limit: 5,
    });
    expect(calls.notes).toEqual([]);
  });
  it('a parallel Scan drops the first request segment', () => {
    const calls = readCalls(
      scan({ request: { operation: 'Scan', input: { TableName: 'orders', Segment: 0, TotalSegments: 4 } } }),
    );
    expect(calls.segments).toBe(4);
    expect(calls.input).toEqual({ TableName: 'orders', TotalSegments: 4 });
  });
  it('says what the plan does not carry, and keeps join conditions out of the checks', () => {
    const calls = readCalls(
      scan({
        partitionCount: 3,
        fetchBack: true,
        residual: ['o.customer_id = u.user_id', "o.status <> 'x'"],
        joinConditions: ['o.customer_id = u.user_id'],
        request: query.request,
      }),
    );
    expect(calls.partitionValues).toBeNull();
    expect(calls.notes).toHaveLength(3);
    expect(calls.notes[0]).toContain('3 partition key values');
    expect(calls.notes[2]).toContain('values read from the other relation');
    expect(calls.residual.map((r) => r.kind)).toEqual(['compare']);
    expect(calls.joinConditions).toEqual(['o.customer_id = u.user_id']);
  });
});

describe('scanCode', () => {
  it('the request JSON is the first request exactly', () => {
    expect(JSON.parse(scanCode(query, 'request'))).toEqual(query.request.input);
  });

  it('JavaScript: the SDK command, the pages, one Query per value, the Limit over all', () => {
    const js = scanCode(query, 'javascript');
    expect(js).toContain('import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";');
    expect(js).toContain('ExclusiveStartKey = out.LastEvaluatedKey;');
    expect(js).toContain('const LIMIT = 5;');
    expect(js).toContain('for (const value of partitionValues)');
    expect(js).toContain('"ConsistentRead": true');
    expect(js).not.toContain('function keep');
  });

  it('Python: literals in Python, a thread per segment of a parallel Scan', () => {
    const py = scanCode(
      scan({
        residual: ['total > 3', "lower(name) = 'a'"],
        request: {
          operation: 'Scan',
          input: { TableName: 'orders', ConsistentRead: true, Segment: 0, TotalSegments: 2 },
        },
      }),
      'python',
    );
    expect(py).toContain('"ConsistentRead": True');
    expect(py).toContain('ThreadPoolExecutor(max_workers=request["TotalSegments"])');
    expect(py).toContain('def keep(item):');
    expect(py).toContain('compare(item.get("total"), ">", {"N": "3"})');
    expect(py).toContain('# Residual predicates: DynamoDB does not evaluate these');
    expect(py).toContain("lower(name) = 'a'  -- not as code here");
    expect(py).toContain('from decimal import Decimal');
  });

  it('AWS CLI: a command per partition value, --max-items for the Limit, a loop for segments', () => {
    const cli = scanCode(query, 'aws-cli');
    expect(cli.match(/aws dynamodb query/g)).toHaveLength(2);
    expect(cli).toContain('--max-items 5');
    expect(cli).not.toContain('"Limit"');
    const parallel = scanCode(
      scan({ request: { operation: 'Scan', input: { TableName: "o'rders", Segment: 0, TotalSegments: 3 } } }),
      'aws-cli',
    );
    expect(parallel).toContain('for segment in $(seq 0 2); do');
    expect(parallel).toContain('--segment "$segment"');
    expect(parallel).toContain(`'{"TableName":"o'\\''rders","TotalSegments":3}'`);
  });

  it('JavaScript compares numbers as decimal text, exactly', () => {
    const js = scanCode(scan({ residual: ['big > 12345678901234567894'] }), 'javascript');
    expect(js).toContain('compare(item["big"], ">", { N: "12345678901234567894" })');
    expect(js).toContain('function compareNumbers(x, y)');
    expect(js).not.toContain('Number(av.N)');
  });

  it('AWS CLI: simple residual predicates filter the items in --query, the others stay comments', () => {
    const cli = scanCode(
      scan({ residual: ["o.status <> 'closed'", 'note is null', 'total > 3'] }),
      'aws-cli',
    );
    expect(cli).toContain(
      `--query 'Items[?(not_null("status".S, "status".N) != \`null\` && not_null("status".S, "status".N) != '\\''closed'\\'') && (!"note" || "note".NULL == \`true\`)]'`,
    );
    expect(cli).toContain("o.status <> 'closed'  -- in --query below");
    expect(cli).toContain('total > 3  -- not as code here: apply it to the items yourself');
    expect(cli).toContain('The CLI prints the items the others keep: apply the rest to them.');
    const get = scanCode(
      scan({
        residual: ['note is not null'],
        request: { operation: 'GetItem', input: { TableName: 'orders' } },
      }),
      'aws-cli',
    );
    expect(get).toContain(`--query 'Item | [@][?("note" && "note".NULL != \`true\`)]'`);
  });

  it('checks again the pushed predicates DynamoDB tests more loosely (a text column)', () => {
    const widened = scan({
      pushed: ["o.status = 'open'", 'total > 3'],
      request: {
        operation: 'Scan',
        input: {
          TableName: 'orders',
          FilterExpression: '(#n0 = :v0 OR NOT attribute_type(#n0, :v1)) AND #n1 > :v2',
          ExpressionAttributeNames: { '#n0': 'status', '#n1': 'total' },
          ExpressionAttributeValues: { ':v0': { S: 'open' }, ':v1': { S: 'S' }, ':v2': { N: '3' } },
        },
      },
    });
    expect(readCalls(widened).rechecked.map((r) => r.sql)).toEqual(["o.status = 'open'"]);
    const js = scanCode(widened, 'javascript');
    expect(js).toContain("o.status = 'open'  -- checked below");
    expect(js).toContain('return compare(item["status"], "=", { S: "open" });');
    expect(scanCode(widened, 'python')).toContain('compare(item.get("status"), "=", {"S": "open"})');
    expect(scanCode(widened, 'aws-cli')).toContain(
      `--query 'Items[?not_null("status".S, "status".N) == '\\''open'\\'']'`,
    );
  });

  it('BatchGetItem: 100 keys a request, UnprocessedKeys sent again', () => {
    const keys = Array.from({ length: 150 }, (_, i) => ({ id: { S: `k${i}` } }));
    const batch = scan({
      keyCount: 150,
      keyValues: keys,
      request: {
        operation: 'BatchGetItem',
        input: { RequestItems: { orders: { Keys: keys.slice(0, 100) } }, ReturnConsumedCapacity: 'TOTAL' },
      },
    });
    expect(scanCode(batch, 'javascript')).toContain('requestItems = out.UnprocessedKeys ?? {};');
    expect(scanCode(batch, 'python')).toContain('request_items = answer.get("UnprocessedKeys") or {}');
    expect(scanCode(batch, 'aws-cli').match(/aws dynamodb batch-get-item/g)).toHaveLength(2);
  });
});
