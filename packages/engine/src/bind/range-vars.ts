import type { RangeVar } from '@pgsql/types';
import { as, walk } from '../parse/ast';

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

/** The one place a RangeVar is taken as RangeVarFields (see above). */
export function rangeVarFields(rv: RangeVar): RangeVarFields {
  return rv as RangeVarFields;
}

/** The RangeVar a node is (`{ RangeVar: {...} }`), or undefined. */
export function asRangeVar(node: unknown): RangeVarFields | undefined {
  const rv = as(node, 'RangeVar');
  return rv && rangeVarFields(rv);
}

/** Every relation a statement names, except references to its CTEs. */
export function findRangeVars(ast: unknown): RangeVarRef[] {
  const cteNames = new Set<string>();
  walk(ast, (_kind, _fields, node) => {
    const cte = as(node, 'CommonTableExpr');
    if (cte) cteNames.add(String(cte.ctename));
  });
  const out: RangeVarRef[] = [];
  // The target of INSERT/UPDATE/DELETE/MERGE is a bare RangeVar (not wrapped in { RangeVar }).
  walk(ast, (_kind, _fields, node) => {
    const target = (
      as(node, 'InsertStmt') ??
      as(node, 'UpdateStmt') ??
      as(node, 'DeleteStmt') ??
      as(node, 'MergeStmt')
    )?.relation;
    if (target) out.push({ fields: rangeVarFields(target), writeTarget: true });
  });
  walk(ast, (_kind, _fields, node) => {
    const rv = asRangeVar(node);
    if (!rv) return;
    if (!rv.schemaname && cteNames.has(rv.relname)) return;
    out.push({ fields: rv, writeTarget: false });
  });
  return out;
}

/** The name a relation is referred to by in its query: its alias, else its own name. */
export function refName(rv: RangeVarFields): string {
  return rv.alias?.aliasname ?? rv.relname;
}
