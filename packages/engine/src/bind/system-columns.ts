import { as, kindOf, names } from '../parse/ast';
import { asRangeVar, refName, rangeVarFields, type RangeVarFields } from './range-vars';

/** Postgres's system columns: every table has them, a subquery or a function none. */
export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set([
  'tableoid',
  'ctid',
  'xmin',
  'xmax',
  'cmin',
  'cmax',
]);

/** A reference to a system column that Postgres resolves to one of `relations`. */
export interface SystemColumnRef {
  readonly relation: RangeVarFields;
  readonly column: string;
  /** The ColumnRef's names as written (`ft.tableoid` → ['ft', 'tableoid']). */
  readonly fields: readonly string[];
  /** 0-based offset of the ColumnRef in the statement. */
  readonly location: number;
}

/** A FROM item as a query level names it: a relation (which has system columns) or anything else. */
interface ScopeItem {
  readonly name: string;
  readonly relation?: RangeVarFields;
}

/**
 * The references to system columns of `relations` (a statement's foreign tables), resolved as
 * Postgres resolves a column name: `t.ctid` to the innermost query level with a FROM item named `t`,
 * `s.t.ctid` to an unaliased `t` of schema `s` (`schemaOf`), an unqualified `tableoid` to the
 * innermost level with a relation, when that level has one relation alone (two: Postgres's
 * "ambiguous", the host's to say). An INSERT's target is in scope of its RETURNING and ON CONFLICT
 * only; an UPDATE's or DELETE's of the whole statement.
 *   `select tableoid::regclass, * from ft join lt using (id)` → [] (ambiguous)
 *   `select ft.tableoid from ft join lt using (id)`           → [{ relation: ft, column: 'tableoid' }]
 */
export function systemColumnRefs(
  ast: unknown,
  relations: ReadonlySet<RangeVarFields>,
  schemaOf: (rv: RangeVarFields) => string | undefined,
): SystemColumnRef[] {
  const out: SystemColumnRef[] = [];
  const resolve = (
    fields: string[],
    scopes: readonly (readonly ScopeItem[])[],
  ): RangeVarFields | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const scope = scopes[i]!;
      if (fields.length === 1) {
        const rels = scope.filter((s) => s.relation);
        if (rels.length) return rels.length === 1 ? rels[0]!.relation : undefined;
        continue;
      }
      if (fields.length === 2) {
        const named = scope.find((s) => s.name === fields[0]);
        if (named) return named.relation;
        continue;
      }
      const rv = scope.find(
        (s) => s.relation && !s.relation.alias && s.name === fields[1] && schemaOf(s.relation) === fields[0],
      );
      if (rv) return rv.relation;
    }
    return undefined;
  };
  const visit = (node: unknown, scopes: readonly (readonly ScopeItem[])[]): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, scopes));
    if (!node || typeof node !== 'object') return;
    const ref = as(node, 'ColumnRef');
    if (ref) {
      const fields = names(ref.fields);
      const column = fields[fields.length - 1]!;
      if (fields.length > 3 || !SYSTEM_COLUMNS.has(column)) return;
      const relation = resolve(fields, scopes);
      if (relation && relations.has(relation))
        out.push({ relation, column, fields, location: Number(ref.location ?? 0) });
      return;
    }
    const kind = kindOf(node);
    const fields = (kind && /^[A-Z]/.test(kind) ? (node as Record<string, unknown>)[kind] : node) as Record<
      string,
      unknown
    >;
    if (!fields || typeof fields !== 'object') return;
    const scope = scopeOf(kind, fields);
    if (!scope) {
      for (const value of Object.values(fields)) visit(value, scopes);
      return;
    }
    const inner = [...scopes, scope];
    for (const [key, value] of Object.entries(fields)) {
      // An INSERT's rows do not see its target; its RETURNING and ON CONFLICT do.
      const sees = kind !== 'InsertStmt' || key === 'returningClause' || key === 'onConflictClause';
      visit(value, sees ? inner : scopes);
    }
  };
  visit(ast, []);
  return out;
}

/** The FROM items a statement node makes visible to its clauses, or undefined for a node that is no query level. */
function scopeOf(kind: string | undefined, fields: Record<string, unknown>): ScopeItem[] | undefined {
  if (kind !== 'SelectStmt' && kind !== 'UpdateStmt' && kind !== 'DeleteStmt' && kind !== 'InsertStmt')
    return undefined;
  const items: ScopeItem[] = [];
  const target = fields.relation as RangeVarFields | undefined;
  if (target) items.push({ name: refName(rangeVarFields(target)), relation: rangeVarFields(target) });
  const from = (fields.fromClause ?? fields.usingClause ?? []) as unknown[];
  for (const item of from) collect(item, items);
  return items;
}

function collect(node: unknown, items: ScopeItem[]): void {
  const rv = asRangeVar(node);
  if (rv) return void items.push({ name: refName(rv), relation: rv });
  const join = as(node, 'JoinExpr');
  if (join && !join.alias) {
    collect(join.larg, items);
    collect(join.rarg, items);
    return;
  }
  const alias = (join ?? as(node, 'RangeSubselect') ?? as(node, 'RangeFunction'))?.alias?.aliasname;
  items.push({ name: alias ?? '' });
}
