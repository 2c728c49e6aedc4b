import { as, names, walk } from '../parse/ast';
import type { ColumnDef } from '../catalog/foreign-table';
import { splitConjuncts } from '../bind/levels';
import { isDirectType } from '../load/direct-cell';
import type { PlannedScan } from './prepare-foreign';

/**
 * `select count(*) from t [where <all pushed>]`: DynamoDB counts (`Select: COUNT`) and no item is
 * transferred or loaded. Returns the output column's name, or null for any other shape.
 */
export function countOnlyShape(ast: unknown, scan: PlannedScan): string | null {
  const s = as<Record<string, unknown>>(ast, 'SelectStmt');
  if (!s || s.op !== 'SETOP_NONE' || s.distinctClause || s.groupClause || s.havingClause || s.windowClause || s.sortClause) return null;
  if (s.limitCount || s.limitOffset || s.withClause || s.lockingClause || s.intoClause) return null;
  if (!Array.isArray(s.fromClause) || s.fromClause.length !== 1 || !as(s.fromClause[0], 'RangeVar')) return null;
  if (!Array.isArray(s.targetList) || s.targetList.length !== 1) return null;
  const target = as<{ name?: string; val: unknown }>(s.targetList[0], 'ResTarget')!;
  const call = as<Record<string, unknown>>(target.val, 'FuncCall');
  if (!call || names(call.funcname).join('.') !== 'count' || !call.agg_star || call.agg_filter || call.over || call.agg_distinct) return null;
  if (scan.plan.residual.length || !scan.access.pushdown.exact) return null;
  if ((scan.access.operation !== 'Query' && scan.access.operation !== 'Scan') || scan.access.fetchBack) return null;
  return target.name ?? 'count';
}

/**
 * `... where pk = :v order by sk [desc]`: one partition read by a Query comes back in sort-key order,
 * which is Postgres's order too (numbers numerically, strings and binaries bytewise, as under the C
 * collation). Returns the direction, or null when the ORDER BY asks for anything else.
 */
export function sortKeyOrder(s: Record<string, unknown>, scan: PlannedScan): { descending: boolean } | null {
  // The ORDER BY must be this statement's own, over the relation itself (not a join or a subquery),
  // and each item must make exactly one row: no function (a set-returning one may make none).
  if (!Array.isArray(s.fromClause) || s.fromClause.length !== 1 || (as(s.fromClause[0], 'RangeVar') as unknown) !== scan.occurrence.rangeVar) return null;
  let calls = false;
  walk(s.targetList, (kind) => {
    if (kind === 'FuncCall' || kind === 'SubLink') calls = true;
  });
  if (calls) return null;
  const a = scan.access;
  if (a.operation !== 'Query' || a.partitionValues.length !== 1 || a.fetchBack) return null;
  const sortKey = a.index ? a.index.sortKey?.name : scan.info.sortKey?.name;
  const partitionKey = a.index ? a.index.partitionKey.name : scan.info.partitionKey.name;
  if (!sortKey || !Array.isArray(s.sortClause)) return null;
  // An output column named like a key is what ORDER BY means by that name, unless it is the key itself.
  const shadowed = (name: string) =>
    (s.targetList as unknown[]).some((t) => {
      const r = as<{ name?: string; val: unknown }>(t, 'ResTarget');
      return r?.name === name && names(as<{ fields: unknown[] }>(r.val, 'ColumnRef')?.fields).at(-1) !== name;
    });
  if (shadowed(sortKey) || shadowed(partitionKey)) return null;
  let descending: boolean | undefined;
  for (const item of s.sortClause) {
    const by = as<{ node: unknown; sortby_dir: string; sortby_nulls: string }>(item, 'SortBy');
    const col = names(as<{ fields: unknown[] }>(by?.node, 'ColumnRef')?.fields).at(-1);
    if (!by || !col || by.sortby_nulls !== 'SORTBY_NULLS_DEFAULT') return null;
    if (col === partitionKey) continue;
    if (col !== sortKey || descending !== undefined) return null;
    descending = by.sortby_dir === 'SORTBY_DESC';
  }
  return descending === undefined ? null : { descending };
}

/**
 * `... where pk = :v order by sk [desc] limit n [offset m]` with nothing filtered locally: the Query
 * reads in sort-key order (`ScanIndexForward`) and stops after n + m items.
 */
export function sortKeyLimitShape(ast: unknown, scan: PlannedScan): { maxItems: number; descending: boolean } | null {
  const s = as<Record<string, unknown>>(ast, 'SelectStmt');
  if (!s || s.op !== 'SETOP_NONE' || s.distinctClause || s.groupClause || s.havingClause || s.windowClause) return null;
  if (scan.plan.residual.length || scan.input.FilterExpression) return null;
  const limit = as<{ ival?: { ival?: number } }>(s.limitCount, 'A_Const')?.ival;
  const offset = s.limitOffset === undefined ? 0 : (as<{ ival?: { ival?: number } }>(s.limitOffset, 'A_Const')?.ival?.ival ?? undefined);
  if (!limit || offset === undefined) return null;
  const order = sortKeyOrder(s, scan);
  return order ? { maxItems: (limit.ival ?? 0) + offset, descending: order.descending } : null;
}

export interface DirectShape {
  readonly columns: readonly { readonly def: ColumnDef; readonly name: string }[];
  readonly limit: number | null;
  readonly offset: number;
  /** ORDER BY the sort key: read the partition backwards when descending. */
  readonly descending: boolean;
}

/**
 * `select a, b as x, * from t where <conjuncts DynamoDB evaluates exactly> [limit n] [offset m]`:
 * nothing is left for the host, so rows are built from the items directly (no temp table).
 */
export function directShape(ast: unknown, scan: PlannedScan): DirectShape | null {
  const s = as<Record<string, unknown>>(ast, 'SelectStmt');
  if (!s || s.op !== 'SETOP_NONE' || s.distinctClause || s.groupClause || s.havingClause || s.windowClause) return null;
  if (s.lockingClause || s.withClause || s.intoClause || s.valuesLists || s.limitOption === 'LIMIT_OPTION_WITH_TIES') return null;
  const order = s.sortClause ? sortKeyOrder(s, scan) : { descending: false };
  if (!order) return null;
  if (!Array.isArray(s.fromClause) || s.fromClause.length !== 1 || !as(s.fromClause[0], 'RangeVar')) return null;
  const predicates = scan.occurrence.predicates;
  if (splitConjuncts(s.whereClause).length !== predicates.length || predicates.some((p) => p.kind === 'residual')) return null;
  if (scan.plan.residual.length || !scan.access.pushdown.exact || scan.access.fetchBack) return null;
  const int = (node: unknown) => {
    const c = as<{ isnull?: boolean; ival?: { ival?: number } }>(node, 'A_Const');
    return c?.isnull ? null : c?.ival ? (c.ival.ival ?? 0) : undefined;
  };
  const limit = s.limitCount === undefined ? null : int(s.limitCount);
  const offset = s.limitOffset === undefined ? 0 : int(s.limitOffset);
  if (limit === undefined || offset === undefined || offset === null) return null;
  const table = scan.occurrence.table;
  const refName = scan.occurrence.rangeVar.alias?.aliasname ?? scan.occurrence.rangeVar.relname;
  const columns: { def: ColumnDef; name: string }[] = [];
  for (const t of s.targetList as unknown[]) {
    const target = as<{ name?: string; val: unknown; indirection?: unknown }>(t, 'ResTarget');
    const ref = as<{ fields: unknown[] }>(target?.val, 'ColumnRef');
    if (!target || !ref || target.indirection) return null;
    const f = names(ref.fields);
    if (f.length === 2 && f[0] !== refName) return null;
    if (f.length > 2) return null;
    const col = f.at(-1)!;
    if (col === '*') columns.push(...table.columns.map((def) => ({ def, name: def.name })));
    else {
      const def = table.columns.find((c) => c.name === col);
      if (!def) return null;
      columns.push({ def, name: target.name ?? col });
    }
  }
  if (!columns.every((c) => isDirectType(c.def))) return null;
  return { columns, limit, offset, descending: order.descending };
}
