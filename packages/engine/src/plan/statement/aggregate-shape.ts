import type { FuncCall, SelectStmt } from '@pgsql/types';
import { as, names, quoteIdent, walk } from '../../parse/ast';
import { parseOne, scanTokens } from '../../parse/parse';
import { qualifiedNameEnd } from '../../bind/source-text';
import { applySplices, type Splice } from '../../bind/splice';
import type { Host } from '../../host/host';
import { valueKind } from '../../load/exact-value';
import type { ColumnDef } from '../../catalog/foreign-table';
import {
  anyAggregateOrSet,
  checkedColumns,
  hasSubqueryOrWindow,
  itemsAreRows,
  refColumn,
} from './local-shape-terms';
import {
  type AggregateCall,
  type AggregateFunction,
  type AggregateShape,
  type ExactColumn,
} from './local-shape';
import type { PlannedScan } from './statement-plan';

const FUNCTIONS = new Set<string>(['count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or']);

/** Clauses that end a WHERE clause at the statement's top level. */
const AFTER_WHERE = new Set(['group', 'having', 'window', 'order', 'limit', 'offset', 'fetch', 'for', ';']);

/**
 * An aggregating SELECT over one foreign relation whose WHERE is all pushed, the aggregates
 * `count(*)`, `count([distinct] c)`, `sum(c)`, `avg(c)`, `min(c)`, `max(c)`, `bool_and(c)`, `bool_or(c)`
 * over plain columns of exact kinds, grouped by plain columns: the engine accumulates per-group states,
 * the host finishes over them. Each call becomes its state's final expression, the relation becomes
 * the states, the WHERE goes:
 *   `select kind, count(*), avg(value) from events where device_id = 7 group by kind having sum(value) > 0`
 *   → `select kind, min(__ds_a0), (min(__ds_a1) / min(__ds_n1)::numeric) from (select * from
 *      jsonb_to_recordset($1::jsonb) as __ds_states("kind" text, __ds_a0 bigint, __ds_a1 numeric,
 *      __ds_n1 bigint, __ds_a2 numeric)) AS "events" group by kind having min(__ds_a2) > 0`
 * (avg of integers or numerics is numeric_div(sum, count), sum(int4) an int8, sum(int8) a numeric: as
 * Postgres's own final functions). Null for any other statement.
 */
export async function aggregateShape(
  host: Host,
  ast: unknown,
  scan: PlannedScan,
  rewrittenText: string,
  outputNames: readonly string[],
  defaultCollationIsC: boolean,
): Promise<AggregateShape | null> {
  const bound = as(ast, 'SelectStmt');
  if (
    !bound ||
    bound.op !== 'SETOP_NONE' ||
    bound.withClause ||
    bound.windowClause ||
    bound.lockingClause ||
    bound.intoClause ||
    bound.valuesLists ||
    bound.groupDistinct ||
    !itemsAreRows(bound, scan)
  )
    return null;
  // Positions come from the rewritten text (the statement the host type-checked), where they are spliced.
  const s = as(parseOne(rewrittenText), 'SelectStmt')!;
  const clauses = [s.targetList, s.havingClause, s.sortClause, s.distinctClause];
  if (hasSubqueryOrWindow([clauses, s.groupClause])) return null;
  const calls: AggregateCall[] = [];
  const sites: { location: number; index: number }[] = [];
  const others = new Set<string>();
  let refused = false;
  walk(clauses, (_kind, _fields, node) => {
    const f = as(node, 'FuncCall');
    if (!f) return;
    const n = names(f.funcname);
    const fn = n.at(-1)!;
    if (!FUNCTIONS.has(fn) || (n.length > 1 && !(n.length === 2 && n[0] === 'pg_catalog'))) {
      others.add(fn);
      return;
    }
    const call = aggregateCall(fn as AggregateFunction, f, scan, defaultCollationIsC);
    if (!call) {
      refused = true;
      return false;
    }
    let index = calls.findIndex(
      (c) => c.fn === call.fn && c.distinct === call.distinct && c.column === call.column,
    );
    if (index < 0) index = calls.push(call) - 1;
    sites.push({ location: f.location ?? 0, index });
    return false;
  });
  if (refused || (!calls.length && !s.groupClause)) return null;
  const groupBy: ExactColumn[] = [];
  for (const g of s.groupClause ?? []) {
    const column = groupColumn(g, s.targetList ?? [], scan);
    const kind = column && valueKind(column, false, defaultCollationIsC);
    if (!column || !kind) return null;
    if (!groupBy.some((x) => x.column === column)) groupBy.push({ column, kind });
  }
  if (await anyAggregateOrSet(host, others)) return null;
  const finalSql = finalStatement(rewrittenText, s, scan, groupBy, calls, sites, outputNames);
  if (finalSql === null) return null;
  return Object.freeze({
    kind: 'aggregate' as const,
    groupBy: Object.freeze(groupBy),
    calls: Object.freeze(calls),
    finalSql,
    checked: Object.freeze(checkedColumns(scan)),
  });
}

/** A supported call over a plain column of a kind its state handles exactly, or null. */
function aggregateCall(
  fn: AggregateFunction,
  f: FuncCall,
  scan: PlannedScan,
  defaultCollationIsC: boolean,
): AggregateCall | null {
  if (f.agg_filter || f.agg_order || f.agg_within_group || f.func_variadic || f.over) return null;
  const distinct = Boolean(f.agg_distinct);
  if (f.agg_star) return fn === 'count' ? { fn, distinct: false, column: null, kind: null } : null;
  const args = f.args ?? [];
  const column = args.length === 1 ? refColumn(args[0], scan) : null;
  if (!column || (distinct && fn !== 'count')) return null;
  const kind = valueKind(column, fn === 'min' || fn === 'max', defaultCollationIsC);
  switch (fn) {
    case 'count':
      if (distinct && !kind) return null;
      return { fn, distinct, column, kind };
    case 'sum':
    case 'avg':
      return kind === 'integer' || kind === 'numeric' ? { fn, distinct, column, kind } : null;
    case 'min':
    case 'max':
      return kind && kind !== 'boolean' ? { fn, distinct, column, kind } : null;
    case 'bool_and':
    case 'bool_or':
      return kind === 'boolean' ? { fn, distinct, column, kind } : null;
  }
}

/** A GROUP BY item naming a column (`kind`, `e.kind`, or `1` for a select-list column), else null. */
function groupColumn(g: unknown, targets: readonly unknown[], scan: PlannedScan): ColumnDef | null {
  const position = as(g, 'A_Const')?.ival?.ival;
  if (position !== undefined) {
    const target = as(targets[position - 1], 'ResTarget');
    return target ? refColumn(target.val, scan) : null;
  }
  return refColumn(g, scan);
}

/** The SQL type of call i's state columns: `__ds_a<i>` (and `__ds_n<i>`, avg's count). */
function stateColumns(call: AggregateCall, i: number): string {
  const a = `__ds_a${i} `;
  switch (call.fn) {
    case 'count':
      return a + 'bigint';
    case 'sum':
      return a + (call.column!.typname === 'int2' || call.column!.typname === 'int4' ? 'bigint' : 'numeric');
    case 'avg':
      return `${a}numeric, __ds_n${i} bigint`;
    case 'min':
    case 'max':
      return a + columnType(call.column!);
    case 'bool_and':
    case 'bool_or':
      return a + 'boolean';
  }
}

/** Call i's final value from its (one-row) state: Postgres's final function where there is one. */
function finalExpression(call: AggregateCall, i: number): string {
  switch (call.fn) {
    case 'avg':
      return `(min(__ds_a${i}) / min(__ds_n${i})::numeric)`;
    case 'bool_and':
    case 'bool_or':
      return `${call.fn}(__ds_a${i})`;
    default:
      return `min(__ds_a${i})`;
  }
}

function columnType(c: ColumnDef): string {
  return `${c.type}${c.collation && c.collation !== 'default' ? ` collate ${quoteIdent(c.collation)}` : ''}`;
}

function finalStatement(
  text: string,
  s: SelectStmt,
  scan: PlannedScan,
  groupBy: readonly ExactColumn[],
  calls: readonly AggregateCall[],
  sites: readonly { location: number; index: number }[],
  outputNames: readonly string[],
): string | null {
  const tokens = scanTokens(text);
  const splices: Splice[] = [];
  const from = as(s.fromClause?.[0], 'RangeVar');
  if (!from || from.schemaname !== 'pg_temp' || from.relname !== scan.tempTable) return null;
  // A location of 0 is left out of the tree (protobuf JSON omits defaults).
  const at = from.location ?? 0;
  const definitions = [
    ...groupBy.map((g) => `${quoteIdent(g.column.name)} ${columnType(g.column)}`),
    ...calls.map(stateColumns),
  ];
  splices.push({
    start: at,
    end: qualifiedNameEnd(tokens, at),
    replacement: `(select * from jsonb_to_recordset($1::jsonb) as __ds_states(${definitions.join(', ')}))`,
  });
  for (const site of sites) {
    const end = callEnd(tokens, site.location);
    if (end === null) return null;
    splices.push({ start: site.location, end, replacement: finalExpression(calls[site.index]!, site.index) });
  }
  const names = outputAliases(tokens, s, at, sites, outputNames);
  if (!names) return null;
  splices.push(...names);
  if (s.whereClause) {
    const where = topLevelWhere(tokens);
    if (!where) return null;
    splices.push({ ...where, replacement: '' });
  }
  return applySplices(text, splices).text;
}

type Tokens = ReturnType<typeof scanTokens>;

/**
 * A select-list item holding a call and no name of its own keeps the name Postgres gave it
 * (`outputNames`, the statement's described columns): what ORDER BY names refer to. Each call becomes
 * another expression, whose own name differs (`count(*)` → `min(__ds_a0)`, named min; avg's → `?column?`):
 *   `select kind, count(*) from t group by kind order by count desc`
 *   → `select kind, min(__ds_a0) AS "count" from (...) group by kind order by count desc`
 * Null (no streaming) for an item after a `*`, whose position among the columns the text does not tell.
 */
function outputAliases(
  tokens: Tokens,
  s: SelectStmt,
  fromAt: number,
  sites: readonly { location: number }[],
  outputNames: readonly string[],
): Splice[] | null {
  const targets = s.targetList ?? [];
  const starts = targets.map((t) => as(t, 'ResTarget')?.location ?? -1);
  const index = (at: number) => tokens.findIndex((t) => t.start === at);
  const out: Splice[] = [];
  let starred = false;
  for (const [i, t] of targets.entries()) {
    const target = as(t, 'ResTarget');
    if (!target) return null;
    if (as(target.val, 'ColumnRef')?.fields?.some((f) => as(f, 'A_Star'))) starred = true;
    if (target.name) continue;
    // The item runs up to the comma before the next one, or to the FROM before the relation.
    const next = index(i + 1 < targets.length ? starts[i + 1]! : fromAt);
    const first = index(starts[i]!);
    if (first < 0 || next < 2 || ![',', 'from'].includes(tokens[next - 1]!.text.toLowerCase())) return null;
    const end = tokens[next - 2]!.end;
    if (!sites.some((c) => c.location >= tokens[first]!.start && c.location < end)) continue;
    const name = outputNames[i];
    if (starred || name === undefined) return null;
    out.push({ start: end, end, replacement: ` AS ${quoteIdent(name)}` });
  }
  return out;
}

/** Where a call written at `start` ends: after the parenthesis that closes its arguments. */
function callEnd(tokens: Tokens, start: number): number | null {
  let i = tokens.findIndex((t) => t.start === start);
  if (i < 0) return null;
  while (i < tokens.length && tokens[i]!.text !== '(') i++;
  for (let depth = 0; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++;
    else if (tokens[i]!.text === ')' && --depth === 0) return tokens[i]!.end;
  }
  return null;
}

/** The statement's own `WHERE ...` (outside any parentheses), up to the next clause. */
function topLevelWhere(tokens: Tokens): { start: number; end: number } | null {
  let depth = 0;
  let start = -1;
  for (const t of tokens) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && start < 0 && t.text.toLowerCase() === 'where') start = t.start;
    else if (depth === 0 && start >= 0 && AFTER_WHERE.has(t.text.toLowerCase()))
      return { start, end: t.start };
  }
  return start < 0 ? null : { start, end: tokens.at(-1)!.end };
}
