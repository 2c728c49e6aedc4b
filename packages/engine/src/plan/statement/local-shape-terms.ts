import type { SelectStmt } from '@pgsql/types';
import { as, names, walk } from '../../parse/ast';
import type { ColumnDef } from '../../catalog/foreign-table';
import { refName } from '../../bind/range-vars';
import type { Host } from '../../host/host';
import type { PlannedScan } from './statement-plan';

/*
 * What the local shapes (local-shape.ts) ask of a statement and its one relation: which column a
 * reference names, whether the relation's rows are the items read, what blocks the rewrite.
 */

/** The table column a ColumnRef names (`kind`, `e.kind`, `public.events.kind`), or null (`*`, another relation). */
export function refColumn(node: unknown, scan: PlannedScan): ColumnDef | null {
  const ref = as(node, 'ColumnRef');
  return ref ? columnNamed(names(ref.fields), scan) : null;
}

/** The table column a reference's names name (`['e', 'kind']`), or null: see refColumn. */
export function columnNamed(parts: readonly string[], scan: PlannedScan): ColumnDef | null {
  const name = parts.at(-1)!;
  if (name === '*') return null;
  if (parts.length === 2 && parts[0] !== refName(scan.occurrence.rangeVar)) return null;
  if (parts.length === 3 && parts[1] !== scan.occurrence.rangeVar.relname) return null;
  if (parts.length > 3) return null;
  return scan.occurrence.table.columns.find((c) => c.name === name) ?? null;
}

/**
 * Whether the relation's rows are exactly the items read: no local filter (everything pushed, exactly)
 * and this statement's own FROM is the relation itself.
 */
export function itemsAreRows(stmt: Readonly<SelectStmt>, scan: PlannedScan): boolean {
  const from = stmt.fromClause;
  return (
    from?.length === 1 &&
    (as(from[0], 'RangeVar') as unknown) === scan.occurrence.rangeVar &&
    !scan.plan.residual.length &&
    scan.access.pushdown.exact
  );
}

/** The columns an item's projection carries that can fail to coerce (json and jsonb take anything). */
export function checkedColumns(scan: PlannedScan): ColumnDef[] {
  const referenced = scan.occurrence.referencedColumns;
  return scan.occurrence.table.columns.filter(
    (c) => (!referenced || referenced.has(c.name)) && c.typname !== 'json' && c.typname !== 'jsonb',
  );
}

/** Whether a clause has a subquery, a window, GROUPING() or anything the rewrite cannot see through. */
export function hasSubqueryOrWindow(node: unknown): boolean {
  let found = false;
  walk(node, (kind, _fields, n) => {
    if (kind === 'SubLink' || kind === 'GroupingFunc' || kind === 'WindowDef' || kind === 'RangeSubselect')
      found = true;
    if (as(n, 'FuncCall')?.over) found = true;
  });
  return found;
}

/** Whether any of these functions (by name, any schema) is an aggregate, a window function or set-returning. */
export async function anyAggregateOrSet(host: Host, functions: ReadonlySet<string>): Promise<boolean> {
  if (!functions.size) return false;
  const r = await host.query(
    "select 1 from pg_proc where proname = any($1::text[]) and (prokind in ('a', 'w') or proretset) limit 1",
    [[...functions]],
  );
  return r.rows.length > 0;
}
