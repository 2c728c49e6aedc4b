import type { ColumnDef } from '../../catalog/foreign-table';
import { splitConjuncts } from '../../bind/levels';
import { refName } from '../../bind/range-vars';
import { starColumns, visibleColumns } from '../../bind/visible-columns';
import { isDirectType } from '../../load/direct-cell';
import { as, names } from '../../parse/ast';
import type { ShapeSession } from './pushed-shapes';
import type { SelectShape } from './select-shape';
import type { DirectJoin, JoinColumn, PlannedScan } from './statement-plan';

const TEXT = new Set(['text', 'varchar']);
/** Types whose join key values compare as numbers (run/direct-join.ts gives equal numbers one spelling). */
export const NUMBER = new Set(['int2', 'int4', 'int8', 'numeric']);
/** Collations under which `=` on text is byte equality (every deterministic one is; these are known to be). */
const BYTE_EQUAL = new Set([null, 'default', 'C', 'POSIX']);

/**
 * `select a.x, b.y, ... from a join b on a.k = b.k [and ...] [where <conjuncts DynamoDB evaluates exactly>]`
 * — an inner equi-join of two foreign relations that needs nothing but the items: it is answered by the
 * engine's hash join (run/direct-join.ts), with no temp table and no host round trip. Anything more (outer joins, expressions,
 * ORDER BY, aggregates, a conjunct evaluated locally, a type whose equality or output — under the
 * session's settings — is not exactly reproducible) returns null and runs in the host.
 */
export function directJoinShape(
  shape: SelectShape,
  scans: readonly PlannedScan[],
  session: ShapeSession,
): DirectJoin | null {
  if (!shape.plain || scans.length !== 2 || shape.ordered || shape.limited) return null;
  const s = shape.stmt;
  const from = Array.isArray(s.fromClause) ? s.fromClause : [];
  let relations: unknown[];
  let quals: unknown = undefined;
  if (from.length === 2) relations = from;
  else {
    const j = as(from[0], 'JoinExpr');
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

  const resolve = (fields: readonly string[]): { side: 0 | 1; def: ColumnDef } | null => {
    const found: { side: 0 | 1; def: ColumnDef }[] = [];
    for (const [side, scan] of [
      [0, a],
      [1, b],
    ] as const) {
      const def = visibleColumns(scan.occurrence.rangeVar, scan.occurrence.table.columns).get(fields.at(-1)!);
      if (!def) continue;
      if (fields.length === 1 || (fields.length === 2 && fields[0] === refName(scan.occurrence.rangeVar)))
        found.push({ side, def });
    }
    return found.length === 1 ? found[0]! : null;
  };

  // Every conjunct is a key equality, or a predicate its relation's read evaluates exactly.
  const keys: { left: ColumnDef; right: ColumnDef }[] = [];
  for (const c of [...splitConjuncts(s.whereClause), ...splitConjuncts(quals)]) {
    const e = as(c, 'A_Expr');
    if (e?.kind !== 'AEXPR_OP' || names(e.name).join() !== '=') continue;
    const l = as(e.lexpr, 'ColumnRef');
    const r = as(e.rexpr, 'ColumnRef');
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
  for (const t of shape.targets) {
    if (t.kind === 'other') return null;
    if (t.kind === 'star') {
      const q = t.qualifier;
      const sides = q.length === 0 ? [a, b] : [a, b].filter((x) => refName(x.occurrence.rangeVar) === q[0]);
      if (q.length > 1 || !sides.length) return null;
      // `select *` lists the FROM items in their written order.
      const ordered = q.length === 0 && rvs[0] === b.occurrence.rangeVar ? [b, a] : sides;
      for (const scan of ordered)
        columns.push(
          ...starColumns(scan.occurrence.rangeVar, scan.occurrence.table.columns).map((c) => ({
            ...c,
            side: scan === a ? (0 as const) : (1 as const),
          })),
        );
      continue;
    }
    const col = resolve(t.fields);
    if (!col) return null;
    columns.push({ ...col, name: t.name ?? t.fields.at(-1)! });
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
