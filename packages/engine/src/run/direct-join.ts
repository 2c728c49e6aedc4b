import type { ColumnDef } from '../catalog/foreign-table';
import { qualifiedName } from '../catalog/foreign-table';
import type { Item } from '../fetch/read-pages';
import { itemCell } from '../load/direct-cell';
import { normalizeNumber } from '../util/decimal';
import type { Cell } from '../types';
import type { StatementContext } from './context';
import { loadInJoinOrder } from './join-restriction';
import { readScan } from './load-scan';
import type { HashJoinPlan, PlannedScan } from '../plan/statement/statement-plan';
import { NUMBER } from '../plan/statement/direct-join-shape';

/** A number's value as one string: `1.50` and `1.5`, `-0` and `0`, `007` and `7` are equal. */
export function numericKey(text: string): string {
  return normalizeNumber(text) ?? text;
}

/**
 * Reads both relations — the cheaper first, the other restricted by the key values read — and joins
 * the items in memory: rows exactly as the host would output them, in no particular order (as SQL
 * without ORDER BY).
 */
export async function runDirectJoin(ctx: StatementContext, prepared: HashJoinPlan): Promise<Cell[][]> {
  const join = prepared.join;
  const [a, b] = prepared.scans as [PlannedScan, PlannedScan];
  // By occurrence: a join may read a relation as re-planned (a copy of its scan).
  const items = new Map<object, Item[]>([
    [a.occurrence, []],
    [b.occurrence, []],
  ]);
  await loadInJoinOrder(
    ctx,
    prepared,
    (scan, collect, collectLimit) =>
      readScan(ctx, scan, async (page) => void items.get(scan.occurrence)!.push(...page), {
        collect,
        collectLimit,
      }),
    // A restricted read must still evaluate everything it is given: there is no host to finish it.
    (replanned) =>
      replanned.access.pushdown.exact &&
      !replanned.access.fetchBack &&
      replanned.plan.residual.length === join.keys.length,
  );
  const cell = (scan: PlannedScan) => {
    const table = scan.occurrence.table;
    const context = { relation: qualifiedName(table), keyNames: scan.keyNames };
    return (item: Item, def: ColumnDef): Cell => itemCell(item, def, table.columns, context);
  };
  const cellOf = [cell(a), cell(b)] as const;
  const keyOf = (side: 0 | 1, item: Item): string | null => {
    const parts: string[] = [];
    for (const k of join.keys) {
      const def = side === 0 ? k.left : k.right;
      const v = cellOf[side](item, def);
      if (v === null) return null;
      parts.push(NUMBER.has(def.typname) ? numericKey(String(v)) : String(v));
    }
    return JSON.stringify(parts);
  };
  // Build on the side with fewer items, probe with the other.
  const [build, probe] =
    items.get(a.occurrence)!.length <= items.get(b.occurrence)!.length
      ? ([0, 1] as const)
      : ([1, 0] as const);
  const table = new Map<string, Item[]>();
  for (const item of items.get((build === 0 ? a : b).occurrence)!) {
    const key = keyOf(build, item);
    if (key === null) continue;
    const list = table.get(key);
    if (list) list.push(item);
    else table.set(key, [item]);
  }
  const rows: Cell[][] = [];
  for (const item of items.get((probe === 0 ? a : b).occurrence)!) {
    const key = keyOf(probe, item);
    const matches = key === null ? undefined : table.get(key);
    if (!matches) continue;
    for (const other of matches) {
      const pair = probe === 0 ? [item, other] : [other, item];
      rows.push(join.columns.map((c) => cellOf[c.side](pair[c.side]!, c.def)));
    }
  }
  return rows;
}
