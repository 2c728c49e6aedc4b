import { as, walk } from '../parse/ast';
import { asRangeVar, rangeVarFields, type RangeVarFields } from './range-vars';

/** A FROM item of one query level. */
export type FromItem =
  | { readonly kind: 'relation'; readonly rangeVar: RangeVarFields; readonly nullable: boolean }
  | { readonly kind: 'opaque' };

/** A conjunct and the relations it may be pushed to. */
export interface ScopedConjunct {
  readonly node: unknown;
  /** RangeVars this conjunct restricts without changing the query's result. */
  readonly pushableTo: ReadonlySet<RangeVarFields>;
}

/** One query level (a SELECT, or the FROM/USING of an UPDATE/DELETE): its FROM items and conjuncts. */
export interface QueryLevel {
  readonly items: readonly FromItem[];
  readonly conjuncts: readonly ScopedConjunct[];
}

/** Flattens `a AND (b AND c)` → [a, b, c]. */
export function splitConjuncts(node: unknown): unknown[] {
  if (!node) return [];
  const b = as(node, 'BoolExpr');
  if (b && b.boolop === 'AND_EXPR') return (b.args ?? []).flatMap(splitConjuncts);
  return [node];
}

/**
 * Every query level of a statement. WHERE conjuncts may restrict relations that are not on the
 * nullable side of an outer join; ON conjuncts may restrict relations on the non-preserved side.
 */
export function queryLevels(ast: unknown): QueryLevel[] {
  const levels: QueryLevel[] = [];
  walk(ast, (_kind, _fields, node) => {
    const select = as(node, 'SelectStmt');
    const update = as(node, 'UpdateStmt');
    const del = as(node, 'DeleteStmt');
    const from = select?.fromClause ?? update?.fromClause ?? del?.usingClause;
    const relation = update?.relation ?? del?.relation;
    const target = relation && rangeVarFields(relation);
    const where = (select ?? update ?? del)?.whereClause;
    if (!from && !target) return;
    const items: FromItem[] = [];
    const conjuncts: ScopedConjunct[] = [];
    // UPDATE/DELETE read their target like a FROM item: its WHERE conjuncts restrict which items are read.
    if (target) items.push({ kind: 'relation', rangeVar: target, nullable: false });
    for (const item of from ?? []) collectFrom(item, false, items, conjuncts, levels);
    const preserved = new Set(
      items.flatMap((i) => (i.kind === 'relation' && !i.nullable ? [i.rangeVar] : [])),
    );
    for (const c of splitConjuncts(where)) conjuncts.push({ node: c, pushableTo: preserved });
    levels.push({ items, conjuncts });
  });
  return levels;
}

function collectFrom(
  node: unknown,
  nullable: boolean,
  items: FromItem[],
  conjuncts: ScopedConjunct[],
  levels: QueryLevel[],
): RangeVarFields[] {
  const rv = asRangeVar(node);
  if (rv) {
    items.push({ kind: 'relation', rangeVar: rv, nullable });
    return [rv];
  }
  const join = as(node, 'JoinExpr');
  if (join?.alias) {
    // `(a join b on ...) as j [(x, y, ...)]`: the alias hides a and b, and its column list renames their
    // columns, so the query's names are j's, not theirs: j is opaque to its level. Its ON conditions see
    // a and b alone: a level of their own.
    const inner: FromItem[] = [];
    const innerConjuncts: ScopedConjunct[] = [];
    collectFrom({ JoinExpr: { ...join, alias: undefined } }, false, inner, innerConjuncts, levels);
    levels.push({ items: inner, conjuncts: innerConjuncts });
    items.push({ kind: 'opaque' });
    return [];
  }
  if (join) {
    const t = join.jointype;
    const left = collectFrom(
      join.larg,
      nullable || t === 'JOIN_RIGHT' || t === 'JOIN_FULL',
      items,
      conjuncts,
      levels,
    );
    const right = collectFrom(
      join.rarg,
      nullable || t === 'JOIN_LEFT' || t === 'JOIN_FULL',
      items,
      conjuncts,
      levels,
    );
    const restrictable =
      t === 'JOIN_INNER' ? [...left, ...right] : t === 'JOIN_LEFT' ? right : t === 'JOIN_RIGHT' ? left : [];
    for (const q of splitConjuncts(join.quals))
      conjuncts.push({ node: q, pushableTo: new Set(restrictable) });
    return [...left, ...right];
  }
  items.push({ kind: 'opaque' });
  return [];
}
