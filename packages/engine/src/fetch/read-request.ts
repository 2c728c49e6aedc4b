import type {
  AttributeValue,
  BatchGetItemCommandInput,
  GetItemCommandInput,
  QueryCommandInput,
  ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { DynamoRequest } from '@dynascope/contract';
import type { Access, Key } from '../plan/access-path';

/**
 * The largest `Limit` a request carries. DynamoDB reads it as a 32-bit integer and refuses more
 * (the emulators accept it): `limit 2147483647 offset 2` wants 2147483649 items, which asks for no
 * bound at all; the reader still stops after the items wanted.
 */
export const MAX_REQUEST_LIMIT = 2_147_483_647;

/**
 * `{ Limit: n }` while n is a bound DynamoDB takes, else nothing (see MAX_REQUEST_LIMIT). Never 0:
 * a read that wants no item sends no request (read-access.ts).
 */
export function limitField(n: number | null | undefined): { Limit?: number } {
  return n !== null && n !== undefined && n >= 1 && n <= MAX_REQUEST_LIMIT ? { Limit: n } : {};
}

/** The request fields every access path shares (what the planner's pushdown decided). */
export interface BaseInput {
  readonly TableName: string;
  readonly ConsistentRead?: boolean;
  readonly KeyConditionExpression?: string;
  readonly FilterExpression?: string;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/**
 * What the statement's shape asks of a read, decided when the statement is planned:
 *   `select count(*) from t where pk = 'a'`              → { select: 'COUNT' }
 *   `... where pk = 'a' order by sk desc limit 5`         → { descending: true, maxItems: 5 }
 *   `select * from t limit 10` (nothing filtered locally) → { maxItems: 10 }
 */
export interface ReadShape {
  readonly select: 'COUNT' | null;
  /** Query in descending sort-key order (`ScanIndexForward: false`). */
  readonly descending: boolean;
  /** Stop after this many items (`Limit`, then the rest still wanted on each later request). */
  readonly maxItems: number | null;
}

export const FULL_READ: ReadShape = Object.freeze({ select: null, descending: false, maxItems: null });

/** With `Select: COUNT`: no projection, and only the names the key condition and filter use. */
export function countInput(base: BaseInput): BaseInput & { readonly Select: 'COUNT' } {
  const { ProjectionExpression: _projection, ExpressionAttributeNames, ...rest } = base;
  const used = `${rest.KeyConditionExpression ?? ''} ${rest.FilterExpression ?? ''}`;
  const names = Object.fromEntries(
    Object.entries(ExpressionAttributeNames ?? {}).filter(([k]) => new RegExp(`${k}\\b`).test(used)),
  );
  return { ...rest, Select: 'COUNT', ...(Object.keys(names).length && { ExpressionAttributeNames: names }) };
}

function shaped(base: BaseInput, shape: ReadShape): BaseInput {
  return shape.select === 'COUNT' ? countInput(base) : base;
}

/** One Query of an access path: the partition value sits in `:v0`. */
export function queryInput(
  access: Access,
  base: BaseInput,
  shape: ReadShape,
  value: AttributeValue,
): QueryCommandInput {
  const input = shaped(base, shape);
  return {
    ...input,
    ...(access.index && { IndexName: access.index.name }),
    ...(access.index?.kind === 'GSI' && { ConsistentRead: false }),
    ...(shape.descending && { ScanIndexForward: false }),
    ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':v0': value },
  };
}

/** A Scan (one segment of a parallel Scan when `segments` > 1). */
export function scanInput(
  base: BaseInput,
  shape: ReadShape,
  segment?: { readonly segment: number; readonly total: number },
): ScanCommandInput {
  return {
    ...shaped(base, shape),
    ...(segment && { Segment: segment.segment, TotalSegments: segment.total }),
  };
}

/** The projection of a keyed read: only the names its ProjectionExpression uses. */
function keyedProjection(
  base: BaseInput,
): Pick<GetItemCommandInput, 'ProjectionExpression' | 'ExpressionAttributeNames'> {
  if (!base.ProjectionExpression) return {};
  const used = new Set(base.ProjectionExpression.split(', '));
  return {
    ProjectionExpression: base.ProjectionExpression,
    ExpressionAttributeNames: Object.fromEntries(
      Object.entries(base.ExpressionAttributeNames ?? {}).filter(([k]) => used.has(k)),
    ),
  };
}

export function getItemInput(base: BaseInput, key: Key): GetItemCommandInput {
  return {
    TableName: base.TableName,
    Key: key,
    ...keyedProjection(base),
    ...(base.ConsistentRead && { ConsistentRead: true }),
    ReturnConsumedCapacity: 'TOTAL',
  };
}

export function batchGetInput(base: BaseInput, keys: readonly Key[]): BatchGetItemCommandInput {
  return {
    RequestItems: {
      [base.TableName]: {
        Keys: [...keys],
        ...keyedProjection(base),
        ...(base.ConsistentRead && { ConsistentRead: true }),
      },
    },
    ReturnConsumedCapacity: 'TOTAL',
  };
}

/** BatchGetItem takes 100 keys a request. */
export const BATCH_GET_KEYS = 100;

/**
 * The first request a read sends, exactly (ExclusiveStartKey of later pages aside; a large read's
 * first request may also carry a smaller `Limit`, the size of the first result page):
 *   Query orders, pk = 'c1', order by sk desc limit 5
 *   → { operation: 'Query', input: { TableName: 'orders', KeyConditionExpression: '#n0 = :v0', ...,
 *       ScanIndexForward: false, Limit: 5, ReturnConsumedCapacity: 'TOTAL' } }
 */
export function plannedRequest(access: Access, base: BaseInput, shape: ReadShape): DynamoRequest {
  const limit = limitField(shape.maxItems);
  switch (access.operation) {
    case 'GetItem':
    case 'BatchGetItem':
      return access.keys.length === 1
        ? { operation: 'GetItem', input: getItemInput(base, access.keys[0]!) }
        : { operation: 'BatchGetItem', input: batchGetInput(base, access.keys.slice(0, BATCH_GET_KEYS)) };
    case 'Query':
      return {
        operation: 'Query',
        input: {
          ...queryInput(access, base, shape, access.partitionValues[0]!),
          ReturnConsumedCapacity: 'TOTAL',
          ...limit,
        },
      };
    case 'Scan': {
      const segment =
        access.segments > 1 && shape.maxItems === null ? { segment: 0, total: access.segments } : undefined;
      return {
        operation: 'Scan',
        input: { ...scanInput(base, shape, segment), ReturnConsumedCapacity: 'TOTAL', ...limit },
      };
    }
  }
}
