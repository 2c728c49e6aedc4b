import type { SelectStmt } from '@pgsql/types';
import { as, names, walk } from '../../parse/ast';
import { isDomain } from '../../catalog/is-domain';
import type { ColumnDef } from '../../catalog/foreign-table';
import { attributeOf } from '../../catalog/column-attribute';
import { splitConjuncts } from '../../bind/levels';
import { refName } from '../../bind/range-vars';
import { visibleColumns } from '../../bind/visible-columns';
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
  return visibleColumns(scan.occurrence.rangeVar, scan.occurrence.table.columns).get(name) ?? null;
}

/**
 * Whether the relation's rows are exactly the items read, each value as the engine reads it: no local
 * filter (everything pushed, exactly), this statement's own FROM is the relation itself, its columns
 * keep their names (`from t as e(a, b)` renames them: a reference `a` then names t's first column,
 * whatever it is called), and every column the items carry is of a type whose values the engine
 * checks as the host's load would: not a domain (its CHECK and NOT NULL are the host's to apply as it
 * loads the items), nor a type only the host's input function checks (see vouchedFor).
 */
export function itemsAreRows(stmt: Readonly<SelectStmt>, scan: PlannedScan): boolean {
  const from = stmt.fromClause;
  return (
    from?.length === 1 &&
    (as(from[0], 'RangeVar') as unknown) === scan.occurrence.rangeVar &&
    everyConjunctIsPredicate(stmt, scan) &&
    !scan.occurrence.rangeVar.alias?.colnames?.length &&
    !scan.plan.residual.length &&
    scan.access.pushdown.exact &&
    carriedColumns(scan).every((c) => !isDomain(c) && vouchedFor(c))
  );
}

/**
 * Whether every WHERE conjunct of a statement over the one relation is among the relation's predicates
 * (pushed or residual): the one rule the shapes that take the items for its rows (a count, rows from
 * the items, a streaming aggregate or top-N) apply. A conjunct the binder did not take for the
 * relation's still restricts its rows: `where kind = 'view'` over `ev e(kind)` (a name two columns
 * have: the host's 42702), or any reference the binder cannot see through.
 */
export function everyConjunctIsPredicate(stmt: Readonly<SelectStmt>, scan: PlannedScan): boolean {
  return splitConjuncts(stmt.whereClause).length === scan.occurrence.predicates.length;
}

/**
 * The types whose every value the engine takes as the host path's load would: the coercion table
 * (load/coerce.ts) raises the load's errors, and what it passes that the host's input may refuse is
 * told apart and shown to the host (load/exact-reader.ts hostMayRefuse). Any other type's text is read
 * by its input function as the items load (an inet, an interval, an enum label, an int[] element):
 * the engine cannot tell a value the host refuses, so the host loads the items.
 */
const VOUCHED = new Set([
  'bool',
  'int2',
  'int4',
  'int8',
  'numeric',
  'float4',
  'float8',
  'text',
  'varchar',
  'bpchar',
  'name',
  'json',
  'jsonb',
  'bytea',
  'date',
  'timestamp',
  'timestamptz',
  'uuid',
]);
const TEXT_ELEMENTS = new Set(['text', 'varchar', 'name', 'json', 'jsonb']);

function vouchedFor(c: ColumnDef): boolean {
  const element = c.elementTypname;
  // varchar(n)[]: each element is cut or refused at n, as the host loads it.
  if (element) return TEXT_ELEMENTS.has(element) && (element !== 'varchar' || c.typmod < 0);
  return VOUCHED.has(c.typname);
}

/**
 * The columns the host path loads a value into for an item read: those whose attribute the read's
 * projection carries — the referenced columns and the table's keys (every ProjectionExpression names
 * them) — or every column when items are read whole (no projection, or an index Query whose items
 * are fetched back whole by key).
 */
function carriedColumns(scan: PlannedScan): ColumnDef[] {
  const projection = scan.access.fetchBack ? null : scan.plan.projection;
  const carried = projection && new Set(projection);
  return scan.occurrence.table.columns.filter((c) => !carried || carried.has(attributeOf(c)));
}

/**
 * The columns an item's projection carries that can fail to coerce (json and jsonb take anything):
 * the host path coerces each of them for every item, the statement's or not (a key column too).
 */
export function checkedColumns(scan: PlannedScan): ColumnDef[] {
  return carriedColumns(scan).filter((c) => c.typname !== 'json' && c.typname !== 'jsonb');
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
