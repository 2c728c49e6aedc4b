import type { ScanToken } from 'libpg-query';
import type { Host } from '../host/host';
import { as, walk } from '../parse/ast';
import { parseOne } from '../parse/parse';
import { queryLevels } from './levels';
import { nodeText } from './source-text';

/** At most this many expressions are folded for one statement (each costs the host a plan). */
const MAX_FOLDED = 8;

/**
 * The constant expressions a WHERE conjunct compares a column with, folded as Postgres's planner
 * folds them before any FDW sees the condition (eval_const_expressions: immutable functions and
 * operators of constants; stable ones such as now() stay), each as the constant node it folds to —
 * so the comparison is pushed to DynamoDB instead of filtering a whole Scan in the host:
 *   `where user_id = 'u' || lpad('5', 4, '0')` → { <that expression's node> → `'u0005'::text` }
 *   `where age between 10 * 2 and 30`          → { `10 * 2` → `20` }
 *   `where ts > extract(epoch from now())`     → {} (stable: evaluated as the statement runs)
 * The host plans `select <expression>` (EXPLAIN VERBOSE, nothing run) and its output column is the
 * folded constant. Inside a transaction block nothing is folded: an expression that fails (`id = 1/0`)
 * would abort the block before the statement itself reports the error. Pure apart from the host's plans.
 */
export async function foldedConstants(
  host: Host,
  ast: unknown,
  text: string,
  tokens: readonly ScanToken[],
): Promise<ReadonlyMap<unknown, unknown>> {
  const folded = new Map<unknown, unknown>();
  const candidates = foldable(ast);
  if (!candidates.length || candidates.length > MAX_FOLDED || host.inTransaction()) return folded;
  for (const node of candidates) {
    const expression = nodeText(text, tokens, node);
    if (!expression) continue;
    const constant = await plannedConstant(host, expression);
    if (constant) folded.set(node, constant);
  }
  return folded;
}

/** The constant node the host's planner folds `expression` to (`'u0005'::text`), or null. */
async function plannedConstant(host: Host, expression: string): Promise<unknown> {
  let plan: string[];
  try {
    const r = await host.query(`explain (verbose, costs off) select (${expression})`);
    plan = r.rows.map((row) => row[0] ?? '');
  } catch {
    // The statement reports it as it runs.
    return null;
  }
  // A plan of one Result whose output is a constant: `Result` / `  Output: 'u0005'::text`.
  if (plan.length !== 2 || plan[0]!.trim() !== 'Result') return null;
  const output = /^\s*Output: (.*)$/.exec(plan[1]!)?.[1];
  if (output === undefined) return null;
  let target: unknown;
  try {
    target = as(as(parseOne(`select ${output}`), 'SelectStmt')?.targetList?.[0], 'ResTarget')?.val;
  } catch {
    return null;
  }
  const cast = as(target, 'TypeCast');
  const constant = as(cast ? cast.arg : target, 'A_Const');
  return constant && !constant.isnull ? target : null;
}

/**
 * The operands of top-level WHERE conjuncts that compare a column with an expression of constants:
 * `col <op> e`, `e <op> col`, `col between e and e`, `col in (e, ...)`, `col = any(array[e, ...])`,
 * `col like e`. An expression is one when it holds no column, parameter, subquery, aggregate or
 * window call — and is not a constant already (nor a constant cast to a type).
 */
function foldable(ast: unknown): unknown[] {
  const out: unknown[] = [];
  for (const level of queryLevels(ast))
    for (const { node } of level.conjuncts) {
      const e = as(node, 'A_Expr');
      if (!e) continue;
      const isColumn = (n: unknown) => !!as(n, 'ColumnRef');
      const list = (n: unknown) =>
        as(n, 'List')?.items ?? as(n, 'A_ArrayExpr')?.elements ?? (Array.isArray(n) ? n : []);
      if (e.kind === 'AEXPR_OP' || e.kind === 'AEXPR_LIKE') {
        if (isColumn(e.lexpr)) out.push(e.rexpr);
        else if (isColumn(e.rexpr) && e.kind === 'AEXPR_OP') out.push(e.lexpr);
      } else if (['AEXPR_BETWEEN', 'AEXPR_IN', 'AEXPR_OP_ANY'].includes(e.kind ?? '') && isColumn(e.lexpr))
        out.push(...list(e.rexpr));
    }
  return out.filter(isConstantExpression);
}

function isConstantExpression(node: unknown): boolean {
  if (!node || as(node, 'A_Const')) return false;
  const cast = as(node, 'TypeCast');
  if (cast && as(cast.arg, 'A_Const')) return false;
  let constant = true;
  walk(node, (kind, _fields, n) => {
    const call = as(n, 'FuncCall');
    if (
      kind === 'ColumnRef' ||
      kind === 'ParamRef' ||
      kind === 'SubLink' ||
      kind === 'A_Star' ||
      kind === 'GroupingFunc' ||
      (call && (call.agg_star || call.agg_distinct || call.over || call.agg_filter || call.agg_order))
    ) {
      constant = false;
      return false;
    }
    return undefined;
  });
  return constant;
}
