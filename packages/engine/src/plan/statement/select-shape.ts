import type { SelectStmt } from '@pgsql/types';
import { as, builtInTypeName, names, walk } from '../../parse/ast';
import { isIntegerText } from '../attribute-value';

/**
 * A SELECT's own clauses, read once: the one answer to "is this a plain SELECT?", its select list,
 * its ORDER BY and the functions it calls, which every statement shape (count, rows from the items,
 * streaming, key-order LIMIT, the engine's join; statement-shape.ts decides among them) starts from.
 *   `select a from t where x = 1 limit 5`  → { plain: true, relations: [t], ordered: false, limit: 5, offset: 0,
 *                                              targets: [{ kind: 'column', fields: ['a'], name: null }] }
 *   `select distinct a from t`             → { plain: false, ... }
 *   `select count(*) as n from t`          → { countStar: 'n', ... }
 */
export interface SelectShape {
  /** The SelectStmt's fields. */
  readonly stmt: Readonly<SelectStmt>;
  /**
   * No set operation, DISTINCT, GROUP BY, HAVING, WINDOW, WITH, FOR UPDATE, INTO or VALUES: each row
   * of FROM makes at most one row, and nothing needs all rows first but ORDER BY and LIMIT.
   */
  readonly plain: boolean;
  /** FROM's items, when each is a plain relation (a RangeVar); null otherwise. */
  readonly relations: readonly unknown[] | null;
  readonly ordered: boolean;
  /** LIMIT/OFFSET written at all (even `LIMIT ALL`). */
  readonly limited: boolean;
  /** LIMIT n → n; none, ALL or NULL → null; anything but a constant → undefined. */
  readonly limit: number | null | undefined;
  /** OFFSET n → n; none → 0; anything else → undefined. */
  readonly offset: number | undefined;
  readonly withTies: boolean;
  /** The select list, item by item. */
  readonly targets: readonly OutputItem[];
  /** ORDER BY, item by item. */
  readonly order: readonly OrderItem[];
  /** The select list is `count(*) [as name]` alone: its output name. */
  readonly countStar: string | null;
  /** The select list calls a function or has a subquery (an item may then make no row, or fail, per row). */
  readonly listCalls: boolean;
  /** The functions the select list and WHERE call, by name (without schema). */
  readonly calls: ReadonlySet<string>;
  /**
   * The select list or WHERE uses what needs more than the row at hand: a subquery, a window,
   * GROUPING(), or aggregate syntax (`*`, DISTINCT, ORDER BY or FILTER in a call, OVER).
   */
  readonly needsOtherRows: boolean;
}

/**
 * One item of the select list: a column reference (`a`, `t.a`, `a as x`: its names and AS name), a
 * star (`*`, `t.*`: the names before it), or anything else (`constant` for a literal). `outputName`
 * is the column's name in the result — its AS name, else the one Postgres gives it when that is easy
 * to tell (a column's, a function's, `?column?`), else undefined; null for a star.
 */
export type OutputItem = (
  | { readonly kind: 'column'; readonly fields: readonly string[]; readonly name: string | null }
  | { readonly kind: 'star'; readonly qualifier: readonly string[]; readonly name: null }
  | { readonly kind: 'other'; readonly name: string | null; readonly constant: boolean }
) & { readonly outputName: string | null | undefined };

/**
 * One ORDER BY item: the column it names (a plain reference, else null), the select-list position
 * it names (`order by 2`, else null), its direction and NULLS placement.
 */
export interface OrderItem {
  readonly column: readonly string[] | null;
  readonly position: number | null;
  readonly direction: 'default' | 'asc' | 'desc' | 'using';
  readonly nulls: 'default' | 'first' | 'last';
}

const DIRECTIONS: Record<string, OrderItem['direction']> = {
  SORTBY_DEFAULT: 'default',
  SORTBY_ASC: 'asc',
  SORTBY_DESC: 'desc',
};

/** The shape of a SELECT statement's tree, or null for any other statement. */
export function selectShape(ast: unknown): SelectShape | null {
  const s = as(ast, 'SelectStmt');
  if (!s) return null;
  const from = Array.isArray(s.fromClause) ? s.fromClause : [];
  const offset = s.limitOffset === undefined ? 0 : intConstant(s.limitOffset);
  const list = Array.isArray(s.targetList) ? s.targetList : [];
  let listCalls = false;
  walk(list, (kind) => {
    if (kind === 'FuncCall' || kind === 'SubLink') listCalls = true;
  });
  let needsOtherRows = false;
  const calls = new Set<string>();
  walk([list, s.whereClause], (kind, _fields, node) => {
    if (kind === 'SubLink' || kind === 'GroupingFunc' || kind === 'WindowDef') needsOtherRows = true;
    const call = as(node, 'FuncCall');
    if (call) {
      if (call.over || call.agg_star || call.agg_distinct || call.agg_order || call.agg_filter)
        needsOtherRows = true;
      calls.add(names(call.funcname).at(-1)!);
    }
  });
  return Object.freeze({
    stmt: s,
    plain:
      s.op === 'SETOP_NONE' &&
      !s.distinctClause &&
      !s.groupClause &&
      !s.havingClause &&
      !s.windowClause &&
      !s.withClause &&
      !s.lockingClause &&
      !s.intoClause &&
      !s.valuesLists,
    relations: from.length && from.every((f) => as(f, 'RangeVar')) ? from : null,
    ordered: Array.isArray(s.sortClause) && s.sortClause.length > 0,
    limited: s.limitCount !== undefined || s.limitOffset !== undefined,
    limit: s.limitCount === undefined ? null : intConstant(s.limitCount),
    offset: offset === null ? undefined : offset,
    withTies: s.limitOption === 'LIMIT_OPTION_WITH_TIES',
    targets: Object.freeze(list.map(outputItem)),
    order: Object.freeze(
      (Array.isArray(s.sortClause) ? s.sortClause : []).map((item): OrderItem => {
        const by = as(item, 'SortBy');
        const ref = as(by?.node, 'ColumnRef');
        const position = as(by?.node, 'A_Const')?.ival?.ival;
        return {
          column: ref ? names(ref.fields) : null,
          position: position ?? null,
          direction: DIRECTIONS[by?.sortby_dir ?? ''] ?? 'using',
          nulls:
            by?.sortby_nulls === 'SORTBY_NULLS_FIRST'
              ? 'first'
              : by?.sortby_nulls === 'SORTBY_NULLS_LAST'
                ? 'last'
                : 'default',
        };
      }),
    ),
    countStar: list.length === 1 ? countStarName(list[0]) : null,
    listCalls,
    calls,
    needsOtherRows,
  });
}

function outputItem(t: unknown): OutputItem {
  const target = as(t, 'ResTarget');
  const name = target?.name ?? null;
  const val = target?.val;
  const ref = as(val, 'ColumnRef');
  if (!ref || target!.indirection) {
    const call = as(val, 'FuncCall');
    const implicit =
      as(val, 'A_Const') || as(val, 'A_Expr') ? '?column?' : call && names(call.funcname).at(-1);
    return { kind: 'other', name, constant: as(val, 'A_Const') !== undefined, outputName: name ?? implicit };
  }
  const fields = names(ref.fields);
  return fields.at(-1) === '*'
    ? { kind: 'star', qualifier: fields.slice(0, -1), name: null, outputName: null }
    : { kind: 'column', fields, name, outputName: name ?? fields.at(-1)! };
}

/** `count(*) [as n]` (no FILTER, OVER or DISTINCT) → its output name; anything else → null. */
function countStarName(t: unknown): string | null {
  const target = as(t, 'ResTarget');
  const call = as(target?.val, 'FuncCall');
  if (
    !call ||
    names(call.funcname).join('.') !== 'count' ||
    !call.agg_star ||
    call.agg_filter ||
    call.over ||
    call.agg_distinct
  )
    return null;
  return target!.name ?? 'count';
}

/**
 * LIMIT ALL / NULL → null; a non-negative integer constant → its value, also as a string (`limit '5'`,
 * whose unknown type is bigint's) and cast to an integer type that holds it (an EXECUTE binds
 * `limit $1` as `limit (5)::pg_catalog.int8`); anything else → undefined, which every shape leaves to
 * the host — a negative one too: Postgres refuses it (2201W, 2201X).
 */
function intConstant(node: unknown): number | null | undefined {
  const cast = as(node, 'TypeCast');
  // Cast to anything but an integer type (`limit 0::text`) it is Postgres's error (42804), the host's to raise.
  const target = builtInTypeName(cast?.typeName);
  if (cast && (cast.typeName?.arrayBounds || !INTEGER_MAX[target ?? ''])) return undefined;
  const max = cast ? INTEGER_MAX[target!]! : Number.MAX_SAFE_INTEGER;
  const c = as(cast ? cast.arg : node, 'A_Const');
  if (!c) return undefined;
  if (c.isnull) return null;
  const text = c.sval?.sval;
  const n = c.ival
    ? (c.ival.ival ?? 0)
    : text !== undefined && isIntegerText(text) && text.trim().length <= 16
      ? Number(text)
      : -1;
  return Number.isSafeInteger(n) && n >= 0 && n <= max ? n : undefined;
}

/** The largest value of each integer type a LIMIT may be cast to. */
const INTEGER_MAX: Readonly<Record<string, number>> = {
  int2: 32767,
  int4: 2147483647,
  int8: Number.MAX_SAFE_INTEGER,
};
