import { as, names } from '../parse/ast';
import { asRangeVar, refName, type RangeVarFields } from './range-vars';

/** A FROM item as name resolution sees it: the name it is referred to by and its columns (null: unknown, any). */
export interface Provider {
  readonly refName: string | null;
  readonly columns: readonly string[] | null;
}

/** A relation whose column references are sought, among the FROM items of one query level. */
export interface RelationScope {
  readonly rangeVar: RangeVarFields;
  readonly columns: readonly string[];
  /** The level's other FROM items. */
  readonly others: readonly Provider[];
}

/** A reference to one of the relation's columns: `cid`, `v.cid`, `public.v.cid`, `v.*`, `*` (RETURNING), `old.cid`. */
export interface RelationRef {
  readonly location: number;
  readonly fields: readonly string[];
  /** The column named, or '*'. */
  readonly column: string;
  /** `old`/`new` in RETURNING: kept in front of the column it maps to. */
  readonly qualifier: 'old' | 'new' | null;
}

/** The FROM items of a FROM list, for name resolution: `a join b using (x)` → a, b. */
export function providersOf(
  from: unknown,
  columnsOf: (rv: RangeVarFields) => readonly string[] | null,
): Provider[] {
  const out: Provider[] = [];
  const visit = (item: unknown): void => {
    const rv = asRangeVar(item);
    const join = as(item, 'JoinExpr');
    if (rv) out.push({ refName: refName(rv), columns: columnsOf(rv) });
    else if (join && !join.alias) [join.larg, join.rarg].forEach(visit);
    else
      out.push({
        refName:
          (
            as(item, 'RangeSubselect') ??
            as(item, 'RangeFunction') ??
            as(item, 'RangeTableFunc') ??
            as(item, 'JsonTable') ??
            join
          )?.alias?.aliasname ?? null,
        columns: null,
      });
  };
  for (const item of Array.isArray(from) ? from : []) visit(item);
  return out;
}

/**
 * Column references to `scope.rangeVar` in `nodes` (expressions of the relation's own query level):
 * a nested query's FROM items come first, as in Postgres's name resolution, so `x` inside
 * `exists (select 1 from t where x = 1)` is t's when t may have a column x.
 */
export function relationRefs(
  nodes: readonly unknown[],
  scope: RelationScope,
  columnsOf: (rv: RangeVarFields) => readonly string[] | null,
  returning = false,
): RelationRef[] {
  const rv = scope.rangeVar;
  const name = refName(rv);
  const out: RelationRef[] = [];
  const mayProvide = (levels: readonly (readonly Provider[])[], column: string) =>
    levels.some((level) => level.some((p) => p.columns === null || p.columns.includes(column)));
  const named = (levels: readonly (readonly Provider[])[], q: string) =>
    levels.some((level) => level.some((p) => p.refName === q));
  const visit = (node: unknown, inner: readonly (readonly Provider[])[]): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, inner));
    if (!node || typeof node !== 'object') return;
    const select = as(node, 'SelectStmt');
    if (select) {
      const level = [...inner, providersOf(select.fromClause, columnsOf)];
      for (const v of Object.values(select)) visit(v, level);
      return;
    }
    const ref = as(node, 'ColumnRef');
    if (ref) {
      const f = names(ref.fields);
      const last = f[f.length - 1]!;
      const mine =
        f.length === 1
          ? last === '*'
            ? returning && !inner.length
            : scope.columns.includes(last) && !mayProvide([...inner, scope.others], last)
          : f.length === 2
            ? (f[0] === name || (returning && (f[0] === 'old' || f[0] === 'new'))) &&
              !named(inner, f[0]!) &&
              (last === '*' || scope.columns.includes(last))
            : f.length === 3 &&
              !rv.alias &&
              f[0] === rv.schemaname &&
              f[1] === rv.relname &&
              scope.columns.includes(last);
      if (mine) {
        const qualifier = f.length === 2 && f[0] !== name && (f[0] === 'old' || f[0] === 'new') ? f[0] : null;
        // A location of 0 is left out of the tree (protobuf JSON omits defaults).
        out.push({ location: ref.location ?? 0, fields: f, column: last, qualifier });
      }
      return;
    }
    for (const v of Object.values(node)) visit(v, inner);
  };
  visit(nodes, []);
  return out;
}
