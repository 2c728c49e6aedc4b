import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ServerDef } from '../catalog/foreign-table';
import { retryBudgetFromSetting, withRetryBudget } from '../dynamo/retry-budget';
import { writeLimitPlan } from '../dynamo/governor/rate-limit-plan';
import { EngineError, throwIfAborted } from '../errors';
import type { TableInfo } from '../plan/key-schema';
import { tablePricing } from '../plan/price-overrides';
import { writeWcu } from '../plan/write-wcu';
import { normalizeNumber } from '../util/decimal';
import type { StatementContext } from '../run/context';
import type { WritePlan } from '../types';
import { heldSink } from '../txn/held-sink';
import { keyText, type ItemKey } from '../write/item-keys';
import { duplicateKeyError } from '../write/duplicate-key';
import { WriteProgress } from '../write/write-progress';
import { sendingSink, type WriteSink } from '../write/write-sink';
import type { CopyProgressReport } from './copy-progress';
import type { CopyFromOutcome } from './run-query';

type Item = Record<string, AttributeValue>;

/** Rows read back from a staging table at a time, checked or written: what a COPY FROM holds in memory. */
export const ITEM_BATCH = 2000;

/** How many items a preview shows. */
export const PREVIEW_ITEMS = 20;

/** Staged COPY FROM input as the DynamoDB items it becomes, read back in input order. */
export interface ItemSource {
  readonly rowCount: number;
  /** The items of staged rows `from + 1` to `to`; an item that cannot be written throws, naming its line. */
  items(from: number, to: number): Promise<Item[]>;
  /** Postgres's CONTEXT for staged row `ordinal` (1-based): `COPY t, line 7`. */
  contextOf(ordinal: number): Promise<string>;
  /**
   * The first staged row whose item key (partition + sort) an earlier row has, found in the host
   * (GROUP BY the key HAVING count(*) > 1), as its ordinal and the input lines of both; null if none.
   */
  repeatedKey(): Promise<RepeatedKey | null>;
}

/** A staged row whose key an earlier row has: its ordinal, and the input lines of the first and of it. */
export interface RepeatedKey {
  readonly ordinal: number;
  readonly lines: readonly [number, number];
}

/** Where staged items go: the foreign table, its DynamoDB table and key schema. */
export interface ItemTarget {
  readonly relation: string;
  readonly server: ServerDef;
  readonly info: TableInfo;
}

/**
 * Every staged item built and checked before anything is written (keys, numbers DynamoDB can hold,
 * types), with the write capacity they will use (plan/write-wcu.ts, as a new item: every index that holds it included) and the first
 * few as they will be written.
 */
export async function checkItems(
  ctx: StatementContext,
  source: ItemSource,
  info: TableInfo,
  relation: string,
  progress: CopyProgressReport,
): Promise<NonNullable<CopyFromOutcome['estimate']>> {
  let estimatedWcu = 0;
  const sample: Item[] = [];
  progress.checking(source.rowCount);
  for (let from = 0; from < source.rowCount; from += ITEM_BATCH) {
    throwIfAborted(ctx.signal);
    const items = await source.items(from, from + ITEM_BATCH);
    for (const item of items) {
      estimatedWcu += writeWcu(undefined, item, info);
      if (sample.length < PREVIEW_ITEMS) sample.push(item);
    }
    progress.checked(from + items.length);
  }
  await refuseRepeatedKey(source, info, relation);
  return { estimatedWcu, sample, table: info.name, indexes: info.indexes.map((i) => i.name) };
}

/** An item's key attributes, a number in its stored form (`{ N: '1.00' }` → `{ N: '1' }`). */
export function storedKey(item: Item, info: TableInfo): ItemKey {
  const names = [info.partitionKey.name, ...(info.sortKey ? [info.sortKey.name] : [])];
  return Object.fromEntries(
    names.map((k) => {
      const v = item[k]!;
      return [k, v.N !== undefined ? { N: normalizeNumber(v.N) ?? v.N } : v];
    }),
  );
}

/**
 * A key on two input lines is refused before the first write, as an INSERT's is (23505, as Postgres's
 * COPY into a table with that key): DynamoDB keeps one item per key, so the second PutItem would
 * replace the first while the COPY counted both.
 *   'b\t1\na\t2\nb\t3' → 23505 duplicate key value violates the key of "t"
 *     (DETAIL: Lines 1 and 3 have the same key {"id":{"S":"b"}}: ..., CONTEXT: COPY t, line 3)
 */
async function refuseRepeatedKey(source: ItemSource, info: TableInfo, relation: string): Promise<void> {
  const repeated = await source.repeatedKey();
  if (!repeated) return;
  const [item] = await source.items(repeated.ordinal - 1, repeated.ordinal);
  const key = storedKey(item!, info);
  throw duplicateKeyError(
    relation,
    `Lines ${repeated.lines[0]} and ${repeated.lines[1]} have the same key ${keyText(key)}: DynamoDB keeps one item per key, so the second would replace the first.`,
    {
      hint: 'Ensure that no two input lines have the same key (partition and sort key) values.',
      context: await source.contextOf(repeated.ordinal),
    },
  );
}

/**
 * Writes the staged items as PutItems, `ITEM_BATCH` at a time in input order (checkItems has refused
 * a key on two lines): through BatchWriteItem (write/write-sink.ts: 25 a
 * call, retried within the statement's budget), or inside a transaction block held for COMMIT like
 * an INSERT's (txn/held-sink.ts: at most 100 items). A put replaces the item whole, so a COPY stopped
 * by a failure completes when run again; the error says how many rows were written.
 */
export async function writeItems(
  ctx: StatementContext,
  source: ItemSource,
  target: ItemTarget,
  report: CopyProgressReport,
): Promise<WritePlan> {
  const client = await ctx.clients.clientFor(target.server);
  const sink = ctx.host.inTransaction()
    ? heldSink(ctx.transaction, client, target)
    : sendingSink(client, target.info.name, target.info.partitionKey.name);
  const settings = await ctx.settings();
  // The COPY's estimate is its preview's (checkItems), not the plan's: no time at the rate here.
  const { rateLimit } = writeLimitPlan(
    settings,
    { server: target.server, options: { table: target.info.name } },
    null,
  );
  const write = {
    ...unwritten(target),
    ...(sink.atomic && { atomic: true }),
    ...(rateLimit && { rateLimit }),
    // Its WCU are priced by the written table's billing mode and the server's region.
    ...tablePricing(target.info.billingMode, await ctx.clients.regionFor(target.server), settings),
  };
  const keys = [target.info.partitionKey.name, ...(target.info.sortKey ? [target.info.sortKey.name] : [])];
  const keyOf = (item: Item): ItemKey => Object.fromEntries(keys.map((k) => [k, item[k]!]));
  const progress = new WriteProgress({ held: sink.atomic });
  const budgetMs = retryBudgetFromSetting(settings.retryBudgetSeconds);
  report.writing(sink.atomic ? undefined : rateLimit?.wcuPerSecond);
  const wrote = (item: Item) => {
    progress.wrote(keyOf(item));
    report.wrote(progress.written);
  };
  try {
    await withRetryBudget(budgetMs, async () => {
      for (let from = 0; from < source.rowCount; from += ITEM_BATCH) {
        // BatchWriteItem refuses a key twice in one call: the last one wins, as it would in order.
        const unique = new Map<string, { item: Item; ordinal: number }>();
        (await source.items(from, from + ITEM_BATCH)).forEach((item, i) =>
          unique.set(JSON.stringify(keyOf(item)), { item, ordinal: from + i + 1 }),
        );
        const written = new Set<Item>();
        const r = await sink
          .putAll(
            [...unique.values()].map((u) => u.item),
            (item) => (written.add(item), wrote(item)),
            ctx.signal,
          )
          .catch(async (e: unknown) => {
            if (sink.atomic || !refusedItem(e)) throw e;
            const left = [...unique.values()].filter((u) => !written.has(u.item));
            const found = await refusedOne(left, sink, wrote, write, source, ctx.signal);
            throw found ?? e;
          });
        write.requests += r.requests;
        write.consumedWcu += r.consumedWcu;
        write.itemsWritten = progress.written;
      }
    });
    report.wrote(progress.written, true);
  } catch (e) {
    report.wrote(progress.written, true);
    write.itemsWritten = progress.written;
    const err = progress.failed(e, `BatchWriteItem ${write.table}`);
    if (sink.atomic) throw err;
    const context = e instanceof EngineError ? e.context : undefined;
    throw new EngineError(err.sqlstate, err.message, {
      ...(err.detail !== undefined && { detail: err.detail }),
      hint: [err.hint, `running the same COPY again completes it (${source.rowCount} rows in all)`]
        .filter(Boolean)
        .join('; '),
      ...(context !== undefined && { context }),
      cause: e,
    });
  }
  return write;
}

/** Whether DynamoDB refused something in the request (ValidationException), as opposed to failing it. */
function refusedItem(e: unknown): boolean {
  const cause = e instanceof EngineError ? e.cause : e;
  return (cause as { name?: string } | undefined)?.name === 'ValidationException';
}

/**
 * The item DynamoDB refused in a BatchWriteItem call (which names none): the batch's unwritten items
 * sent again one PutItem at a time, in input order, until one is refused — its error then names its
 * line. The ones before it are written (PutItems: as the COPY would have). Null if none is refused.
 */
async function refusedOne(
  left: readonly { readonly item: Item; readonly ordinal: number }[],
  sink: WriteSink,
  wrote: (item: Item) => void,
  write: { consumedWcu: number; requests: number },
  source: ItemSource,
  signal: AbortSignal | undefined,
): Promise<EngineError | null> {
  const live = signal ?? new AbortController().signal;
  for (const { item, ordinal } of left) {
    try {
      const r = await sink.put(item, live);
      write.requests++;
      write.consumedWcu += r.consumedWcu;
      wrote(item);
    } catch (e) {
      if (!refusedItem(e)) throw e;
      const err = e as EngineError;
      return new EngineError(err.sqlstate, err.message, {
        ...(err.hint !== undefined && { hint: err.hint }),
        context: await source.contextOf(ordinal),
        cause: err.cause,
      });
    }
  }
  return null;
}

/** The write of a COPY FROM before it is made (what a preview shows). */
export function unwritten(target: ItemTarget): WritePlan {
  return {
    relation: target.relation,
    table: target.info.name,
    operation: 'BatchWriteItem',
    condition: null,
    requests: 0,
    itemsWritten: 0,
    consumedWcu: 0,
  };
}

/** The longest value a CONTEXT line quotes, in bytes, as Postgres clips it (copyfromparse.c). */
const MAX_VALUE_DISPLAY = 100;

/**
 * Postgres's CONTEXT for an error in one row of COPY input: its line, and the column and value when
 * the error is about one (`value` null: SQL NULL); a value over 100 bytes is clipped with `...`:
 *   copyContext('COPY t', 7)                            → 'COPY t, line 7'
 *   copyContext('COPY t', 7, { column: 'n', value: 'abc' }) → 'COPY t, line 7, column n: "abc"'
 *   copyContext('COPY t', 7, { column: 'id', value: null }) → 'COPY t, line 7, column id: null input'
 */
export function copyContext(
  context: string,
  line: number,
  at?: { readonly column: string; readonly value: string | null },
): string {
  const where = `${context}, line ${line}`;
  if (!at) return where;
  return at.value === null
    ? `${where}, column ${at.column}: null input`
    : `${where}, column ${at.column}: "${clipped(at.value)}"`;
}

function clipped(value: string): string {
  const bytes = Buffer.from(value);
  if (bytes.length <= MAX_VALUE_DISPLAY) return value;
  let end = MAX_VALUE_DISPLAY;
  // Cut before a character, never inside one (UTF-8 continuation bytes are 10xxxxxx).
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString() + '...';
}

/** An item's error, named after its input line (and column) as Postgres's COPY names it. */
export function atLine(e: unknown, context: string): never {
  if (!(e instanceof EngineError)) throw e;
  throw new EngineError(e.sqlstate, e.message, {
    ...(e.detail !== undefined && { detail: e.detail }),
    ...(e.hint !== undefined && { hint: e.hint }),
    context,
  });
}
