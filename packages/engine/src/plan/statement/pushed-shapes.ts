import { as } from '../../parse/ast';
import type { ColumnDef } from '../../catalog/foreign-table';
import { columnOfAttribute } from '../../catalog/column-attribute';
import { starColumns, visibleColumns } from '../../bind/visible-columns';
import { isDirectType, type OutputSettings } from '../../load/direct-cell';
import type { SessionSettings } from '../../session/settings';
import { keyOrderIsColumnOrder } from '../key-order';
import { everyConjunctIsPredicate } from './local-shape-terms';
import type { SelectShape } from './select-shape';
import type { DirectShape, PlannedScan } from './statement-plan';

/**
 * `select count(*) from t [where <all pushed>]`: DynamoDB counts (`Select: COUNT`) and no item is
 * transferred or loaded. Returns the output column's name, or null for any other shape.
 */
export function countOnlyShape(shape: SelectShape, scan: PlannedScan): string | null {
  if (!shape.plain || shape.ordered || shape.limited || shape.relations?.length !== 1) return null;
  if (shape.countStar === null) return null;
  if (!everyConjunctIsPredicate(shape.stmt, scan)) return null;
  if (scan.plan.residual.length || !scan.access.pushdown.exact) return null;
  if ((scan.access.operation !== 'Query' && scan.access.operation !== 'Scan') || scan.access.fetchBack)
    return null;
  return shape.countStar;
}

/** What a shape's decision needs of the session besides the statement and its scan. */
export interface ShapeSession {
  /** Whether the database's collation is C: then `text` columns of the default collation compare bytewise. */
  readonly defaultCollationIsC: boolean;
  /** The output settings rows are built under, and whether reads may leave out items (`dynascope.page_filters`). */
  readonly settings: OutputSettings & Pick<SessionSettings, 'pageFilters'>;
}

/**
 * `... where pk = :v order by sk [asc | desc]`: one partition read by a Query comes back in sort-key
 * order. That answers the ORDER BY only when it is Postgres's order of the column declared over the
 * key (plan/key-order.ts: numbers over N, `text` under a bytewise collation over S, bytea over B) and
 * the ORDER BY is the default one or ASC/DESC (NULLS FIRST/LAST change nothing: a key is never NULL).
 * Returns the direction, or null for anything else:
 *   `order by sk desc` (sk numeric over N)       → { descending: true }
 *   `order by sk` (sk text over N)               → null ('10' sorts before '9')
 *   `order by sk using >`                        → null (an operator: the host sorts)
 */
export function sortKeyOrder(
  shape: SelectShape,
  scan: PlannedScan,
  session: ShapeSession,
): { descending: boolean } | null {
  // The ORDER BY must be this statement's own, over the relation itself (not a join or a subquery),
  // and each item must make exactly one row: no function (a set-returning one may make none).
  if (
    shape.relations?.length !== 1 ||
    (as(shape.relations[0], 'RangeVar') as unknown) !== scan.occurrence.rangeVar
  )
    return null;
  if (shape.listCalls) return null;
  const a = scan.access;
  if (a.operation !== 'Query' || a.partitionValues.length !== 1 || a.fetchBack) return null;
  const sortKey = a.index ? a.index.sortKey : scan.info.sortKey;
  if (!sortKey || !shape.ordered) return null;
  // The keys are attributes: the columns that read them (the column option `attribute`) are what ORDER BY
  // names, by the names the query sees them by (visibleColumns): in `from pt x(sk, pk)` the partition
  // key's column is `sk` and the sort key's `pk`.
  const columns = scan.occurrence.table.columns;
  const visible = visibleColumns(scan.occurrence.rangeVar, columns);
  const visibleName = (c: ColumnDef | undefined) => [...visible].find(([, d]) => d === c)?.[0] ?? null;
  const partitionAttribute = a.index ? a.index.partitionKey.name : scan.info.partitionKey.name;
  const partitionColumn = columnOfAttribute(columns, partitionAttribute);
  const partitionKey = visibleName(partitionColumn);
  const sortColumn = columnOfAttribute(columns, sortKey.name);
  const sortName = visibleName(sortColumn);
  if (!sortColumn || sortName === null) return null;
  if (!keyOrderIsColumnOrder(sortKey, sortColumn, session.defaultCollationIsC)) return null;
  // An output column named like a key is what ORDER BY means by that name, unless it is the key itself.
  const shadowed = (name: string) =>
    shape.targets.some((t) => t.name === name && (t.kind !== 'column' || t.fields.at(-1) !== name));
  if (shadowed(sortName) || (partitionKey !== null && shadowed(partitionKey))) return null;
  let descending: boolean | undefined;
  for (const item of shape.order) {
    const name = item.column?.at(-1);
    // `USING <operator>` is left to the host.
    if (!name || item.direction === 'using') return null;
    const col = visible.get(name);
    // All items of the partition have the same partition key: it orders nothing.
    if (col !== undefined && col === partitionColumn) continue;
    if (col !== sortColumn || descending !== undefined) return null;
    descending = item.direction === 'desc';
  }
  return descending === undefined ? null : { descending };
}

/**
 * `... where pk = :v order by sk [desc] limit n [offset m]` with nothing filtered locally: the Query
 * reads in sort-key order (`ScanIndexForward`) and stops after n + m items. Not with `WITH TIES`:
 * the rows tied with the last one are not among the first n.
 */
export function sortKeyLimitShape(
  shape: SelectShape,
  scan: PlannedScan,
  session: ShapeSession,
): { maxItems: number; descending: boolean } | null {
  if (!shape.plain || shape.withTies) return null;
  if (scan.plan.residual.length || scan.input.FilterExpression) return null;
  const { limit, offset } = shape;
  if (typeof limit !== 'number' || offset === undefined) return null;
  const order = sortKeyOrder(shape, scan, session);
  // LIMIT 0 wants no item, whatever the OFFSET skips.
  return order ? { maxItems: limit === 0 ? 0 : limit + offset, descending: order.descending } : null;
}

/**
 * `select a, b as x, * from t where <conjuncts DynamoDB evaluates exactly> [order by sk] [limit n] [offset m]`:
 * nothing is left for the host, so rows are built from the items directly (no temp table) — when
 * the engine outputs every column exactly as the host would under the session's settings.
 */
export function directShape(
  shape: SelectShape,
  scan: PlannedScan,
  session: ShapeSession,
): DirectShape | null {
  if (!shape.plain || shape.withTies || shape.relations?.length !== 1) return null;
  const order = shape.ordered ? sortKeyOrder(shape, scan, session) : { descending: false };
  if (!order) return null;
  const predicates = scan.occurrence.predicates;
  if (!everyConjunctIsPredicate(shape.stmt, scan) || predicates.some((p) => p.kind === 'residual'))
    return null;
  if (scan.plan.residual.length || !scan.access.pushdown.exact || scan.access.fetchBack) return null;
  const { limit, offset } = shape;
  if (limit === undefined || offset === undefined) return null;
  const table = scan.occurrence.table;
  const refName = scan.occurrence.rangeVar.alias?.aliasname ?? scan.occurrence.rangeVar.relname;
  const columns: { def: ColumnDef; name: string }[] = [];
  const visible = visibleColumns(scan.occurrence.rangeVar, table.columns);
  for (const t of shape.targets) {
    if (t.kind === 'other') return null;
    const f = t.kind === 'star' ? [...t.qualifier, '*'] : t.fields;
    if (f.length === 2 && f[0] !== refName) return null;
    if (f.length > 2) return null;
    // `*` lists every column by position, a name two columns have (`e(kind)`) twice.
    if (t.kind === 'star') columns.push(...starColumns(scan.occurrence.rangeVar, table.columns));
    else {
      const def = visible.get(t.fields.at(-1)!);
      if (!def) return null;
      columns.push({ def, name: t.name ?? t.fields.at(-1)! });
    }
  }
  if (!columns.every((c) => isDirectType(c.def, session.settings))) return null;
  return { columns, limit, offset, descending: order.descending };
}
