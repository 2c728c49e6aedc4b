import type { ColumnDef } from '../catalog/foreign-table';
import { qualifiedName } from '../catalog/foreign-table';
import { splitConjuncts } from '../bind/levels';
import { refName } from '../bind/range-vars';
import type { Item } from '../fetch/read-pages';
import { itemCell, isDirectType } from '../load/direct-cell';
import { as, names } from '../parse/ast';
import { normalizeNumber } from '../util/decimal';
import type { Cell } from '../types';
import type { StatementContext } from './context';
import { loadInJoinOrder } from './join-restriction';
import { readScan } from './load-scan';
import type { DirectJoin, HashJoinPlan, JoinColumn, PlannedScan } from '../plan/statement/statement-plan';
import type { ShapeSession } from '../plan/statement/pushed-shapes';
import { selectShape } from '../plan/statement/select-shape';

const TEXT = new Set(['text', 'varchar']);
const NUMBER = new Set(['int2', 'int4', 'int8', 'numeric']);
/** Collations under which `=` on text is byte equality (every deterministic one is; these are known to be). */
const BYTE_EQUAL = new Set([null, 'default', 'C', 'POSIX']);

/**
 * `select a.x, b.y, ... from a join b on a.k = b.k [and ...] [where <conjuncts DynamoDB evaluates exactly>]`
 * — an inner equi-join of two foreign relations that needs nothing but the items: it is answered by a
 * hash join here, with no temp table and no host round trip. Anything more (outer joins, expressions,
 * ORDER BY, aggregates, a conjunct evaluated locally, a type whose equality or output — under the
 * session's settings — is not exactly reproducible) returns null and runs in the host.
 */
export function directJoinShape(
  ast: unknown,
  scans: readonly PlannedScan[],
  session: ShapeSession,
): DirectJoin | null {
  const shape = selectShape(ast);
  if (!shape?.plain || scans.length !== 2 || shape.ordered || shape.limited) return null;
  const s = shape.stmt;
  const from = Array.isArray(s.fromClause) ? s.fromClause : [];
  let relations: unknown[];
  let quals: unknown = undefined;
  if (from.length === 2) relations = from;
  else {
    const j = as<{
      jointype: string;
      isNatural?: boolean;
      usingClause?: unknown;
      larg: unknown;
      rarg: unknown;
      quals?: unknown;
      alias?: unknown;
    }>(from[0], 'JoinExpr');
    if (from.length !== 1 || !j || j.jointype !== 'JOIN_INNER' || j.isNatural || j.usingClause || j.alias)
      return null;
    relations = [j.larg, j.rarg];
    quals = j.quals;
  }
  const [a, b] = scans as [PlannedScan, PlannedScan];
  const rvs = relations.map((r) => as(r, 'RangeVar') as unknown);
  if (
    !(rvs[0] === a.occurrence.rangeVar && rvs[1] === b.occurrence.rangeVar) &&
    !(rvs[0] === b.occurrence.rangeVar && rvs[1] === a.occurrence.rangeVar)
  )
    return null;

  const resolve = (fields: string[]): { side: 0 | 1; def: ColumnDef } | null => {
    const found: { side: 0 | 1; def: ColumnDef }[] = [];
    for (const [side, scan] of [
      [0, a],
      [1, b],
    ] as const) {
      const def = scan.occurrence.table.columns.find((c) => c.name === fields.at(-1));
      if (!def) continue;
      if (fields.length === 1 || (fields.length === 2 && fields[0] === refName(scan.occurrence.rangeVar)))
        found.push({ side, def });
    }
    return found.length === 1 ? found[0]! : null;
  };

  // Every conjunct is a key equality, or a predicate its relation's read evaluates exactly.
  const keys: { left: ColumnDef; right: ColumnDef }[] = [];
  for (const c of [...splitConjuncts(s.whereClause), ...splitConjuncts(quals)]) {
    const e = as<{ kind: string; name: unknown[]; lexpr: unknown; rexpr: unknown }>(c, 'A_Expr');
    if (e?.kind !== 'AEXPR_OP' || names(e.name).join() !== '=') continue;
    const l = as<{ fields: unknown[] }>(e.lexpr, 'ColumnRef');
    const r = as<{ fields: unknown[] }>(e.rexpr, 'ColumnRef');
    const lc = l && resolve(names(l.fields));
    const rc = r && resolve(names(r.fields));
    if (!lc || !rc || lc.side === rc.side) continue;
    const [left, right] = lc.side === 0 ? [lc.def, rc.def] : [rc.def, lc.def];
    if (!comparable(left, right)) return null;
    keys.push({ left, right });
  }
  if (!keys.length) return null;
  for (const scan of scans) {
    if (!scan.access.pushdown.exact || scan.access.fetchBack) return null;
    // The key equalities are this relation's only residual conjuncts (they are the join's to check).
    const residual = scan.occurrence.predicates.filter((p) => p.kind === 'residual');
    if (residual.length !== keys.length || scan.plan.residual.length !== keys.length) return null;
  }
  const joinSql = new Set(a.occurrence.predicates.filter((p) => p.kind === 'residual').map((p) => p.sql));
  if (!b.occurrence.predicates.filter((p) => p.kind === 'residual').every((p) => joinSql.has(p.sql)))
    return null;
  const conjuncts = splitConjuncts(s.whereClause).length + splitConjuncts(quals).length;
  const own = scans.reduce(
    (n, scan) => n + scan.occurrence.predicates.filter((p) => p.kind !== 'residual').length,
    0,
  );
  if (conjuncts !== keys.length + own) return null;

  const columns: JoinColumn[] = [];
  for (const t of s.targetList as unknown[]) {
    const target = as<{ name?: string; val: unknown; indirection?: unknown }>(t, 'ResTarget');
    const ref = as<{ fields: unknown[] }>(target?.val, 'ColumnRef');
    if (!target || !ref || target.indirection) return null;
    const f = names(ref.fields);
    if (f.at(-1) === '*') {
      const sides = f.length === 1 ? [a, b] : [a, b].filter((x) => refName(x.occurrence.rangeVar) === f[0]);
      if (f.length > 2 || !sides.length) return null;
      // `select *` lists the FROM items in their written order.
      const ordered = f.length === 1 && rvs[0] === b.occurrence.rangeVar ? [b, a] : sides;
      for (const scan of ordered)
        columns.push(
          ...scan.occurrence.table.columns.map((def) => ({
            side: scan === a ? (0 as const) : (1 as const),
            def,
            name: def.name,
          })),
        );
      continue;
    }
    const col = resolve(f);
    if (!col) return null;
    columns.push({ ...col, name: target.name ?? col.def.name });
  }
  if (!columns.every((c) => isDirectType(c.def, session.settings))) return null;
  return { columns, keys, condition: [...joinSql].join(' AND ') };
}

/** Whether `=` between the two columns is exactly an equality of the key strings made below. */
function comparable(l: ColumnDef, r: ColumnDef): boolean {
  const text = (c: ColumnDef) => TEXT.has(c.typname) && c.typmod < 0 && BYTE_EQUAL.has(c.collation);
  const number = (c: ColumnDef) => NUMBER.has(c.typname) && (c.typname !== 'numeric' || c.typmod < 0);
  return (text(l) && text(r)) || (number(l) && number(r));
}

/** A number's value as one string: `1.50` and `1.5`, `-0` and `0`, `007` and `7` are equal. */
export function numericKey(text: string): string {
  return normalizeNumber(text) ?? text;
}

/**
 * Reads both relations — the cheaper first, the other restricted by the key values read — and joins
 * the items in memory: rows exactly as the host would output them, in no particular order (as SQL
 * without ORDER BY).
 */
export async function runDirectJoin(ctx: StatementContext, prepared: HashJoinPlan): Promise<Cell[][]> {
  const join = prepared.join;
  const [a, b] = prepared.scans as [PlannedScan, PlannedScan];
  // By occurrence: a join may read a relation as re-planned (a copy of its scan).
  const items = new Map<object, Item[]>([
    [a.occurrence, []],
    [b.occurrence, []],
  ]);
  await loadInJoinOrder(
    ctx,
    prepared,
    (scan, collect, collectLimit) =>
      readScan(ctx, scan, async (page) => void items.get(scan.occurrence)!.push(...page), {
        collect,
        collectLimit,
      }),
    // A restricted read must still evaluate everything it is given: there is no host to finish it.
    (replanned) =>
      replanned.access.pushdown.exact &&
      !replanned.access.fetchBack &&
      replanned.plan.residual.length === join.keys.length,
  );
  const cell = (scan: PlannedScan) => {
    const table = scan.occurrence.table;
    const context = { relation: qualifiedName(table), keyNames: scan.keyNames };
    return (item: Item, def: ColumnDef): Cell => itemCell(item, def, table.columns, context);
  };
  const cellOf = [cell(a), cell(b)] as const;
  const keyOf = (side: 0 | 1, item: Item): string | null => {
    const parts: string[] = [];
    for (const k of join.keys) {
      const def = side === 0 ? k.left : k.right;
      const v = cellOf[side](item, def);
      if (v === null) return null;
      parts.push(NUMBER.has(def.typname) ? numericKey(String(v)) : String(v));
    }
    return JSON.stringify(parts);
  };
  // Build on the side with fewer items, probe with the other.
  const [build, probe] =
    items.get(a.occurrence)!.length <= items.get(b.occurrence)!.length
      ? ([0, 1] as const)
      : ([1, 0] as const);
  const table = new Map<string, Item[]>();
  for (const item of items.get((build === 0 ? a : b).occurrence)!) {
    const key = keyOf(build, item);
    if (key === null) continue;
    const list = table.get(key);
    if (list) list.push(item);
    else table.set(key, [item]);
  }
  const rows: Cell[][] = [];
  for (const item of items.get((probe === 0 ? a : b).occurrence)!) {
    const key = keyOf(probe, item);
    const matches = key === null ? undefined : table.get(key);
    if (!matches) continue;
    for (const other of matches) {
      const pair = probe === 0 ? [item, other] : [other, item];
      rows.push(join.columns.map((c) => cellOf[c.side](pair[c.side]!, c.def)));
    }
  }
  return rows;
}
