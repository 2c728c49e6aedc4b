import type { ScanToken } from 'libpg-query';
import type { ResolvedRelation } from '../../bind/bind';
import type { RangeVarFields, RangeVarRef } from '../../bind/range-vars';
import { relationReference } from '../../bind/source-text';
import { applySplices, type Splice } from '../../bind/splice';
import type { ViewDefinition } from '../../bind/view-definition';
import { conjunctsIntoView } from '../../bind/view-pushdown';
import { viewWriteSplices, type ViewCheck } from '../../bind/view-write';
import { andWhereSplices } from '../../bind/where-splice';
import { EngineError, SqlState } from '../../errors';
import { as, names, quoteIdent, walk } from '../../parse/ast';
import { parseOne } from '../../parse/parse';
import type { StatementContext } from '../../run/context';
import { hostError } from '../../run/host-error';

/** What a RangeVar names, a view over a foreign table included (the host cannot read those). */
export type Resolution = ResolvedRelation | { readonly kind: 'view-foreign'; readonly view: ViewDefinition };

/** A statement being bound: its text, AST and the map of its positions back to what the user wrote. */
export interface BoundText {
  readonly text: string;
  readonly ast: unknown;
  readonly toOriginal: (p: number) => number;
}

/** The check options a write through views collects, one view at a time (see view-write.ts). */
export interface ViewChecks {
  checks: readonly ViewCheck[];
  cascaded: boolean;
}

/**
 * One step of view expansion: a write through a view becomes a write to the view's relation
 * (Postgres's automatically updatable views); otherwise every view over a foreign table read is
 * replaced by its definition as a subquery, with the conjuncts that restrict only its rows ANDed to its
 * WHERE. Null when the statement names no such view.
 */
export async function expandViews(
  ctx: StatementContext,
  current: BoundText,
  tokens: readonly ScanToken[],
  rangeVars: readonly RangeVarRef[],
  resolved: ReadonlyMap<RangeVarFields, Resolution>,
  checks: ViewChecks,
): Promise<BoundText | null> {
  const viewOf = (rv: RangeVarFields) => {
    const r = resolved.get(rv);
    return r?.kind === 'view-foreign' ? r.view : null;
  };
  const columnsOf = (rv: RangeVarFields) => {
    const r = resolved.get(rv);
    return !r
      ? null
      : r.kind === 'foreign'
        ? r.table.columns.map((c) => c.name)
        : r.kind === 'other'
          ? r.columns
          : r.view.columns.map((c) => c.name);
  };
  const views = rangeVars.filter((r) => viewOf(r.fields));
  if (!views.length) return null;
  const target = views.find((v) => v.writeTarget);
  let splices: Splice[];
  if (target) {
    const view = viewOf(target.fields)!;
    // Postgres decides whether the view is automatically updatable, and raises its own error if not.
    await ctx.host.describe(current.text).catch((e) => Promise.reject(hostError(e, current.toOriginal)));
    if (!view.base)
      throw new EngineError(SqlState.objectNotInPrerequisiteState, `cannot write to view "${view.name}"`, {
        position: current.toOriginal(target.fields.location + 1),
      });
    const write = viewWriteSplices({
      ast: current.ast,
      text: current.text,
      tokens,
      target: target.fields,
      view,
      columnsOf,
      ...checks,
    });
    checks.checks = write.checks;
    checks.cascaded = write.cascaded;
    splices = [...write.splices];
  } else {
    splices = views.map((v) => {
      const view = viewOf(v.fields)!;
      const pushed = conjunctsIntoView({
        ast: current.ast,
        text: current.text,
        tokens,
        rangeVar: v.fields,
        view,
        columnsOf,
      });
      const definition = applySplices(view.text, andWhereSplices(view.tokens, pushed)).text;
      const { start, end, prefix } = relationReference(tokens, v.fields.location);
      return {
        start,
        end,
        replacement:
          `${prefix}(${definition})` + (v.fields.alias ? '' : ` AS ${quoteIdent(v.fields.relname)}`),
      };
    });
    splices.push(...qualifiedViewColumnSplices(current.ast, tokens, views, viewOf));
  }
  const spliced = applySplices(current.text, splices);
  return {
    text: spliced.text,
    ast: parseOne(spliced.text),
    toOriginal: (p) => current.toOriginal(spliced.originalPosition(p)),
  };
}

/**
 * `dynamodb.v.kind` names a view by schema: once the view is a subquery aliased `v`, the reference
 * becomes `"v".kind` (a subquery has no schema).
 */
function qualifiedViewColumnSplices(
  ast: unknown,
  tokens: readonly ScanToken[],
  views: readonly RangeVarRef[],
  viewOf: (rv: RangeVarFields) => ViewDefinition | null,
): Splice[] {
  const out: Splice[] = [];
  walk(ast, (_kind, _fields, node) => {
    const ref = as(node, 'ColumnRef');
    if (!ref) return;
    const f = names(ref.fields);
    if (f.length !== 3) return;
    const v = views.find(
      (x) => !x.fields.alias && x.fields.relname === f[1] && viewOf(x.fields)?.schema === f[0],
    );
    const start = ref.location ?? 0;
    const i = tokens.findIndex((t) => t.start === start);
    if (!v || i < 0 || !tokens[i + 2]) return;
    out.push({ start, end: tokens[i + 2]!.end, replacement: quoteIdent(v.fields.relname) });
  });
  return out;
}
