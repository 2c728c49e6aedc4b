import { qualifiedName, type ColumnDef } from '../catalog/foreign-table';
import { batchGet } from '../fetch/read-access';
import type { Item } from '../fetch/read-pages';
import type { CoerceContext } from '../load/coerce';
import { exactKey, itemValues, type Suspect, type ValueSlots } from '../load/exact-reader';
import { compareValues, type ExactValue } from '../load/exact-value';
import type { DistinctShape, SortKey, TopNFetch, TopNShape } from '../plan/statement/local-shape';
import type { PlannedScan } from '../plan/statement/statement-plan';
import { thresholdFilter } from '../plan/statement/top-n-threshold';
import { MAX_SEEN, seenFilter } from '../plan/statement/distinct-seen';
import type { PageFilterSource } from '../fetch/page-filter';
import { TimeSlice } from '../util/time-slice';
import { insertItems, readScan } from './load-scan';
import type { StatementContext } from './context';

/**
 * The items a top-N or DISTINCT shape needs, kept while the pages arrive: the best `keep` items in
 * the ORDER BY's order (a bounded heap), or the first item of each distinct value. The host then
 * runs the statement over them as over the whole read. Every value an item carries for the statement
 * is coerced, so an item the host path would refuse is refused with the same error.
 */
export async function keptItems(
  ctx: StatementContext,
  scan: PlannedScan,
  shape: TopNShape | DistinctShape,
): Promise<Item[]> {
  if (shape.kind !== 'top-n' || !shape.fetch) return scannedKept(ctx, scan, shape);
  // Writes the transaction block holds are overlaid on the Scan's pages, never on a key read: a plan
  // made before them (which a block does not reuse, but a guard costs nothing) reads whole items.
  const table = scan.occurrence.table;
  if (ctx.transaction.writesTo(table.server.oid, scan.info.name).length)
    return scannedKept(ctx, { ...scan, input: shape.fetch.full }, shape);
  return keptByKey(ctx, scan, shape, shape.fetch);
}

/**
 * For tests only: awaited between a top-N's narrow Scan and its key read (a write made there must
 * not change the answer).
 */
export const topNHooks: { betweenReads?: (() => Promise<void>) | undefined } = {};

/**
 * A top-N by keys (plan/statement/top-n-shape.ts): the narrow Scan keeps the best items, then they
 * are read whole by key. Each fetched item must still hold what the Scan read of it (its keys, sort
 * and checked columns, filtered attributes); if one vanished or changed, the answer could be wrong,
 * so the Scan is read again whole as a plain top-N (its figures added to the first's).
 */
async function keptByKey(
  ctx: StatementContext,
  scan: PlannedScan,
  shape: TopNShape,
  fetch: TopNFetch,
): Promise<Item[]> {
  const kept = await scannedKept(ctx, scan, shape);
  if (!kept.length) return kept;
  await topNHooks.betweenReads?.();
  const client = await ctx.clients.clientFor(scan.occurrence.table.server);
  const keyOf = (item: Item) => JSON.stringify(scan.keyNames.map((k) => item[k] ?? null));
  const keys = kept.map((item) => Object.fromEntries(scan.keyNames.map((k) => [k, item[k]!])));
  const fetched = new Map<string, Item>();
  for await (const page of batchGet(client, fetch.full, keys, { signal: { current: ctx.signal } })) {
    ctx.run.fetched(scan, page);
    for (const item of page.items) fetched.set(keyOf(item), item);
  }
  const whole = kept.map((item) => fetched.get(keyOf(item)));
  const same = (item: Item, i: number) =>
    fetch.attributes.every((a) => JSON.stringify(item[a]) === JSON.stringify(whole[i]?.[a]));
  if (kept.every((item, i) => whole[i] && same(item, i))) return whole as Item[];
  ctx.run.readAgain(scan);
  const first = { ...ctx.run.of(scan)! };
  const again = await scannedKept(ctx, { ...scan, input: fetch.full }, shape);
  const stats = ctx.run.of(scan)!;
  stats.consumedRcu += first.consumedRcu;
  stats.scannedCount += first.scannedCount;
  stats.returnedCount += first.returnedCount;
  stats.pages += first.pages;
  return again;
}

/** The items a shape keeps, read from the scan as planned. */
async function scannedKept(
  ctx: StatementContext,
  scan: PlannedScan,
  shape: TopNShape | DistinctShape,
): Promise<Item[]> {
  const context = { relation: qualifiedName(scan.occurrence.table), keyNames: scan.keyNames };
  const suspects = new Suspects();
  const keeper = itemKeeper(shape, scan.occurrence.table.columns, context, suspects.add);
  // A page's items are kept or dropped in slices: another session's request waits for one, not the page.
  const slice = new TimeSlice();
  const pageFilter = laterRequests(shape, keeper);
  await readScan(
    ctx,
    scan,
    async (items) => {
      await slice.each(items, (item) => keeper.add(item));
      await suspects.load(ctx, scan);
    },
    pageFilter && { pageFilter },
  );
  return keeper.items();
}

/**
 * What a shape's later requests ask DynamoDB to leave out, as its keeper learns of the items: a top-N
 * what cannot enter (its threshold), a DISTINCT the values kept. Undefined where the plan says neither.
 */
function laterRequests(shape: TopNShape | DistinctShape, keeper: Keeper): PageFilterSource | undefined {
  if (shape.kind === 'top-n') {
    const threshold = shape.threshold;
    if (!threshold) return undefined;
    return () => {
      const worst = keeper.worst?.();
      return worst === undefined || worst === null ? null : thresholdFilter(threshold, worst);
    };
  }
  const seen = shape.seen;
  return seen ? () => seenFilter(seen, keeper.valuesKept?.() ?? []) : undefined;
}

/**
 * The items of a page holding a value the host's input may refuse (load/exact-reader.ts
 * hostMayRefuse: U+0000 in text, a text too long for varchar(n) or char(n), a real out of range),
 * loaded once the page is read into
 * the statement's temp table — where the host path loads every item, after coercing the page — so
 * the host raises its own error; the rows go again if it takes them.
 */
export class Suspects {
  private items: Item[] = [];
  readonly add: Suspect = (item) => void this.items.push(item);

  async load(ctx: StatementContext, scan: PlannedScan): Promise<void> {
    if (!this.items.length) return;
    const items = this.items;
    this.items = [];
    await insertItems(ctx, scan, items);
    await ctx.temps.empty(ctx.host, [scan.tempTable]);
  }
}

/** Keeps a shape's items as they are added, each one checked (and refused) as the host path would. */
export interface Keeper {
  add(item: Item): void;
  items(): Item[];
  /** A top-N's: the first ORDER BY key of the worst item kept once it keeps N; null before, or when NULL. */
  worst?(): ExactValue | null;
  /** A DISTINCT's of one column: the first values kept (at most MAX_SEEN), NULL left out. */
  valuesKept?(): readonly ExactValue[];
}

/** The keeper of a top-N or DISTINCT shape over a table of these columns. */
export function itemKeeper(
  shape: TopNShape | DistinctShape,
  columns: readonly ColumnDef[],
  context: CoerceContext,
  suspect?: Suspect,
): Keeper {
  return shape.kind === 'top-n'
    ? new TopN(shape, columns, context, suspect)
    : new FirstOfEach(shape, columns, context, suspect);
}

/** One item per distinct tuple of the columns' values. */
class FirstOfEach implements Keeper {
  private readonly seen = new Map<string | null, Item>();
  private readonly read: (item: Item, values: ValueSlots) => void;
  /** The values of the item being added, reused from item to item. */
  private readonly values: ValueSlots;
  /** One column's first values kept: what later requests leave out. */
  private readonly firstValues: ExactValue[] = [];

  constructor(
    private readonly shape: DistinctShape,
    columns: readonly ColumnDef[],
    context: CoerceContext,
    suspect?: Suspect,
  ) {
    this.read = itemValues(shape.columns, shape.checked, columns, context, suspect);
    this.values = shape.columns.map(() => null);
  }

  add(item: Item): void {
    const values = this.values;
    this.read(item, values);
    const columns = this.shape.columns;
    // One column: its value's key itself (null for NULL); several: each key quoted, 'N' for NULL.
    const key =
      columns.length === 1
        ? values[0] === null
          ? null
          : exactKey(columns[0]!.kind, values[0]!)
        : values.map((v, i) => (v === null ? 'N' : JSON.stringify(exactKey(columns[i]!.kind, v)))).join(',');
    if (this.seen.has(key)) return;
    this.seen.set(key, item);
    if (columns.length === 1 && values[0] !== null && this.firstValues.length < MAX_SEEN)
      this.firstValues.push(values[0]!);
  }

  valuesKept(): readonly ExactValue[] {
    return this.firstValues;
  }

  items(): Item[] {
    return [...this.seen.values()];
  }
}

interface Ranked {
  readonly item: Item;
  readonly keys: readonly (ExactValue | null)[];
}

/**
 * The best `keep` items: a max-heap whose root is the worst kept, replaced by any better item. An
 * item is compared with the root by keys read into a reused array, copied only when it is kept.
 */
class TopN implements Keeper {
  private readonly heap: Ranked[] = [];
  /** WITH TIES: items tied with the heap's root (the worst kept) beyond the `keep` in the heap. */
  private ties: Ranked[] = [];
  private readonly read: (item: Item, values: ValueSlots) => void;
  /** The ORDER BY keys of the item being added, reused from item to item. */
  private readonly keys: ValueSlots;

  constructor(
    private readonly shape: TopNShape,
    columns: readonly ColumnDef[],
    context: CoerceContext,
    suspect?: Suspect,
  ) {
    this.read = itemValues(shape.keys, shape.checked, columns, context, suspect);
    this.keys = shape.keys.map(() => null);
  }

  add(item: Item): void {
    const keys = this.keys;
    // Every item is read and checked, kept or not.
    this.read(item, keys);
    const heap = this.heap;
    if (heap.length < this.shape.keep) {
      heap.push({ item, keys: keys.slice() });
      this.up(heap.length - 1);
    } else if (heap.length) {
      const c = this.order(keys, heap[0]!.keys);
      if (c < 0) {
        const out = heap[0]!;
        heap[0] = { item, keys: keys.slice() };
        this.down(0);
        if (this.shape.withTies) this.tieWith(out);
      } else if (c === 0 && this.shape.withTies) this.ties.push({ item, keys: keys.slice() });
    }
  }

  /** WITH TIES: `out` left the heap; it and the ties so far stay only if they tie with the new root. */
  private tieWith(out: Ranked): void {
    const root = this.heap[0]!.keys;
    if (this.order(out.keys, root) !== 0) this.ties = [];
    else this.ties.push(out);
  }

  items(): Item[] {
    return [...this.heap, ...this.ties].map((r) => r.item);
  }

  worst(): ExactValue | null {
    const heap = this.heap;
    return heap.length && heap.length === this.shape.keep ? heap[0]!.keys[0]! : null;
  }

  /** Negative when keys `a` come first in the ORDER BY's order. */
  private order(a: readonly (ExactValue | null)[], b: readonly (ExactValue | null)[]): number {
    const keys = this.shape.keys;
    for (let i = 0; i < keys.length; i++) {
      const c = compareKey(keys[i]!, a[i]!, b[i]!);
      if (c) return c;
    }
    return 0;
  }

  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.order(heap[i]!.keys, heap[parent]!.keys) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      let worst = i;
      const left = 2 * i + 1;
      if (left < heap.length && this.order(heap[left]!.keys, heap[worst]!.keys) > 0) worst = left;
      if (left + 1 < heap.length && this.order(heap[left + 1]!.keys, heap[worst]!.keys) > 0) worst = left + 1;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  }
}

/** One ORDER BY key of two items, NULLs placed as the key says. */
function compareKey(key: SortKey, a: ExactValue | null, b: ExactValue | null): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null) === key.nullsFirst ? -1 : 1;
  }
  const c = compareValues(key.kind, a, b);
  return key.descending ? -c : c;
}
