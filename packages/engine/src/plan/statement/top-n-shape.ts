import { attributeOfName } from '../../catalog/column-attribute';
import type { ColumnDef } from '../../catalog/foreign-table';
import { plannedRequest } from '../../fetch/read-request';
import { valueKind } from '../../load/exact-value';
import { keyedReadRcu } from '../estimate';
import { attributeBytes, keyFetchPays } from '../key-fetch-pays';
import { checkedColumns, columnNamed, hasSubqueryOrWindow, itemsAreRows } from './local-shape-terms';
import { type DistinctShape, type ExactColumn, type SortKey, type TopNShape } from './local-shape';
import type { OrderItem, OutputItem, SelectShape } from './select-shape';
import type { ShapeSession } from './pushed-shapes';
import type { PlannedScan } from './statement-plan';
import { projected, usesName } from './projected-input';
import { topNThreshold } from './top-n-threshold';
import { distinctSeen } from './distinct-seen';
import { pageFiltersOn } from '../../session/settings';

/** Above this many items kept, the host sorts (memory stays bounded by N; N itself should be small). */
export const MAX_TOP_N = 100_000;
/** Above this many items kept, a top-N reads them in its Scan rather than by key afterwards (10 BatchGetItems). */
export const MAX_KEY_FETCH = 1000;

/**
 * `select <columns> from t [where <all pushed>] order by <columns> limit n [offset m]`:
 * the engine keeps the best n + m items in Postgres's order of the columns' exact kinds (DESC, NULLS
 * FIRST/LAST) — and every item tied with the last of them for `fetch first n rows with ties` — then
 * the host runs the statement over them. Null for any other statement:
 *   `select * from events order by ts desc limit 10`  → { keys: [ts desc nulls first], keep: 10 }
 *   `... order by upper(kind) limit 10`                → null (not a column)
 */
export function topNShape(shape: SelectShape, scan: PlannedScan, session: ShapeSession): TopNShape | null {
  if (!shape.plain || !shape.ordered) return null;
  const { stmt: s, limit, offset } = shape;
  if (typeof limit !== 'number' || offset === undefined || limit + offset > MAX_TOP_N) return null;
  if (!itemsAreRows(s, scan) || hasSubqueryOrWindow(s.sortClause)) return null;
  // Columns and constants only: Postgres computes other select-list expressions for every row before
  // the sort (an error in a row the LIMIT drops is still an error), the engine only for the rows kept.
  if (!shape.targets.every((t) => t.kind !== 'other' || t.constant)) return null;
  const targets = expandedTargets(shape.targets, scan);
  const keys: SortKey[] = [];
  for (const item of shape.order) {
    if (item.direction === 'using') return null;
    const column = sortColumn(item, shape.targets, targets, scan);
    const kind = column && valueKind(column, true, session.defaultCollationIsC);
    if (!column || !kind) return null;
    const descending = item.direction === 'desc';
    const nullsFirst = item.nulls === 'first' ? true : item.nulls === 'last' ? false : descending;
    keys.push({ column, kind, descending, nullsFirst });
  }
  return Object.freeze({
    kind: 'top-n' as const,
    keys: Object.freeze(keys),
    keep: limit + offset,
    withTies: shape.withTies,
    checked: Object.freeze(checkedColumns(scan)),
    threshold: filtering(topNThreshold(keys[0]!, scan), session),
  });
}

/**
 * `select distinct <columns> from t [where <all pushed>] [order by ...] [limit ...]`: the engine keeps
 * one item per distinct value of the columns (their exact kinds tell equal values apart as Postgres
 * does), then the host runs the statement over them. Null for DISTINCT ON or any expression.
 */
export function distinctShape(
  shape: SelectShape,
  scan: PlannedScan,
  session: ShapeSession,
): DistinctShape | null {
  const s = shape.stmt;
  const distinct = s.distinctClause as unknown[] | undefined;
  if (
    !distinct ||
    distinct.length !== 1 ||
    Object.keys(distinct[0] as object).length ||
    s.op !== 'SETOP_NONE' ||
    s.groupClause ||
    s.havingClause ||
    s.windowClause ||
    s.withClause ||
    s.lockingClause ||
    s.intoClause ||
    !itemsAreRows(s, scan) ||
    hasSubqueryOrWindow(s.sortClause)
  )
    return null;
  const columns: ExactColumn[] = [];
  for (const t of shape.targets) {
    const column = t.kind === 'column' ? columnNamed(t.fields, scan) : null;
    const kind = column && valueKind(column, false, session.defaultCollationIsC);
    if (!column || !kind) return null;
    if (!columns.some((c) => c.column === column)) columns.push({ column, kind });
  }
  return Object.freeze({
    kind: 'distinct' as const,
    columns: Object.freeze(columns),
    checked: Object.freeze(checkedColumns(scan)),
    seen: filtering(distinctSeen(columns, scan), session),
  });
}

/**
 * A page filter the shape could ask for, if `dynascope.page_filters` allows it: the setting is read
 * only by a statement that could leave items out (a value that is no Boolean fails that one alone).
 */
function filtering<T>(filter: T | null, session: ShapeSession): T | null {
  return filter !== null && pageFiltersOn(session.settings.pageFilters) ? filter : null;
}

/** The select list with `*` expanded to the table's columns: what ORDER BY <position> counts. */
function expandedTargets(list: readonly OutputItem[], scan: PlannedScan): (ColumnDef | null)[] {
  const out: (ColumnDef | null)[] = [];
  for (const t of list) {
    if (t.kind === 'star') out.push(...scan.occurrence.table.columns);
    else out.push(t.kind === 'column' ? columnNamed(t.fields, scan) : null);
  }
  return out;
}

/**
 * The table column an ORDER BY item sorts by: a position in the select list, a select-list column's
 * name (an output name wins over an input column, as in Postgres), or a column; null for anything else.
 */
function sortColumn(
  item: OrderItem,
  list: readonly OutputItem[],
  targets: readonly (ColumnDef | null)[],
  scan: PlannedScan,
): ColumnDef | null {
  if (item.position !== null) return targets[item.position - 1] ?? null;
  if (!item.column) return null;
  if (item.column.length === 1) {
    // An output column of that name is what ORDER BY means; it must be a column itself.
    for (const t of list) {
      if (t.outputName === undefined) return null;
      if (t.outputName === item.column[0]) return t.kind === 'column' ? columnNamed(t.fields, scan) : null;
    }
  }
  return columnNamed(item.column, scan);
}

/**
 * A top-N by keys: when the statement needs attributes the ORDER BY and the checks do not (`select *`
 * with `_attrs`, a jsonb column), the Scan projects only the keys, the sort and checked columns and
 * the filter's attributes; the kept items are then read whole by key (BatchGetItem). DynamoDB sends,
 * and the engine parses, the narrow items. Only where it pays (plan/key-fetch-pays.ts: the narrow
 * items at most half the plain ones, the bytes saved more than the key read, its RCU at most a quarter
 * of the Scan's), for at most 1,000 keys, and the read is the table's own (no index). Where a key
 * read was a candidate but does not pay, the top-N reads whole items and its plan says why
 * (ScanPlan.keyFetchDeclined: EXPLAIN's `Reads keys then fetches: not chosen — …`); the same scan and
 * shape come back with that note. Null where no key read was a candidate (WITH TIES, an index, more
 * than 1,000 keys, a read by key, a plain read that already leaves out all the narrow one would):
 *   `select * from tk order by ts desc limit 10` (400 items of ~1.8 KB, 1.5 KB in a jsonb column)
 *   → Scan projecting id, ts, kind, amount; then BatchGetItem of up to 10 keys
 *   `select * from events order by ts desc limit 10` (every attribute but a small map declared)
 *   → the plain Scan, keyFetchDeclined: { maxKeys: 10, reason: 'narrow items ~179 B vs whole ~85 B, at least half' }
 *   `select * from events order by ts desc fetch first 10 rows with ties` → null
 */
export function keysThenFetch(
  shape: TopNShape,
  scan: PlannedScan,
): { readonly scan: PlannedScan; readonly shape: TopNShape } | null {
  const { access, plan, input } = scan;
  // WITH TIES keeps more than N items, as many as tie: no bound for the key read to plan.
  if (shape.keep < 1 || shape.keep > MAX_KEY_FETCH || shape.withTies || access.index || access.fetchBack)
    return null;
  if (access.operation !== 'Scan' && access.operation !== 'Query') return null;
  const columns = scan.occurrence.table.columns;
  const attribute = (c: ColumnDef) => attributeOfName(columns, c.name);
  const names = input.ExpressionAttributeNames ?? {};
  const filtered = Object.keys(names)
    .filter((k) => usesName(`${input.KeyConditionExpression ?? ''} ${input.FilterExpression ?? ''}`, k))
    .map((k) => names[k]!);
  const attributes = [
    ...new Set([
      ...scan.keyNames,
      ...shape.keys.map((k) => attribute(k.column)),
      ...shape.checked.map(attribute),
      ...filtered,
    ]),
  ];
  const consistent = !!input.ConsistentRead;
  const estimatedRcu = keyedReadRcu(shape.keep, {
    stats: {
      itemCount: scan.stats?.itemCount ?? 0,
      sizeBytes: scan.stats?.sizeBytes ?? 0,
      avgItemBytes: scan.avgItemBytes,
      basis: plan.estimateBasis,
      note: plan.estimateNote,
    },
    consistent,
  });
  const decision = keyFetchPays({
    plain: plan.projection,
    narrow: attributes,
    bytesOf: (a) =>
      attributeBytes(
        a,
        columns.find((c) => attribute(c) === a),
      ),
    avgItemBytes: scan.avgItemBytes,
    itemsRead: itemsRead(scan),
    keep: shape.keep,
    scanRcu: plan.estimatedRcu,
    fetchRcu: estimatedRcu,
  });
  if (!decision.pays) {
    if (!decision.candidate) return null;
    const keyFetchDeclined = Object.freeze({ maxKeys: shape.keep, reason: decision.reason });
    return { scan: { ...scan, plan: { ...plan, keyFetchDeclined } }, shape };
  }
  const narrow = projected(input, attributes);
  return {
    scan: {
      ...scan,
      input: narrow,
      plan: {
        ...plan,
        projection: attributes,
        expressionAttributeNames: narrow.ExpressionAttributeNames ?? {},
        request: plannedRequest(access, narrow, scan.read),
        keyFetch: Object.freeze({
          operation: shape.keep === 1 ? ('GetItem' as const) : ('BatchGetItem' as const),
          maxKeys: shape.keep,
          projection: plan.projection,
          estimatedRcu,
          consumedRcu: null,
          returnedCount: null,
          requests: 0,
          readScanAgain: null,
        }),
      },
    },
    shape: Object.freeze({
      ...shape,
      fetch: Object.freeze({ attributes: Object.freeze(attributes), full: input }),
    }),
  };
}

/**
 * The items a Scan transfers: the table's; a Query's as its estimated RCU reads them. A FilterExpression
 * is taken to pass every item: the planner has no estimate of how many it returns. That errs toward
 * the key read, the cheaper mistake: when few items match, it costs at most the kept items read again
 * and a round trip more than whole items would (`where duration_ms < 16 ... limit 5`, 4 of 800 items
 * matching: 2 RCU and one BatchGetItem more); when many match, reading them whole would cost them all.
 */
function itemsRead(scan: PlannedScan): number {
  const { plan } = scan;
  if (plan.operation === 'Scan') return scan.stats?.itemCount ?? 0;
  const bytes = ((plan.estimatedRcu ?? 0) / (plan.consistentRead ? 1 : 0.5)) * 4096;
  return bytes / Math.max(1, scan.avgItemBytes);
}
