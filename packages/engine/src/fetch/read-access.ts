import { BatchGetItemCommand, GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import { batchLimit, segmentsInFlight } from '../dynamo/governor/pace-requests';
import { sendCached } from '../dynamo/send-cached';
import { EngineError, throwIfAborted } from '../errors';
import type { Access, Key } from '../plan/access-path';
import {
  arrivedPages,
  parsedPage,
  readPages,
  returnedItems,
  type ArrivedPage,
  type Item,
  type Page,
  type PageOptions,
} from './read-pages';
import {
  BATCH_GET_KEYS,
  batchGetInput,
  getItemInput,
  queryInput,
  scanInput,
  type BaseInput,
  type ReadShape,
} from './read-request';

export type { BaseInput } from './read-request';

export interface ReadOptions extends Omit<PageOptions, 'maxItems'> {
  /** How many Scan segments to read at once. */
  readonly concurrency?: number;
}

/**
 * Reads what an access path selects, page by page, whatever the DynamoDB operation behind it, with
 * the requests `plannedRequest` (read-request.ts) describes for the statement's `shape`. A shape that
 * wants no item (`limit 0`) sends no request: DynamoDB refuses `Limit: 0`.
 */
export async function* readAccess(
  client: DynamoDBClient,
  access: Access,
  base: BaseInput,
  shape: ReadShape,
  options: ReadOptions,
): AsyncGenerator<Page> {
  if (shape.maxItems === 0) return;
  const pageOptions: PageOptions = {
    ...options,
    ...(shape.maxItems !== null && { maxItems: shape.maxItems }),
  };
  switch (access.operation) {
    case 'GetItem':
    case 'BatchGetItem':
      yield* batchGet(client, base, access.keys, options);
      return;
    case 'Query':
      yield* queries(client, access, base, shape, pageOptions);
      return;
    case 'Scan':
      if (access.segments > 1 && shape.maxItems === null)
        yield* parallelScan(client, base, shape, access.segments, options);
      else yield* readPages(client, { operation: 'Scan', input: scanInput(base, shape) }, pageOptions);
  }
}

async function* queries(
  client: DynamoDBClient,
  access: Access,
  base: BaseInput,
  shape: ReadShape,
  options: PageOptions,
): AsyncGenerator<Page> {
  let remaining = options.maxItems;
  let first = true;
  for (const value of access.partitionValues) {
    const input = queryInput(access, base, shape, value);
    const pageOptions = {
      ...options,
      maxItems: remaining,
      ...(!first && { firstLimit: undefined }),
      // A fetch back reads the index's items as objects.
      ...(access.fetchBack && { raw: false }),
    };
    first = false;
    for await (const page of readPages(client, { operation: 'Query', input }, pageOptions)) {
      const out = access.fetchBack ? await fetchBack(client, base, page, options) : page;
      yield out;
      if (remaining !== undefined) remaining -= returnedItems(page);
    }
    if (remaining !== undefined && remaining <= 0) return;
  }
}

/** Index items carry keys (and what the index projects): fetch the whole items from the table. */
async function fetchBack(
  client: DynamoDBClient,
  base: BaseInput,
  page: Page,
  options: PageOptions,
): Promise<Page> {
  const keyNames = (base.ProjectionExpression ?? '')
    .split(', ')
    .map((n) => base.ExpressionAttributeNames?.[n] ?? n);
  const keys = page.items.map((item) =>
    Object.fromEntries(keyNames.filter((k) => item[k]).map((k) => [k, item[k]!])),
  );
  let items: Item[] = [];
  let rcu = page.consumedRcu;
  for await (const got of batchGet(
    client,
    { TableName: base.TableName, ...(base.ConsistentRead && { ConsistentRead: true }) },
    keys,
    options,
  )) {
    items = items.concat(got.items);
    rcu += got.consumedRcu;
  }
  return { items, consumedRcu: rcu, scannedCount: page.scannedCount };
}

/** GetItem for one key, BatchGetItem (100 keys a request, UnprocessedKeys retried) for more. */
export async function* batchGet(
  client: DynamoDBClient,
  base: BaseInput,
  keys: readonly Key[],
  options: Pick<PageOptions, 'signal'>,
): AsyncGenerator<Page> {
  if (keys.length === 1) {
    throwIfAborted(options.signal.current);
    try {
      const out = await sendCached(
        client,
        new GetItemCommand(getItemInput(base, keys[0]!)),
        options.signal.current,
      );
      yield {
        items: out.Item ? [out.Item] : [],
        consumedRcu: out.ConsumedCapacity?.CapacityUnits ?? 0,
        scannedCount: 1,
      };
    } catch (e) {
      throw awsError(e, `GetItem ${base.TableName}`);
    }
    return;
  }
  // 100 keys a call, fewer when the throughput governor would let one call cost less (dynamo/governor/).
  const size = batchLimit(client, base.TableName, 'read', BATCH_GET_KEYS);
  for (let i = 0; i < keys.length; i += size) {
    let pending: Key[] = keys.slice(i, i + size) as Key[];
    const requested = pending.length;
    const items: Item[] = [];
    let rcu = 0;
    for (let attempt = 0; pending.length; attempt++) {
      throwIfAborted(options.signal.current);
      if (attempt > 8)
        throw new EngineError('HV000', `DynamoDB left ${pending.length} keys unprocessed after 8 retries`, {
          hint: 'the table is throttled; retry later',
        });
      if (attempt) await new Promise((r) => setTimeout(r, 50 * 2 ** (attempt - 1)));
      let out;
      try {
        out = await sendCached(
          client,
          new BatchGetItemCommand(batchGetInput(base, pending)),
          options.signal.current,
        );
      } catch (e) {
        throw awsError(e, `BatchGetItem ${base.TableName}`);
      }
      items.push(...(out.Responses?.[base.TableName] ?? []));
      rcu += (out.ConsumedCapacity ?? []).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
      pending = (out.UnprocessedKeys?.[base.TableName]?.Keys ?? []) as Key[];
    }
    yield { items, consumedRcu: rcu, scannedCount: requested };
  }
}

/**
 * Segment/TotalSegments, pages handed out as they arrive. One segment is read first (its first
 * request limited like a plain Scan's), so the first page comes as fast; then up to `concurrency`
 * requests are kept in flight — as many as the consumer's demand can use, judged by the items a
 * page has held so far.
 */
async function* parallelScan(
  client: DynamoDBClient,
  base: BaseInput,
  shape: ReadShape,
  segments: number,
  options: ReadOptions,
): AsyncGenerator<Page> {
  // Fewer in flight under a throughput limit (dynamo/governor/): they would only wait for the budget;
  // asked before each request, since other sessions come and go while the Scan runs.
  const concurrency = () =>
    segmentsInFlight(client, base.TableName, Math.max(1, Math.min(options.concurrency ?? 4, segments)));
  const demand = options.demand ?? { items: 0 };
  // Pages arrive as their bodies and are parsed when handed out: the ones in flight or waiting are not objects yet.
  const iterators = Array.from({ length: segments }, (_, s) =>
    arrivedPages(
      client,
      { operation: 'Scan', input: scanInput(base, shape, { segment: s, total: segments }) },
      {
        signal: options.signal,
        ...(options.pageFilter && { pageFilter: options.pageFilter }),
        ...(s === 0 && { firstLimit: options.firstLimit }),
      },
    ),
  );
  let nextSegment = 0;
  const ready: number[] = [];
  const inFlight = new Map<number, Promise<{ s: number; r: IteratorResult<ArrivedPage> }>>();
  const pull = (s: number) => {
    const next = iterators[s]!.next().then((r) => ({ s, r }));
    // Raced later (or settled in `finally`): a failure meanwhile is not an unhandled rejection.
    next.catch(() => undefined);
    inFlight.set(s, next);
  };
  /** Sends one more request: the next page of a segment already begun, else a new segment. */
  const pullOne = () => {
    const s = ready.shift() ?? (nextSegment < segments ? nextSegment++ : undefined);
    if (s === undefined) return false;
    pull(s);
    return true;
  };
  // Items a full page holds, from the pages seen (not the first, limited one): how many requests the
  // demand can use. Before any is seen, one request is assumed to serve any demand.
  let pages = 0;
  let items = 0;
  let limitedFirst = options.firstLimit !== undefined;
  /** Keeps requests in flight for what the consumer still wants beyond the `inHand` items. */
  const topUp = (inHand: number) => {
    const perPage = pages ? Math.max(1, items / pages) : Infinity;
    const wanted = demand.items - inHand;
    while (
      inFlight.size < concurrency() &&
      wanted > 0 &&
      (inFlight.size === 0 || wanted > inFlight.size * perPage) &&
      pullOne()
    ) {
      /* one more in flight */
    }
  };
  try {
    pullOne();
    while (inFlight.size) {
      const { s, r } = await Promise.race(inFlight.values());
      inFlight.delete(s);
      if (r.done) {
        topUp(0);
        if (!inFlight.size) pullOne();
        continue;
      }
      ready.push(s);
      if (limitedFirst) limitedFirst = false;
      else {
        pages++;
        items += r.value.itemCount;
      }
      topUp(r.value.itemCount);
      yield await parsedPage(r.value, options.raw);
      topUp(0);
      if (!inFlight.size) pullOne();
    }
  } finally {
    await Promise.allSettled([...inFlight.values()]);
    await Promise.allSettled(iterators.map((it) => it.return(undefined)));
  }
}
