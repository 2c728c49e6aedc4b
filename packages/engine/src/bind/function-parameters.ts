import { as, names, walk } from '../parse/ast';
import { parseOne, scanTokens } from '../parse/parse';
import { findRangeVars, refName, type RangeVarFields } from './range-vars';
import { qualifiedNameEnd } from './source-text';
import { applySplices, type Splice } from './splice';

/** A function's input parameter with the constant one call passes it. */
export interface BoundParameter {
  readonly name: string | null;
  /** `format_type` of its declared type. */
  readonly type: string;
  /** The argument's SQL text in the calling statement (a constant). */
  readonly value: string;
}

/** FROM items whose columns are unknown here: a parameter's name might be one of their columns. */
const OPAQUE = new Set([
  'RangeSubselect',
  'RangeFunction',
  'RangeTableFunc',
  'RangeTableSample',
  'CommonTableExpr',
]);

/**
 * One statement of a SQL function's body with its parameters replaced by the constants one call
 * passes, so that its conjuncts on them can be pushed to DynamoDB like a statement's:
 *   `select * from orders where cid = c` with c = 'c1' (text) → `select * from orders where cid = ('c1')::text`
 * `$1`, `c` and `f.c` (the function's name) are parameter references; an unqualified name is one only
 * when no relation of the statement has a column of that name (Postgres prefers the column), so the
 * statement must name relations only, with known columns. Null when that cannot be told.
 */
export function bindFunctionParameters(
  statement: string,
  functionName: string,
  parameters: readonly BoundParameter[],
  columnsOf: (rv: RangeVarFields) => readonly string[] | null,
): string | null {
  const ast = parseOne(statement);
  const tokens = scanTokens(statement);
  let opaque = false;
  walk(ast, (kind) => void (OPAQUE.has(kind) && (opaque = true)));
  if (opaque) return null;
  // A parameter's name that is also a column, or a relation's name (a whole-row reference), is not the parameter.
  const columns = new Set<string>();
  for (const rv of findRangeVars(ast)) {
    const c = columnsOf(rv.fields);
    if (!c) return null;
    c.forEach((x) => columns.add(x));
    columns.add(refName(rv.fields));
  }
  // FROM column aliases name columns too: in `from t as x(a, b)` or `(t join u on ...) as j(a, b)`, `a`
  // is a column, whatever the relations call it.
  walk(ast, (kind, fields) => {
    if (kind !== 'RangeVar' && kind !== 'JoinExpr') return;
    const alias = fields.alias as { aliasname?: string; colnames?: unknown } | undefined;
    if (alias?.aliasname) columns.add(alias.aliasname);
    names(alias?.colnames).forEach((n) => columns.add(n));
  });
  const byName = new Map(parameters.filter((p) => p.name).map((p) => [p.name!, p]));
  if ([...byName.keys()].some((n) => columns.has(n))) return null;
  const bound = (p: BoundParameter) => `(${p.value})::${p.type}`;
  const splices: Splice[] = [];
  walk(ast, (kind, fields) => {
    const at = Number(fields.location);
    if (kind === 'ParamRef') {
      const p = parameters[Number(fields.number) - 1];
      if (p) splices.push({ start: at, end: at + `$${String(fields.number)}`.length, replacement: bound(p) });
      return;
    }
    if (kind !== 'ColumnRef') return;
    const f = names(fields.fields);
    const p =
      f.length === 1
        ? byName.get(f[0]!)
        : f.length === 2 && f[0] === functionName
          ? byName.get(f[1]!)
          : undefined;
    if (p) splices.push({ start: at, end: qualifiedNameEnd(tokens, at), replacement: bound(p) });
  });
  // A name qualified by the function's own name that is not a parameter: the copy's name would not resolve it.
  let unresolved = false;
  walk(ast, (kind, fields) => {
    const f = kind === 'ColumnRef' ? names(fields.fields) : [];
    if (f.length === 2 && f[0] === functionName && !byName.has(f[1]!)) unresolved = true;
  });
  if (unresolved || !as(ast, 'SelectStmt')) return null;
  return applySplices(statement, splices).text;
}
