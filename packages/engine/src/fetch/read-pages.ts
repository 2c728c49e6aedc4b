import {
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type ScanCommandInput,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import { throwIfAborted } from '../errors';
import { chunkedItems, type ArrivedItems, type RawItems } from './chunked-items';
import { withPageFilter, type PageFilterSource } from './page-filter';
import { limitField } from './read-request';

export type Item = Record<string, AttributeValue>;

export interface Page {
  /** The page's items; none when they come as `raw`. */
  readonly items: Item[];
  /** The items as bytes, when the reader asked for them so (PageOptions.raw) and the page has them. */
  readonly raw?: RawItems;
  /** Items matched (with `Select: COUNT`, the only figure there is). */
  readonly count?: number;
  readonly consumedRcu: number;
  readonly scannedCount: number;
  /** The Scan or Query request that read the page (its Limit as sent may differ: the governor sizes it). */
  readonly request?: ReadRequest;
}

export type ReadRequest =
  | { readonly operation: 'Query'; readonly input: QueryCommandInput }
  | { readonly operation: 'Scan'; readonly input: ScanCommandInput };

/**
 * How many more items the reader's consumer wants (a holder it keeps up to date): `Infinity` for one
 * that reads everything, the rest of a result page for a cursor. While it wants more than the page
 * in hand, the next request is sent before that page is handed out, so DynamoDB works while the
 * page is turned into rows; a consumer that wants nothing more gets no request it did not ask for.
 */
export interface Demand {
  items: number;
}

export interface PageOptions {
  readonly signal: { readonly current?: AbortSignal | undefined };
  /** Stop after this many items (a LIMIT nothing filters locally). */
  readonly maxItems?: number;
  /** `Limit` of the first request only: a large read starts with a page the size of the first result page. */
  readonly firstLimit?: number;
  readonly demand?: Demand;
  /** A condition each request adds to its FilterExpression, asked as it is sent (fetch/page-filter.ts). */
  readonly pageFilter?: PageFilterSource;
  /** Pages with their items as bytes (Page.raw) where the response's items were taken out whole. */
  readonly raw?: boolean;
}

/** A page as it arrived: its figures, its items still to parse (`items()`: parsed in slices, once). */
export interface ArrivedPage extends Omit<Page, 'items' | 'raw'> {
  /** How many items it holds. */
  readonly itemCount: number;
  items(): Promise<Item[]>;
  /** The items as bytes, when the response's were taken out whole (chunked-items.ts). */
  raw(): RawItems | undefined;
}

/**
 * `arrivedPages`, each page's items parsed as it is taken: the page read ahead meanwhile waits as
 * its body, and only the page in hand is objects.
 */
export async function* readPages(
  client: DynamoDBClient,
  request: ReadRequest,
  options: PageOptions,
): AsyncGenerator<Page> {
  for await (const page of arrivedPages(client, request, options)) yield await parsedPage(page, options.raw);
}

/** An arrived page with its items parsed, or with them as bytes (`raw`) where it has them so. */
export async function parsedPage(page: ArrivedPage, raw = false): Promise<Page> {
  const { itemCount: _count, items, raw: bytes, ...figures } = page;
  const asBytes = raw ? bytes() : undefined;
  return asBytes ? { ...figures, items: [], raw: asBytes } : { ...figures, items: await items() };
}

/** How many items a page returned (those of `items`, or of `raw`). */
export function returnedItems(page: { readonly items: readonly unknown[]; readonly raw?: RawItems }): number {
  return page.raw ? page.raw.spans.length : page.items.length;
}

/**
 * Reads lazily, one DynamoDB page per iteration, following LastEvaluatedKey (an empty page with a
 * LastEvaluatedKey means "keep going"), with ReturnConsumedCapacity on every request. With
 * `maxItems` (a LIMIT nothing filters locally) each request asks only for the items still wanted.
 * `signal` is a holder: a cursor's later pages run under a later request's signal.
 */
export async function* arrivedPages(
  client: DynamoDBClient,
  request: ReadRequest,
  options: PageOptions,
): AsyncGenerator<ArrivedPage> {
  const { signal, demand } = options;
  let remaining = options.maxItems;
  const send = (startKey: Item | undefined, first: boolean) => {
    throwIfAborted(signal.current);
    const limit =
      first && options.firstLimit !== undefined
        ? Math.min(options.firstLimit, remaining ?? Infinity)
        : remaining;
    const input = {
      ...withPageFilter(request.input, options.pageFilter?.() ?? null),
      ReturnConsumedCapacity: 'TOTAL' as const,
      ...(startKey && { ExclusiveStartKey: startKey }),
      ...limitField(limit),
    };
    const command = request.operation === 'Query' ? new QueryCommand(input) : new ScanCommand(input);
    const sentRequest = { operation: request.operation, input } as ReadRequest;
    // The page's items are parsed in slices when taken (chunked-items.ts), not in one stretch by the SDK.
    const decoded: { items?: ArrivedItems | undefined } = {};
    chunkedItems(command.middlewareStack as ScanCommand['middlewareStack'], decoded);
    const sent = (
      client.send(command as ScanCommand, { abortSignal: signal.current }) as Promise<ScanCommandOutput>
    ).then((out) => ({ out, items: decoded.items ?? given(out.Items), request: sentRequest }));
    const mapped = sent.catch((e: unknown) => {
      throw awsError(e, `${request.operation} ${request.input.TableName}`);
    });
    // A request sent ahead may fail while its page's consumer is busy elsewhere: the failure is
    // taken up when the page is awaited, never left as an unhandled rejection.
    mapped.catch(() => undefined);
    return mapped;
  };
  // A request sent ahead for a consumer that stops settles unobserved (see `send`).
  let pending: ReturnType<typeof send> | undefined = send(undefined, true);
  while (pending) {
    const { out, items, request: sent } = await pending;
    pending = undefined;
    const startKey =
      out.LastEvaluatedKey && Object.keys(out.LastEvaluatedKey).length ? out.LastEvaluatedKey : undefined;
    const got = items.count;
    if (remaining !== undefined) remaining -= got;
    const more = startKey !== undefined && (remaining === undefined || remaining > 0);
    // Read ahead only for a consumer that will want more than this page holds.
    if (more && demand && demand.items > got) pending = send(startKey, false);
    let parsed: Promise<Item[]> | undefined;
    yield {
      itemCount: got,
      items: () => (parsed ??= items.parse()),
      raw: () => items.raw,
      count: out.Count ?? got,
      consumedRcu: out.ConsumedCapacity?.CapacityUnits ?? 0,
      scannedCount: out.ScannedCount ?? out.Count ?? 0,
      request: sent,
    };
    if (more) pending ??= send(startKey, false);
  }
}

/** Items the SDK parsed itself (an answer the plugin left to it): none for `Select: COUNT`. */
function given(items: Item[] | undefined): ArrivedItems {
  return { count: items?.length ?? 0, parse: () => Promise.resolve(items ?? []) };
}
