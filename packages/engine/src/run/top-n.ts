import { qualifiedName } from '../catalog/foreign-table';
import type { Item } from '../fetch/read-pages';
import { columnCheck, exactKey, exactReader } from '../load/exact-reader';
import { compareValues, type ExactValue } from '../load/exact-value';
import type { DistinctShape, SortKey, TopNShape } from '../plan/statement/local-shape';
import type { PlannedScan } from '../plan/statement/statement-plan';
import { TimeSlice } from '../util/time-slice';
import { readScan } from './load-scan';
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
  const keeper = shape.kind === 'top-n' ? new TopN(shape) : new FirstOfEach(shape);
  const all = scan.occurrence.table.columns;
  const context = { relation: qualifiedName(scan.occurrence.table), keyNames: scan.keyNames };
  const own = shape.kind === 'top-n' ? shape.keys : shape.columns;
  const readers = own.map((k) => exactReader(k.column, k.kind, all, context));
  const checks = shape.checked
    .filter((c) => !own.some((k) => k.column === c))
    .map((c) => columnCheck(c, all, context));
  // A page's items are kept or dropped in slices: another session's request waits for one, not the page.
  const slice = new TimeSlice();
  await readScan(ctx, scan, (items) =>
    slice.each(items, (item) => {
      for (const check of checks) check(item);
      keeper.add(
        item,
        readers.map((r) => r(item)),
      );
    }),
  );
  return keeper.items();
}

interface Keeper {
  /** `values`: the shape's columns of the item, exactly. */
  add(item: Item, values: readonly (ExactValue | null)[]): void;
  items(): Item[];
}

/** One item per distinct tuple of the columns' values. */
class FirstOfEach implements Keeper {
  private readonly seen = new Map<string, Item>();
  constructor(private readonly shape: DistinctShape) {}

  add(item: Item, values: readonly (ExactValue | null)[]): void {
    const key = values
      .map((v, i) => (v === null ? 'N' : JSON.stringify(exactKey(this.shape.columns[i]!.kind, v))))
      .join(',');
    if (!this.seen.has(key)) this.seen.set(key, item);
  }

  items(): Item[] {
    return [...this.seen.values()];
  }
}

interface Ranked {
  readonly item: Item;
  readonly keys: readonly (ExactValue | null)[];
}

/** The best `keep` items: a max-heap whose root is the worst kept, replaced by any better item. */
export class TopN implements Keeper {
  private readonly heap: Ranked[] = [];
  constructor(private readonly shape: TopNShape) {}

  add(item: Item, values: readonly (ExactValue | null)[]): void {
    const keep = this.shape.keep;
    if (!keep) return;
    const ranked = { item, keys: values };
    const heap = this.heap;
    if (heap.length < keep) {
      heap.push(ranked);
      this.up(heap.length - 1);
    } else if (this.order(ranked, heap[0]!) < 0) {
      heap[0] = ranked;
      this.down(0);
    }
  }

  items(): Item[] {
    return this.heap.map((r) => r.item);
  }

  /** Negative when `a` comes first in the ORDER BY's order. */
  private order(a: Ranked, b: Ranked): number {
    const keys = this.shape.keys;
    for (let i = 0; i < keys.length; i++) {
      const c = compareKey(keys[i]!, a.keys[i]!, b.keys[i]!);
      if (c) return c;
    }
    return 0;
  }

  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.order(heap[i]!, heap[parent]!) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      let worst = i;
      for (const child of [2 * i + 1, 2 * i + 2])
        if (child < heap.length && this.order(heap[child]!, heap[worst]!) > 0) worst = child;
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
