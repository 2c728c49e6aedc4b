import type { RangeVar } from '@pgsql/types';
import { as, kindOf, quoteIdent, walk } from '../parse/ast';

export interface RangeVarRef {
  readonly fields: RangeVarFields;
  /** True when the relation is the target of INSERT/UPDATE/DELETE/MERGE. */
  readonly writeTarget: boolean;
}

/**
 * A RangeVar as the binder keeps it (the parse tree's own object: relations are told apart by identity).
 * Its relname and location are there: Postgres always names the relation, and a RangeVar never stands
 * at 0, the location protobuf JSON leaves out (a statement starts with a keyword).
 */
export type RangeVarFields = RangeVar & { readonly relname: string; readonly location: number };

/** A relation's name as written, quoted for to_regclass and SQL text: `Sales.t` → `"Sales".t`. */
export function quotedName(rv: Pick<RangeVar, 'schemaname' | 'relname'>): string {
  return (rv.schemaname ? quoteIdent(rv.schemaname) + '.' : '') + quoteIdent(rv.relname ?? '');
}

/** The one place a RangeVar is taken as RangeVarFields (see above). */
export function rangeVarFields(rv: RangeVar): RangeVarFields {
  return rv as RangeVarFields;
}

/** The RangeVar a node is (`{ RangeVar: {...} }`), or undefined. */
export function asRangeVar(node: unknown): RangeVarFields | undefined {
  const rv = as(node, 'RangeVar');
  return rv && rangeVarFields(rv);
}

/**
 * Every relation a statement names, except references to its CTEs: an unqualified name is a CTE's
 * only where that WITH is in scope, as in Postgres — its query and its later siblings (every sibling
 * and itself under RECURSIVE), not the CTE's own body otherwise, nor anywhere outside that query:
 * in `with ev as (select * from ev) select * from ev` the inner `ev` is the table.
 */
export function findRangeVars(ast: unknown): RangeVarRef[] {
  const out: RangeVarRef[] = [];
  // The target of INSERT/UPDATE/DELETE/MERGE is a bare RangeVar (not wrapped in { RangeVar }), never a CTE.
  walk(ast, (_kind, _fields, node) => {
    const target = (
      as(node, 'InsertStmt') ??
      as(node, 'UpdateStmt') ??
      as(node, 'DeleteStmt') ??
      as(node, 'MergeStmt')
    )?.relation;
    if (target) out.push({ fields: rangeVarFields(target), writeTarget: true });
  });
  const visit = (node: unknown, ctes: ReadonlySet<string>): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, ctes));
    if (!node || typeof node !== 'object') return;
    const rv = asRangeVar(node);
    if (rv) {
      if (rv.schemaname || !ctes.has(rv.relname)) out.push({ fields: rv, writeTarget: false });
      return;
    }
    const kind = kindOf(node);
    const fields = kind && /^[A-Z]/.test(kind) ? (node as Record<string, unknown>)[kind] : node;
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return visit(fields, ctes);
    const withClause = (fields as { withClause?: { ctes?: unknown[]; recursive?: boolean } }).withClause;
    const list = (withClause?.ctes ?? []).map((c) => as(c, 'CommonTableExpr'));
    const all = new Set([...ctes, ...list.map((c) => String(c?.ctename))]);
    for (const [key, value] of Object.entries(fields)) {
      if (key !== 'withClause' || !withClause) {
        visit(value, all);
        continue;
      }
      // Each CTE's body sees the CTEs before it (all of them under RECURSIVE).
      const seen = new Set(ctes);
      for (const cte of list) {
        const body = withClause.recursive ? all : seen;
        visit(cte?.ctequery, body);
        seen.add(String(cte?.ctename));
      }
    }
  };
  visit(ast, new Set());
  return out;
}

/** The name a relation is referred to by in its query: its alias, else its own name. */
export function refName(rv: RangeVarFields): string {
  return rv.alias?.aliasname ?? rv.relname;
}
