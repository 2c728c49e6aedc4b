import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { itemSize } from '../../plan/item-size';

/** What a DynamoDB operation consumes: read or write capacity (the others are not paced). */
export type CapacityKind = 'read' | 'write';

export const PACED_OPERATIONS: Readonly<Record<string, CapacityKind>> = Object.freeze({
  Scan: 'read',
  Query: 'read',
  GetItem: 'read',
  BatchGetItem: 'read',
  TransactGetItems: 'read',
  PutItem: 'write',
  UpdateItem: 'write',
  DeleteItem: 'write',
  BatchWriteItem: 'write',
  TransactWriteItems: 'write',
});

/**
 * The share of one second's budget a single request may cost: with no burst (rate-budget.ts) any
 * 2-second window then holds at most 2.25 seconds' worth, within the 1.25x (2.5 s) allowed.
 */
export const REQUEST_SHARE = 0.25;

/** What the governor has learned of a table from DynamoDB's answers (a first guess until then). */
export interface TableSizes {
  /** Bytes per item a read is charged for (consumed capacity over items scanned). */
  readBytes: number;
  /** Write units one UpdateItem/DeleteItem consumed. */
  writeUnits: number;
  /** Whether a read's answer has taught `readBytes` (until then the planner's average may stand in). */
  readLearned: boolean;
}

/**
 * Before any answer and without the planner's average: items as large as DynamoDB allows (400 KB), so
 * a first page under a limit reads one item and overshoots nothing; writes of one unit.
 */
export const FIRST_GUESS: Readonly<TableSizes> = Object.freeze({
  readBytes: 400 * 1024,
  writeUnits: 1,
  readLearned: false,
});

/**
 * The planner's average item size (DescribeTable or a sample) stands in for `readBytes` until an
 * answer teaches it: the first page of a table of 40 KB items is then not sized as if they were 4 KB.
 */
export function plannedItemBytes(sizes: TableSizes, averageBytes: number): void {
  if (!sizes.readLearned && averageBytes > 0) sizes.readBytes = averageBytes;
}

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/** The DynamoDB table a request is about (the first of a batch's). */
export function requestTable(input: Input): string | undefined {
  if (typeof input.TableName === 'string') return input.TableName;
  const items = input.RequestItems as Record<string, unknown> | undefined;
  if (items) return Object.keys(items)[0];
  const transact = input.TransactItems as Record<string, { TableName?: string }>[] | undefined;
  const first = transact?.[0];
  return first ? Object.values(first)[0]?.TableName : undefined;
}

/** Capacity units an answer reports (`ReturnConsumedCapacity: TOTAL`: one figure, or one per table). */
export function consumedUnits(output: Output): number {
  const c = output.ConsumedCapacity as { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
  if (!c) return 0;
  return Array.isArray(c) ? c.reduce((n, x) => n + (x.CapacityUnits ?? 0), 0) : (c.CapacityUnits ?? 0);
}

/** A read unit: 4 KB strongly consistent, half of that eventually consistent. */
function readUnit(consistent: boolean): number {
  return consistent ? 1 : 0.5;
}

/**
 * The `Limit` that keeps a Scan or Query page within `cap` units — DynamoDB charges a page for its
 * bytes rounded up to 4 KB, so one block is kept for the rounding:
 *   cap 5 RCU, 400-byte items, eventually consistent → 10 blocks, 9 × 4096 / 400 → Limit 92
 */
export function pageLimit(cap: number, bytesPerItem: number, consistent: boolean): number {
  const blocks = Math.max(1, Math.floor(cap / readUnit(consistent)) - 1);
  return Math.max(1, Math.floor((blocks * 4096) / Math.max(1, bytesPerItem)));
}

const putUnits = (item: Record<string, AttributeValue>) => Math.max(1, Math.ceil(itemSize(item) / 1024));

/**
 * What a request will cost, estimated before it is sent (settled with what DynamoDB reports):
 *   Scan, Limit 100, 400-byte items, eventually consistent → ceil(40 000 / 4096) × 0.5 = 5 RCU
 *   PutItem of a 1.5 KB item → 2 WCU;  BatchWriteItem of 25 such puts → 50 WCU
 */
export function estimateCost(operation: string, input: Input, sizes: TableSizes): number {
  const read = (n: number, consistent: unknown) =>
    n * Math.ceil(sizes.readBytes / 4096) * readUnit(consistent === true);
  switch (operation) {
    case 'Scan':
    case 'Query': {
      const limit = typeof input.Limit === 'number' ? input.Limit : Infinity;
      const bytes = Math.min(limit * sizes.readBytes, 1024 * 1024);
      return Math.max(1, Math.ceil(bytes / 4096)) * readUnit(input.ConsistentRead === true);
    }
    case 'GetItem':
      return read(1, input.ConsistentRead);
    case 'BatchGetItem':
      return Object.values(
        (input.RequestItems ?? {}) as Record<string, { Keys?: unknown[]; ConsistentRead?: boolean }>,
      )
        .map((t) => read(t.Keys?.length ?? 0, t.ConsistentRead))
        .reduce((a, b) => a + b, 0);
    case 'TransactGetItems':
      return 2 * read(((input.TransactItems as unknown[]) ?? []).length, true);
    case 'PutItem':
      return putUnits((input.Item ?? {}) as Record<string, AttributeValue>);
    case 'UpdateItem':
    case 'DeleteItem':
      return sizes.writeUnits;
    case 'BatchWriteItem':
      return Object.values((input.RequestItems ?? {}) as Record<string, BatchWriteRequest[]>)
        .flat()
        .reduce((n, r) => n + batchWriteUnits(r, sizes), 0);
    case 'TransactWriteItems':
      return (
        2 *
        ((input.TransactItems ?? []) as { Put?: { Item?: Record<string, AttributeValue> } }[]).reduce(
          (n, t) => n + (t.Put?.Item ? putUnits(t.Put.Item) : sizes.writeUnits),
          0,
        )
      );
    default:
      return 0;
  }
}

export interface BatchWriteRequest {
  readonly PutRequest?: { readonly Item?: Record<string, AttributeValue> };
}

/** One request of a BatchWriteItem: a put by its item's size, a delete as the table's deletes have cost. */
export function batchWriteUnits(request: BatchWriteRequest, sizes: TableSizes): number {
  return request.PutRequest?.Item ? putUnits(request.PutRequest.Item) : sizes.writeUnits;
}

/** What an answer teaches about the table: bytes a read item is charged for, units a single write took. */
export function learn(operation: string, input: Input, output: Output, sizes: TableSizes): void {
  const units = consumedUnits(output);
  if (operation === 'Scan' || operation === 'Query') {
    const scanned = Number(output.ScannedCount ?? 0);
    if (scanned > 0 && units > 0) {
      sizes.readBytes = ((units / readUnit(input.ConsistentRead === true)) * 4096) / scanned;
      sizes.readLearned = true;
    }
  } else if ((operation === 'GetItem' || operation === 'BatchGetItem') && units > 0 && !sizes.readLearned) {
    // Keyed reads are charged per item rounded up to 4 KB: an upper bound, taken until a page says more.
    const items =
      operation === 'GetItem'
        ? output.Item
          ? 1
          : 0
        : Object.values((output.Responses ?? {}) as Record<string, unknown[]>).reduce(
            (n, r) => n + r.length,
            0,
          );
    const consistent = operation === 'GetItem' ? input.ConsistentRead === true : batchConsistent(input);
    if (items > 0) sizes.readBytes = ((units / readUnit(consistent)) * 4096) / items;
  } else if ((operation === 'UpdateItem' || operation === 'DeleteItem') && units > 0) {
    sizes.writeUnits = units;
  }
}

function batchConsistent(input: Input): boolean {
  return Object.values((input.RequestItems ?? {}) as Record<string, { ConsistentRead?: boolean }>).some(
    (t) => t.ConsistentRead === true,
  );
}
