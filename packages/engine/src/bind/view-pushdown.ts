import { walk } from '../parse/ast';
import { queryLevels } from './levels';
import type { RangeVarFields } from './range-vars';
import { relationRefs, type Provider } from './relation-refs';
import { nodeRange, qualifiedNameEnd } from './source-text';
import { applySplices } from './splice';
import type { StatementOverView, ViewColumn } from './view-definition';
import { visibleNames } from './visible-columns';

/** Node kinds a conjunct pushed into a view may hold: no function (it might be volatile), no subquery. */
const PUSHABLE_KINDS = new Set([
  'A_Expr',
  'BoolExpr',
  'NullTest',
  'BooleanTest',
  'A_Const',
  'TypeCast',
  'ColumnRef',
  'String',
  'List',
  'A_ArrayExpr',
  'CollateClause',
  'Integer',
  'Float',
  'Boolean',
]);

export interface ViewPushdownInput extends StatementOverView {
  /** The view as the statement names it. */
  readonly rangeVar: RangeVarFields;
}

/**
 * The conjuncts of the view's query level that restrict only the view's rows, over the view's own
 * columns, so that its relation's plan sees them (a Query or GetItem instead of a Scan) — Postgres's
 * subquery pushdown: the conjunct stays where it was and is ANDed to the view's WHERE as well.
 *   `select * from paid_orders where cid = 'c1'` over `select customer_id as cid ... from orders where paid`
 *   → [`customer_id = 'c1'`].
 */
export function conjunctsIntoView(input: ViewPushdownInput): string[] {
  const { view, rangeVar: rv, tokens, text } = input;
  if (!view.pushdownSafe) return [];
  const level = queryLevels(input.ast).find((l) =>
    l.items.some((i) => i.kind === 'relation' && i.rangeVar === rv),
  );
  if (!level) return [];
  const others = level.items.flatMap((i): Provider[] =>
    i.kind === 'opaque'
      ? [{ refName: null, columns: null }]
      : i.rangeVar === rv
        ? []
        : [
            {
              refName: i.rangeVar.alias?.aliasname ?? i.rangeVar.relname,
              columns: visibleOrNull(i.rangeVar, input.columnsOf(i.rangeVar)),
            },
          ],
  );
  // The view's columns by the names the statement sees (`from v as t(a, b)` renames them by position);
  // a name two columns have is ambiguous, Postgres's error to raise: nothing is pushed for it.
  const visible = visibleNames(
    rv,
    view.columns.map((c) => c.name),
  );
  const byName = new Map<string, ViewColumn>(
    visible.flatMap((n, i): [string, ViewColumn][] =>
      visible.indexOf(n) === visible.lastIndexOf(n) ? [[n, view.columns[i]!]] : [],
    ),
  );
  const scope = { rangeVar: rv, columns: [...byName.keys()], others };
  const out: string[] = [];
  for (const c of level.conjuncts) {
    if (!c.pushableTo.has(rv) || !pushableShape(c.node)) continue;
    const refs = relationRefs([c.node], scope, input.columnsOf);
    const columns = refs.map((r) => byName.get(r.column));
    if (!refs.length || refs.length !== columnRefCount(c.node) || columns.some((x) => !x?.plain)) continue;
    const range = nodeRange(tokens, c.node)!;
    const splices = refs.map((r, i) => ({
      start: r.location - range.start,
      end: qualifiedNameEnd(tokens, r.location) - range.start,
      replacement: columns[i]!.text,
    }));
    out.push(applySplices(text.slice(range.start, range.end), splices).text);
  }
  return out;
}

function visibleOrNull(rv: RangeVarFields, columns: readonly string[] | null): readonly string[] | null {
  return columns && visibleNames(rv, columns);
}

function pushableShape(node: unknown): boolean {
  let ok = true;
  walk(node, (kind) => {
    if (!PUSHABLE_KINDS.has(kind)) ok = false;
    return ok;
  });
  return ok;
}

function columnRefCount(node: unknown): number {
  let n = 0;
  walk(node, (kind) => {
    if (kind === 'ColumnRef') n++;
  });
  return n;
}
