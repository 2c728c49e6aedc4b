import type { ScanToken } from 'libpg-query';
import { mayReadCatchAll } from '../catalog/catch-all';
import type { ForeignTableDef } from '../catalog/foreign-table';
import { as, names, walk } from '../parse/ast';
import type { Predicate } from '../plan/predicate';
import { extractPredicate, referencesRelation, type ColumnResolver, type Folded } from './extract-predicate';
import { queryLevels } from './levels';
import { refName, type RangeVarFields, type RangeVarRef } from './range-vars';
import { nodeText } from './source-text';
import { transitionNames } from './returning-transition';
import { visibleColumns, visibleNames } from './visible-columns';

/** What the catalog says a RangeVar names. */
export type ResolvedRelation =
  | { readonly kind: 'foreign'; readonly table: ForeignTableDef }
  | { readonly kind: 'other'; readonly columns: readonly string[] };

/** One read of a foreign table in a statement, with what the statement asks of it. */
export interface ForeignOccurrence {
  readonly rangeVar: RangeVarFields;
  readonly table: ForeignTableDef;
  /** Conjuncts that restrict this relation (pushable or not). */
  readonly predicates: readonly Predicate[];
  /** Declared columns the statement may read; null means all of them. */
  readonly referencedColumns: ReadonlySet<string> | null;
  readonly writeTarget: boolean;
  /**
   * `this.column = other.sourceColumn` conjuncts with another foreign relation of the same query
   * level: once `other` is read, its values can restrict this relation (a key lookup, not a Scan).
   */
  readonly joinKeys: readonly JoinKey[];
}

export interface JoinKey {
  readonly column: string;
  readonly source: RangeVarFields;
  readonly sourceColumn: string;
  readonly sql: string;
}

export interface BindInput {
  readonly ast: unknown;
  readonly text: string;
  readonly tokens: readonly ScanToken[];
  readonly rangeVars: readonly RangeVarRef[];
  readonly resolved: ReadonlyMap<RangeVarFields, ResolvedRelation>;
  readonly defaultCollationIsC: boolean;
  /** The write target's every column is read (a view's check option shows the whole failing row). */
  readonly wholeTargetRow?: boolean;
  /** Constant expressions the host folded (bind/folded-constants.ts): compared as their constants. */
  readonly folded?: Folded;
}

/** Finds every foreign relation of a statement and the conjuncts that restrict each occurrence. */
export function bindForeignOccurrences(input: BindInput): ForeignOccurrence[] {
  const { ast, text, tokens, resolved } = input;
  const levels = queryLevels(ast);
  const allRefs = columnRefs(ast);
  const joined = inAliasedJoins(ast);
  const out: ForeignOccurrence[] = [];
  for (const { fields: rv, writeTarget } of input.rangeVars) {
    const rel = resolved.get(rv);
    if (rel?.kind !== 'foreign') continue;
    const predicates: Predicate[] = [];
    const joinKeys: JoinKey[] = [];
    const level = levels.find((l) => l.items.some((i) => i.kind === 'relation' && i.rangeVar === rv));
    if (level) {
      const resolve = resolverFor(rv, rel.table, level.items, resolved);
      const others = level.items.flatMap((i) => {
        if (i.kind !== 'relation' || i.rangeVar === rv) return [];
        const r = resolved.get(i.rangeVar);
        return r?.kind === 'foreign'
          ? [{ rv: i.rangeVar, resolve: resolverFor(i.rangeVar, r.table, level.items, resolved) }]
          : [];
      });
      for (const c of level.conjuncts) {
        if (!referencesRelation(c.node, resolve, wholeRowOf(rv, rel.table))) continue;
        const sql = nodeText(text, tokens, c.node);
        predicates.push(
          c.pushableTo.has(rv)
            ? extractPredicate(c.node, sql, resolve, input.defaultCollationIsC, input.folded)
            : { kind: 'residual', sql },
        );
        const join = c.pushableTo.has(rv) ? joinKeyOf(c.node, resolve, others, sql) : null;
        if (join) joinKeys.push(join);
      }
    }
    const referencedColumns =
      (writeTarget && (input.wholeTargetRow || readsTransition(ast, rv, rel.table))) || joined.has(rv)
        ? null
        : referenced(rv, rel.table, allRefs);
    out.push({ rangeVar: rv, table: rel.table, predicates, referencedColumns, writeTarget, joinKeys });
  }
  return out;
}

/** Whether the write's RETURNING reads Postgres 18's old or new row (`returning old.*`): every column is read then. */
function readsTransition(ast: unknown, rv: RangeVarFields, table: ForeignTableDef): boolean {
  const stmt = as(ast, 'InsertStmt') ?? as(ast, 'UpdateStmt') ?? as(ast, 'DeleteStmt');
  if (!stmt) return false;
  const names = transitionNames(
    stmt,
    refName(rv),
    table.columns.map((c) => c.name),
  );
  return names.old !== null || names.new !== null;
}

/** `a.x = b.y` between this relation and another foreign relation → a join key. */
function joinKeyOf(
  node: unknown,
  resolve: ColumnResolver,
  others: { rv: RangeVarFields; resolve: ColumnResolver }[],
  sql: string,
): JoinKey | null {
  const e = as(node, 'A_Expr');
  if (e?.kind !== 'AEXPR_OP' || names(e.name).join() !== '=') return null;
  const refs = [e.lexpr, e.rexpr].map((n) => as(n, 'ColumnRef'));
  if (!refs[0] || !refs[1]) return null;
  for (const [mine, theirs] of [
    [refs[0], refs[1]],
    [refs[1], refs[0]],
  ] as const) {
    const col = resolve(names(mine.fields));
    if (!col) continue;
    for (const o of others) {
      const other = o.resolve(names(theirs.fields));
      if (other && !resolve(names(theirs.fields)))
        return { column: col.name, source: o.rv, sourceColumn: other.name, sql };
    }
  }
  return null;
}

/**
 * How a ColumnRef resolves to this relation's column at its query level, by the names the query sees
 * (visibleColumns): `c` when no other FROM item has a column `c` (an opaque item, like a subquery,
 * might: then unqualified names do not resolve), `alias.c`, or `schema.table.c` when the relation has
 * no alias.
 */
function resolverFor(
  rv: RangeVarFields,
  table: ForeignTableDef,
  items: ReturnType<typeof queryLevels>[number]['items'],
  resolved: ReadonlyMap<RangeVarFields, ResolvedRelation>,
): ColumnResolver {
  const byName = visibleColumns(rv, table.columns);
  const others = items.filter((i) => !(i.kind === 'relation' && i.rangeVar === rv));
  const unqualifiedIsOurs = (name: string) =>
    others.every((i) => {
      if (i.kind === 'opaque') return false;
      const r = resolved.get(i.rangeVar);
      if (!r) return false;
      const cols = r.kind === 'foreign' ? r.table.columns.map((c) => c.name) : r.columns;
      return !visibleNames(i.rangeVar, cols).includes(name);
    });
  return (fields) => {
    if (fields.length === 1) return unqualifiedIsOurs(fields[0]!) ? (byName.get(fields[0]!) ?? null) : null;
    if (fields.length === 2) return fields[0] === refName(rv) ? (byName.get(fields[1]!) ?? null) : null;
    if (fields.length === 3 && !rv.alias && fields[0] === table.schema && fields[1] === table.name)
      return byName.get(fields[2]!) ?? null;
    return null;
  };
}

/**
 * Whether a ColumnRef may read the relation as a whole row (not one column, so the resolver has
 * none for it): `e` that is no visible column (`to_jsonb(e)`, `(e).kind`, `e::text`), `e.*`, `e.x`
 * where `x` is no visible column (attribute notation, `e.row_to_json`; or a name two columns have),
 * and `schema.table.*` when the relation has no alias. A conjunct with one is the relation's (residual).
 */
function wholeRowOf(rv: RangeVarFields, table: ForeignTableDef): (fields: readonly string[]) => boolean {
  const visible = visibleColumns(rv, table.columns);
  return (fields) => {
    if (fields.length === 1) return fields[0] === refName(rv) && !visible.has(fields[0]);
    if (fields.length === 2)
      return fields[0] === refName(rv) && (fields[1] === '*' || !visible.has(fields[1]!));
    return (
      fields.length === 3 &&
      !rv.alias &&
      fields[0] === table.schema &&
      fields[1] === table.name &&
      fields[2] === '*'
    );
  };
}

/**
 * Every column name a statement mentions: ColumnRefs, the columns of JOIN ... USING (NATURAL: all), and
 * UPDATE's SET targets (a catch-all's old value decides which members an UPDATE removes).
 */
function columnRefs(ast: unknown): string[][] {
  const refs: string[][] = [];
  walk(ast, (_kind, _fields, node) => {
    const ref = as(node, 'ColumnRef');
    if (ref) refs.push(names(ref.fields));
    for (const t of as(node, 'UpdateStmt')?.targetList ?? []) refs.push([as(t, 'ResTarget')?.name ?? '']);
    const join = as(node, 'JoinExpr');
    if (join) {
      for (const n of names(join.usingClause)) refs.push([n]);
      if (join.isNatural) refs.push(['*']);
    }
  });
  return refs;
}

/**
 * The relations inside a join with an alias (`(ev join x on ...) as j`, `... j(a, b, c)`): the alias
 * hides their names, so `j.*`, a whole row `j` or a column list read their columns by no name of theirs.
 * Each is read whole (referencedColumns null).
 */
function inAliasedJoins(ast: unknown): ReadonlySet<unknown> {
  const out = new Set<unknown>();
  walk(ast, (kind, fields) => {
    if (kind !== 'JoinExpr' || !(fields as { alias?: unknown }).alias) return undefined;
    walk([fields.larg, fields.rarg], (k, f) => {
      if (k === 'RangeVar') out.add(f);
    });
    return false;
  });
  return out;
}

/**
 * Declared columns a statement may read from a relation, a superset by the names the query sees them by
 * (visibleColumns): `*`, `t.*` or a whole-row reference `t` mean every column, as does `t.x` where `x`
 * is no visible column (attribute notation: `e.row_to_json` is row_to_json(e); or a name two columns
 * have), and any column that may read the catch-all (it needs every attribute).
 */
function referenced(
  rv: RangeVarFields,
  table: ForeignTableDef,
  refs: readonly string[][],
): ReadonlySet<string> | null {
  const visible = visibleColumns(rv, table.columns);
  const out = new Set<string>();
  for (const ref of refs) {
    const last = ref[ref.length - 1]!;
    if (last === '*' && (ref.length === 1 || ref[ref.length - 2] === refName(rv))) return null;
    if (ref.length === 1 && last === refName(rv) && !visible.has(last)) return null;
    if (ref.length === 2 && ref[0] === refName(rv) && !visible.has(last)) return null;
    const column = visible.get(last);
    if (column) out.add(column.name);
  }
  if (table.columns.some((c) => out.has(c.name) && mayReadCatchAll(c))) return null;
  return out;
}
