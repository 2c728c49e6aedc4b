import type { Outcome } from './differential-run';
import type { Check, RandomSelect } from './random-select';

/**
 * Compares the foreign table's answer to a generated statement with the host table's, as the
 * statement's check says (random-select.ts Check): null when they agree, else what differs, for people.
 * `base` is the host table's answer to `check.base` (`groups` and `subset` checks).
 *   rows ['["a",1]'] vs ['["a",1]', '["b",2]'], multiset → '1 rows, the host table 2'
 */
export function compareAnswers(
  q: RandomSelect,
  foreign: Outcome,
  local: Outcome,
  base: Outcome | null,
): string | null {
  if (!local.ok)
    return foreign.ok
      ? `the host table fails (${local.sqlstate} ${local.message}), the foreign table answers ${foreign.rows.length} rows`
      : foreign.sqlstate === local.sqlstate
        ? null
        : `SQLSTATE ${foreign.sqlstate} (${foreign.message}), the host table ${local.sqlstate} (${local.message})`;
  if (!foreign.ok)
    return `the foreign table fails (${foreign.sqlstate} ${foreign.message}), the host table answers ${local.rows.length} rows`;
  if (foreign.columns !== local.columns) return `columns ${foreign.columns}, the host table ${local.columns}`;
  const same = sameRow(q.floatColumns);
  const f = foreign.rows;
  const l = local.rows;
  const check: Check = q.check;
  switch (check.kind) {
    case 'multiset':
      return sameMultiset(f, l, same) ? null : rowsDiffer(f, l);
    case 'ordered':
      return f.length === l.length && f.every((row, i) => same(row, l[i]!)) ? null : rowsDiffer(f, l);
    case 'subset': {
      if (!base?.ok) return `the host table fails the statement without LIMIT/OFFSET`;
      const expected = Math.max(0, Math.min(check.limit ?? Infinity, base.rows.length - check.offset));
      if (f.length !== expected) return `${f.length} rows, expected ${expected} (of ${base.rows.length})`;
      return subMultiset(f, base.rows, same)
        ? null
        : `rows that the statement without LIMIT/OFFSET does not answer`;
    }
    case 'groups': {
      if ((check.cutFirst || check.cutLast) && !base?.ok)
        return `the host table fails the statement without LIMIT/OFFSET`;
      const [fr, lr] = [runs(f, check.keys), runs(l, check.keys)];
      const all = base?.ok ? new Map(runs(base.rows, check.keys).map((r) => [r.key, r.rows])) : null;
      if (
        fr.length !== lr.length ||
        fr.some((r, i) => r.key !== lr[i]!.key || r.rows.length !== lr[i]!.rows.length)
      )
        return `runs of ORDER BY keys ${describeRuns(fr)}, the host table ${describeRuns(lr)}`;
      for (let i = 0; i < fr.length; i++) {
        const cut = (i === 0 && check.cutFirst) || (i === fr.length - 1 && check.cutLast);
        const ok = cut
          ? subMultiset(fr[i]!.rows, all!.get(fr[i]!.key) ?? [], same)
          : sameMultiset(fr[i]!.rows, lr[i]!.rows, same);
        if (!ok)
          return `the rows of ORDER BY key ${fr[i]!.key} differ: ${rowsDiffer(fr[i]!.rows, lr[i]!.rows)}`;
      }
      return null;
    }
  }
}

/** Rows equal as JSON text, float columns within 1e-6 relative (random-select.ts floatColumns). */
function sameRow(floatColumns: readonly number[]): (a: string, b: string) => boolean {
  if (!floatColumns.length) return (a, b) => a === b;
  return (a, b) => {
    if (a === b) return true;
    const [x, y] = [JSON.parse(a) as unknown[], JSON.parse(b) as unknown[]];
    return (
      x.length === y.length &&
      x.every((v, i) => {
        const w = y[i];
        if (floatColumns.includes(i) && typeof v === 'number' && typeof w === 'number')
          return Math.abs(v - w) <= 1e-6 * Math.max(1, Math.abs(v), Math.abs(w));
        return JSON.stringify(v) === JSON.stringify(w);
      })
    );
  };
}

/** Every row of `part` matched with its own row of `whole`. */
function subMultiset(
  part: readonly string[],
  whole: readonly string[],
  same: (a: string, b: string) => boolean,
) {
  const left = [...whole];
  return part.every((row) => {
    const i = left.findIndex((w) => same(row, w));
    if (i < 0) return false;
    left.splice(i, 1);
    return true;
  });
}

function sameMultiset(a: readonly string[], b: readonly string[], same: (a: string, b: string) => boolean) {
  return a.length === b.length && subMultiset(a, b, same);
}

/** Consecutive rows with the same values in the key columns. */
function runs(rows: readonly string[], keys: readonly number[]): { key: string; rows: string[] }[] {
  const out: { key: string; rows: string[] }[] = [];
  for (const row of rows) {
    const cells = JSON.parse(row) as unknown[];
    const key = JSON.stringify(keys.map((k) => cells[k]));
    if (out.at(-1)?.key === key) out.at(-1)!.rows.push(row);
    else out.push({ key, rows: [row] });
  }
  return out;
}

const describeRuns = (rs: readonly { key: string; rows: readonly string[] }[]) =>
  rs.length > 12 ? `${rs.length} runs` : rs.map((r) => `${r.key}×${r.rows.length}`).join(' ');

/** The rows only one side has (the first few), for people. */
function rowsDiffer(foreign: readonly string[], local: readonly string[]): string {
  const only = (a: readonly string[], b: readonly string[]) => {
    const pool = new Map<string, number>();
    for (const r of b) pool.set(r, (pool.get(r) ?? 0) + 1);
    return a.filter((r) => {
      const n = pool.get(r) ?? 0;
      pool.set(r, n - 1);
      return n <= 0;
    });
  };
  const [f, l] = [only(foreign, local), only(local, foreign)];
  const head = (xs: string[]) =>
    xs.slice(0, 5).join('\n    ') + (xs.length > 5 ? `\n    … ${xs.length - 5} more` : '');
  if (!f.length && !l.length) return `the same rows in another order`;
  return (
    `${foreign.length} rows, the host table ${local.length}` +
    (f.length ? `\n  only the foreign table:\n    ${head(f)}` : '') +
    (l.length ? `\n  only the host table:\n    ${head(l)}` : '')
  );
}
