import type { ScanToken } from 'libpg-query';
import type { ColumnDef, ForeignTableDef } from '../catalog/foreign-table';
import { names, walk } from '../parse/ast';
import type { Predicate } from '../plan/predicate';
import { extractPredicate, referencesRelation, type ColumnResolver } from './extract-predicate';
import { queryLevels } from './levels';
import { refName, type RangeVarFields, type RangeVarRef } from './range-vars';
import { nodeText } from './source-text';

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
}

export interface BindInput {
  readonly ast: unknown;
  readonly text: string;
  readonly tokens: readonly ScanToken[];
  readonly rangeVars: readonly RangeVarRef[];
  readonly resolved: ReadonlyMap<RangeVarFields, ResolvedRelation>;
  readonly defaultCollationIsC: boolean;
}

/** Finds every foreign relation of a statement and the conjuncts that restrict each occurrence. */
export function bindForeignOccurrences(input: BindInput): ForeignOccurrence[] {
  const { ast, text, tokens, resolved } = input;
  const levels = queryLevels(ast);
  const allRefs = columnRefs(ast);
  const out: ForeignOccurrence[] = [];
  for (const { fields: rv, writeTarget } of input.rangeVars) {
    const rel = resolved.get(rv);
    if (rel?.kind !== 'foreign') continue;
    const predicates: Predicate[] = [];
    const level = levels.find((l) => l.items.some((i) => i.kind === 'relation' && i.rangeVar === rv));
    if (level) {
      const resolve = resolverFor(rv, rel.table, level.items, resolved);
      for (const c of level.conjuncts) {
        if (!referencesRelation(c.node, resolve)) continue;
        const sql = nodeText(text, tokens, c.node);
        predicates.push(c.pushableTo.has(rv) ? extractPredicate(c.node, sql, resolve, input.defaultCollationIsC) : { kind: 'residual', sql });
      }
    }
    out.push({ rangeVar: rv, table: rel.table, predicates, referencedColumns: referenced(rv, rel.table, allRefs), writeTarget });
  }
  return out;
}

/**
 * How a ColumnRef resolves to this relation's column at its query level: `c` when no other FROM item
 * has a column `c` (an opaque item, like a subquery, might: then unqualified names do not resolve),
 * `alias.c`, or `schema.table.c` when the relation has no alias.
 */
function resolverFor(
  rv: RangeVarFields,
  table: ForeignTableDef,
  items: ReturnType<typeof queryLevels>[number]['items'],
  resolved: ReadonlyMap<RangeVarFields, ResolvedRelation>,
): ColumnResolver {
  const byName = new Map<string, ColumnDef>(table.columns.map((c) => [c.name, c]));
  const others = items.filter((i) => !(i.kind === 'relation' && i.rangeVar === rv));
  const unqualifiedIsOurs = (name: string) =>
    others.every((i) => {
      if (i.kind === 'opaque') return false;
      const r = resolved.get(i.rangeVar);
      if (!r) return false;
      const cols = r.kind === 'foreign' ? r.table.columns.map((c) => c.name) : r.columns;
      return !cols.includes(name);
    });
  return (fields) => {
    if (fields.length === 1) return unqualifiedIsOurs(fields[0]!) ? (byName.get(fields[0]!) ?? null) : null;
    if (fields.length === 2) return fields[0] === refName(rv) ? (byName.get(fields[1]!) ?? null) : null;
    if (fields.length === 3 && !rv.alias && fields[0] === table.schema && fields[1] === table.name) return byName.get(fields[2]!) ?? null;
    return null;
  };
}

/** Every column name a statement mentions: ColumnRefs, and the columns of JOIN ... USING (NATURAL: all). */
function columnRefs(ast: unknown): string[][] {
  const refs: string[][] = [];
  walk(ast, (kind, fields) => {
    if (kind === 'ColumnRef') refs.push(names(fields.fields));
    if (kind === 'JoinExpr') {
      for (const n of names(fields.usingClause)) refs.push([n]);
      if (fields.isNatural) refs.push(['*']);
    }
  });
  return refs;
}

/**
 * Declared columns a statement may read from a relation, a superset by name: `*`, `t.*` or a whole-row
 * reference `t` mean every column, as does any jsonb column (a catch-all needs every attribute).
 */
function referenced(rv: RangeVarFields, table: ForeignTableDef, refs: readonly string[][]): ReadonlySet<string> | null {
  const declared = new Set(table.columns.map((c) => c.name));
  const out = new Set<string>();
  for (const ref of refs) {
    const last = ref[ref.length - 1]!;
    if (last === '*' && (ref.length === 1 || ref[ref.length - 2] === refName(rv))) return null;
    if (ref.length === 1 && last === refName(rv) && !declared.has(last)) return null;
    if (declared.has(last)) out.add(last);
  }
  if (table.columns.some((c) => out.has(c.name) && c.typname === 'jsonb')) return null;
  return out;
}
