import { qualifiedName } from '../catalog/foreign-table';
import { readRate } from '../dynamo/governor/statement-governor';
import { readAccess } from '../fetch/read-access';
import { overlayPages } from '../txn/overlay-pages';
import type { Item, Page } from '../fetch/read-pages';
import type { RawItems } from '../fetch/chunked-items';
import type { BaseInput } from '../fetch/read-request';
import type { PageFilterSource } from '../fetch/page-filter';
import { coercionFailure } from '../load/coerce';
import { projected } from '../plan/statement/projected-input';
import {
  QueryCommand,
  ScanCommand,
  type DynamoDBClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { quoteIdent } from '../parse/ast';
import { itemsToRowsJson } from '../load/coerce';
import { jsonRowsSelect } from '../load/json-rows-sql';
import { stageRowsSql } from '../session/staged-rows';
import { itemCell } from '../load/direct-cell';
import type { ColumnDef } from '../catalog/foreign-table';
import type { StatementContext } from './context';
import type { PlannedScan } from '../plan/statement/statement-plan';

/**
 * Inserts DynamoDB items into a scan's temp table in one statement (jsonb_populate_recordset). With
 * `ctids`, returns the ctid of each item's row, in item order (a write target's rows are mapped back
 * to their items' keys by them, see write/item-keys.ts). With `replace`, the same statement first
 * deletes the rows there (`with emptied as (delete from t) insert into t ...`: one host round trip).
 */
export async function insertItems(
  ctx: StatementContext,
  scan: PlannedScan,
  items: readonly Item[],
  options: { ctids?: boolean; replace?: boolean } = {},
): Promise<string[]> {
  if (!items.length) return [];
  ctx.temps.loaded(scan.tempTable, items.length);
  const context = { relation: qualifiedName(scan.occurrence.table), keyNames: scan.keyNames };
  const columns = scan.occurrence.table.columns;
  const { json, jsonbNull } = itemsToRowsJson(items, columns, context);
  // A read-only block's rows are staged as they come (session/staged-rows.ts); nothing there writes.
  if (ctx.temps.isStaged(scan.tempTable)) {
    if (options.ctids) throw new Error(`staged rows have no ctid (${scan.tempTable})`);
    const oneByOne = ctx.temps.stagedOneByOne(scan.tempTable);
    await ctx.host.query(stageRowsSql(scan.tempTable, options.replace === true, oneByOne), [json]);
    return [];
  }
  const t = `pg_temp.${quoteIdent(scan.tempTable)}`;
  const cols = columns.map((c) => quoteIdent(c.name)).join(', ');
  // Rows come back in the order the set-returning function yields them: the array's.
  const returning = options.ctids ? ' returning ctid::text' : '';
  const insert = `${options.replace ? `with emptied as (delete from ${t}) ` : ''}insert into ${t}`;
  const r = await ctx.host.query(`${insert} (${cols}) ${jsonRowsSelect(t, columns, jsonbNull)}${returning}`, [
    json,
  ]);
  return r.rows.map((row) => row[0]!);
}

/** Records a page's figures in the run's statistics and reports progress. */
export function recordPage(
  ctx: StatementContext,
  scan: PlannedScan,
  page: Pick<Page, 'items' | 'raw' | 'consumedRcu' | 'scannedCount'>,
): void {
  const s = ctx.run.record(scan, page);
  ctx.onProgress?.({
    statementIndex: ctx.statementIndex,
    relation: scan.plan.relation,
    itemsScanned: s.scannedCount,
    itemsReturned: s.returnedCount,
    consumedRcu: s.consumedRcu,
    ...readRate(scan.plan),
  });
}

export interface LoadOptions {
  /** Columns whose distinct non-null values (as Postgres text) to collect, up to `collectLimit` each. */
  readonly collect?: readonly ColumnDef[];
  readonly collectLimit?: number;
  /**
   * A condition the Scan's or Query's next requests add, asked as each is sent (a top-N's threshold):
   * left out inside a block holding writes to the table, whose pages are overlaid with them.
   */
  readonly pageFilter?: PageFilterSource;
  /**
   * Takes a page's items as the bytes of its body (fetch/chunked-items.ts RawItems) where it has them
   * so, instead of `onItems` — not inside a block holding writes to the table (its pages are overlaid
   * with them as objects), nor with `collect`.
   */
  readonly onRaw?: (raw: RawItems) => Promise<void>;
}

/** Reads every page of a scan into its temp table; returns the values collected per column. */
export function loadScan(
  ctx: StatementContext,
  scan: PlannedScan,
  options: LoadOptions = {},
): Promise<Map<string, Set<string>>> {
  return readScan(ctx, scan, async (items) => void (await insertItems(ctx, scan, items)), options);
}

/** Reads every page of a scan, hands its items to `onItems`, records the figures on the plan. */
export async function readScan(
  ctx: StatementContext,
  scan: PlannedScan,
  onItems: (items: readonly Item[]) => Promise<void>,
  options: LoadOptions = {},
): Promise<Map<string, Set<string>>> {
  const client = await ctx.clients.clientFor(scan.occurrence.table.server);
  ctx.run.start(scan);
  const { collect = [], collectLimit = Infinity, onRaw } = options;
  const collected = new Map(collect.map((c) => [c.name, new Set<string>()]));
  const table = scan.occurrence.table;
  const context = { relation: qualifiedName(table), keyNames: scan.keyNames };
  // Inside a transaction block, the statement sees the block's own held writes (src/txn/), by key.
  const held = ctx.transaction.writesTo(table.server.oid, scan.info.name);
  const unread = unreadKeys(scan);
  const keysRead = !unread.length || held.length > 0;
  const input =
    keysRead && unread.length ? projected(scan.input, [...scan.plan.projection!, ...unread]) : scan.input;
  const pages = readAccess(client, scan.access, input, scan.read, {
    signal: { current: ctx.signal },
    demand: { items: Infinity },
    ...(options.pageFilter && !held.length && { pageFilter: options.pageFilter }),
    ...(onRaw && !held.length && !collect.length && { raw: true }),
  });
  for await (const page of held.length ? overlayPages(client, scan.info, pages, held, ctx.signal) : pages) {
    try {
      if (page.raw) await onRaw!(page.raw);
      else await onItems(page.items);
    } catch (e) {
      throw keysRead ? e : await namingItsKey(e, client, page, scan.keyNames, ctx.signal);
    }
    recordPage(ctx, scan, page);
    for (const col of collect) {
      const values = collected.get(col.name)!;
      for (const item of page.items) {
        if (values.size > collectLimit) break;
        const cell = itemCell(item, col, table.columns, context);
        if (cell !== null) values.add(String(cell));
      }
    }
  }
  return collected;
}

/** The table's key attributes a scan's projection leaves out (plan/statement/evaluated-attributes.ts). */
function unreadKeys(scan: PlannedScan): string[] {
  const projection = scan.plan.projection;
  return projection ? scan.keyNames.filter((k) => !projection.includes(k)) : [];
}

/**
 * A value that did not fit its column, in an item read without its keys: the error names the item's
 * key all the same (spec §2), read again with the page's own request and the keys projected besides —
 * the item is the one whose attributes are the failing item's (the governor may size that request's
 * Limit differently, so not by position). One more request, on the statement's way to failing; the
 * error as it was when the page cannot be read again or the item is gone.
 */
async function namingItsKey(
  error: unknown,
  client: DynamoDBClient,
  page: Page,
  keyNames: readonly string[],
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const failure = coercionFailure(error);
  if (!failure || !page.request) return error;
  const { operation, input } = page.request;
  const attributes = (input.ProjectionExpression ?? '')
    .split(', ')
    .map((n) => input.ExpressionAttributeNames?.[n] ?? n);
  const again = { ...input, ...projected(input as BaseInput, [...attributes, ...keyNames]) };
  try {
    const out =
      operation === 'Query'
        ? await client.send(new QueryCommand(again as QueryCommandInput), { abortSignal: signal })
        : await client.send(new ScanCommand(again as ScanCommandInput), { abortSignal: signal });
    const same = (item: Item) =>
      Object.entries(failure.item).every(([a, v]) => JSON.stringify(item[a]) === JSON.stringify(v));
    const found = out.Items?.find(same);
    return found ? failure.naming(found) : error;
  } catch {
    return error;
  }
}
