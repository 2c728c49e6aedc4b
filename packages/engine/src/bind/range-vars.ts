import { walk } from '../parse/ast';

export interface RangeVarRef {
  readonly fields: RangeVarFields;
  /** True when the relation is the target of INSERT/UPDATE/DELETE/MERGE. */
  readonly writeTarget: boolean;
}

export interface RangeVarFields {
  schemaname?: string;
  relname: string;
  alias?: { aliasname: string; colnames?: unknown[] };
  location: number;
  inh?: boolean;
}

const WRITE_STATEMENTS = ['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'];

/** Every relation a statement names, except references to its CTEs. */
export function findRangeVars(ast: unknown): RangeVarRef[] {
  const cteNames = new Set<string>();
  walk(ast, (kind, fields) => {
    if (kind === 'CommonTableExpr') cteNames.add(String(fields.ctename));
  });
  const out: RangeVarRef[] = [];
  // The target of INSERT/UPDATE/DELETE/MERGE is a bare RangeVar (not wrapped in { RangeVar }).
  walk(ast, (kind, fields) => {
    if (WRITE_STATEMENTS.includes(kind) && fields.relation)
      out.push({ fields: fields.relation as RangeVarFields, writeTarget: true });
  });
  walk(ast, (kind, fields) => {
    if (kind !== 'RangeVar') return;
    const rv = fields as unknown as RangeVarFields;
    if (!rv.schemaname && cteNames.has(rv.relname)) return;
    out.push({ fields: rv, writeTarget: false });
  });
  return out;
}

/** The name a relation is referred to by in its query: its alias, else its own name. */
export function refName(rv: RangeVarFields): string {
  return rv.alias?.aliasname ?? rv.relname;
}
