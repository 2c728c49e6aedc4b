import type { ResTarget, SelectStmt } from '@pgsql/types';
import type { ScanToken } from 'libpg-query';
import { EngineError, SqlState } from '../errors';
import { as, kindOf, names, quoteIdent } from '../parse/ast';
import { parseOne, scanTokens } from '../parse/parse';
import { refName, type RangeVarFields } from './range-vars';
import { providersOf, relationRefs, type RelationRef } from './relation-refs';
import { nodeRange, qualifiedNameEnd } from './source-text';
import { applySplices, type Splice } from './splice';
import type { StatementOverView, ViewDefinition } from './view-definition';
import { andWhereSplices } from './where-splice';

/** A view's WITH CHECK OPTION, as a condition over the written relation's columns. */
export interface ViewCheck {
  /** The view whose condition it is (Postgres's error names it). */
  readonly view: string;
  /** Over the statement's target, qualified by its alias: `"gold"."tier" = 'gold'::text`. */
  readonly condition: string;
}

export interface ViewWriteInput extends StatementOverView {
  /** The statement's target, a simple view Postgres has found automatically updatable. */
  readonly target: RangeVarFields;
  /** Check options of the views written through so far (outermost first), over this view's columns. */
  readonly checks: readonly ViewCheck[];
  /** Whether one of them is CASCADED (then this view's condition is checked too). */
  readonly cascaded: boolean;
}

export interface ViewWrite {
  readonly splices: readonly Splice[];
  /** Every check the new rows must pass, innermost view first, over the view's own relation. */
  readonly checks: readonly ViewCheck[];
  readonly cascaded: boolean;
}

/**
 * Postgres's rewrite of a write through an automatically updatable view, one view at a time: the write
 * goes to the view's relation, columns map through the view's output list, the view's WHERE is ANDed to
 * the statement's, an INSERT names the relation's columns (the others take their defaults) and RETURNING
 * keeps the view's column names.
 *   `update gold set total = 3 where cid = 'c1'` over `select customer_id as cid, total from orders where tier = 'gold'`
 *   → `update orders AS "gold" set total = 3 where ("gold"."customer_id" = 'c1') AND ("gold"."tier" = 'gold')`.
 */
export function viewWriteSplices(input: ViewWriteInput): ViewWrite {
  const { ast, tokens, target, view } = input;
  const kind = kindOf(ast)!;
  const insert = as(ast, 'InsertStmt');
  const update = as(ast, 'UpdateStmt');
  const del = as(ast, 'DeleteStmt');
  const alias = refName(target);
  const base = view.base!;
  const column = (name: string) => view.columns.find((c) => c.name === name);
  const sqlOf = (name: string, qualifier: string | null) => {
    const c = column(name)!;
    return c.plain !== null
      ? `${qualifier ?? quoteIdent(alias)}.${quoteIdent(c.plain)}`
      : `(${requalified(view, c.node, qualifier ?? quoteIdent(alias))})`;
  };
  const baseColumn = (name: string, location: number) => {
    const plain = column(name)?.plain;
    if (!plain)
      throw new EngineError(
        SqlState.featureNotSupported,
        `cannot write column "${name}" of view "${view.name}"`,
        { position: location + 1 },
      );
    return plain;
  };
  const splices: Splice[] = [];
  const nameEnd = qualifiedNameEnd(tokens, target.location);
  splices.push({
    start: target.location,
    end: nameEnd,
    replacement:
      (base.schemaname ? `${quoteIdent(base.schemaname)}.` : '') +
      quoteIdent(base.relname) +
      (target.alias ? '' : ` AS ${quoteIdent(alias)}`),
  });
  // A SET or INSERT column (a location left out of the tree is 0: protobuf JSON omits defaults).
  const renamed = (r: ResTarget) => {
    const [name, at] = [r.name ?? '', r.location ?? 0];
    const b = baseColumn(name, at);
    if (b !== name)
      splices.push({
        start: at,
        end: qualifiedNameEnd(tokens, at),
        replacement: quoteIdent(b),
      });
  };

  const where = view.select.whereClause
    ? requalified(view, view.select.whereClause, quoteIdent(alias))
    : null;
  if (kind !== 'InsertStmt' && where) splices.unshift(...andWhereSplices(tokens, [where]));
  for (const t of update?.targetList ?? []) renamed(as(t, 'ResTarget')!);
  if (insert) {
    const cols = (insert.cols ?? []).map((c) => as(c, 'ResTarget')!);
    cols.forEach(renamed);
    const source = as(insert.selectStmt, 'SelectStmt');
    const width = source ? insertWidth(source) : 0;
    if (!cols.length && insert.selectStmt) {
      const end = target.alias ? aliasEnd(tokens, nameEnd) : nameEnd;
      const list = view.columns
        .slice(0, width ?? view.columns.length)
        .map((c) => quoteIdent(baseColumn(c.name, target.location)));
      splices.push({ start: end, end, replacement: ` (${list.join(', ')})` });
    }
  }

  // Column references in SET values, WHERE and RETURNING.
  const others = providersOf(update?.fromClause ?? del?.usingClause, input.columnsOf);
  const scope = { rangeVar: target, columns: view.columns.map((c) => c.name), others };
  // RETURNING is a bare object in the tree (`returningClause: { exprs }`), not a wrapped node.
  const returning = (insert ?? update ?? del)?.returningClause?.exprs ?? [];
  const refs = unique([
    ...relationRefs(insert ? [] : [update?.targetList, (update ?? del)?.whereClause], scope, input.columnsOf),
    ...relationRefs(returning, scope, input.columnsOf, true),
  ]);
  const topLevel = new Map(
    returning.flatMap((t) => {
      const r = as(t, 'ResTarget')!;
      const ref = as(r.val, 'ColumnRef');
      return ref && !r.name ? [[ref.location, true] as const] : [];
    }),
  );
  for (const ref of refs) {
    const end = qualifiedNameEnd(tokens, ref.location);
    if (ref.column === '*') {
      if (!topLevel.has(ref.location)) continue;
      const all = view.columns.map((c) => `${sqlOf(c.name, ref.qualifier)} AS ${quoteIdent(c.name)}`);
      if (ref.fields.length === 1)
        for (const o of others) if (o.refName) all.push(`${quoteIdent(o.refName)}.*`);
      splices.push({ start: ref.location, end, replacement: all.join(', ') });
      continue;
    }
    const c = column(ref.column)!;
    const unchanged = c.plain === ref.column && (ref.fields.length === 1 || ref.fields.length === 2);
    if (unchanged) continue;
    const as_ = topLevel.has(ref.location) ? ` AS ${quoteIdent(ref.column)}` : '';
    splices.push({ start: ref.location, end, replacement: sqlOf(ref.column, ref.qualifier) + as_ });
  }

  if (kind === 'DeleteStmt') return { splices, checks: input.checks, cascaded: input.cascaded };
  const checks = [
    ...(where && (view.checkOption || input.cascaded) ? [{ view: view.name, condition: where }] : []),
    ...input.checks.map((c) => ({ view: c.view, condition: remapCheck(c.condition, alias, view) })),
  ];
  return { splices, checks, cascaded: input.cascaded || view.checkOption === 'cascaded' };
}

/** A view expression's text with its references to the view's relation qualified by `qualifier`. */
function requalified(view: ViewDefinition, node: unknown, qualifier: string): string {
  const range = nodeRange(view.tokens, node);
  if (!range) return '';
  const all = new Set<string>();
  const collect = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(collect);
    if (!n || typeof n !== 'object') return;
    const ref = as(n, 'ColumnRef');
    if (ref) all.add(names(ref.fields).at(-1)!);
    Object.values(n).forEach(collect);
  };
  collect(node);
  const refs = relationRefs([node], { rangeVar: view.base!, columns: [...all], others: [] }, () => null);
  const splices = refs.map((r) => ({
    start: r.location - range.start,
    end: qualifiedNameEnd(view.tokens, r.location) - range.start,
    replacement: `${qualifier}.${quoteIdent(r.column)}`,
  }));
  return applySplices(view.text.slice(range.start, range.end), splices).text;
}

/** An outer view's check, over this view's columns (`"v"."cid"`), → over this view's relation (`"v"."customer_id"`). */
function remapCheck(condition: string, alias: string, view: ViewDefinition): string {
  const text = `SELECT ${condition}`;
  const tokens = scanTokens(text);
  const ast = as(parseOne(text), 'SelectStmt')!;
  const refs = relationRefs(
    ast.targetList ?? [],
    { rangeVar: { relname: alias, location: 0 }, columns: view.columns.map((c) => c.name), others: [] },
    () => null,
  );
  const splices = refs.map((r) => {
    const c = view.columns.find((x) => x.name === r.column)!;
    const replacement =
      c.plain !== null
        ? `${quoteIdent(alias)}.${quoteIdent(c.plain)}`
        : `(${requalified(view, c.node, quoteIdent(alias))})`;
    return { start: r.location, end: qualifiedNameEnd(tokens, r.location), replacement };
  });
  return applySplices(text, splices).text.slice('SELECT '.length);
}

/**
 * How many columns an INSERT's source gives: `values (1, 2)` → 2; `select 1, 2 union select 3, 4` → 2
 * (its first branch, `larg`, a SelectStmt's fields unwrapped in the tree); null when a `*` hides it.
 */
function insertWidth(s: SelectStmt): number | null {
  if (s.op && s.op !== 'SETOP_NONE') return s.larg ? insertWidth(s.larg) : null;
  if (s.valuesLists?.length) return as(s.valuesLists[0], 'List')?.items?.length ?? null;
  const targets = s.targetList ?? [];
  const star = targets.some((t) => names(as(as(t, 'ResTarget')?.val, 'ColumnRef')?.fields).includes('*'));
  return star ? null : targets.length;
}

/** `insert into v as g (...)`: the end of `g`. */
function aliasEnd(tokens: readonly ScanToken[], nameEnd: number): number {
  const i = tokens.findIndex((t) => t.start >= nameEnd);
  const j = /^as$/i.test(tokens[i]?.text ?? '') ? i + 1 : i;
  return tokens[j]?.end ?? nameEnd;
}

function unique(refs: readonly RelationRef[]): RelationRef[] {
  const seen = new Set<number>();
  return refs.filter((r) => !seen.has(r.location) && seen.add(r.location));
}
