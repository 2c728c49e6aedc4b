import type { AccessPath, Plan, SavedQuery, SavedQueryCheck, ScanPlan } from '@dynascope/contract';
import { samplingRcu } from '@dynascope/contract';

/** What EXPLAIN of a saved query gave: its statements' plans, or the error it failed with. */
export interface Explained {
  readonly plans: readonly (Plan | null)[];
  readonly error?: { readonly message: string; readonly sqlstate?: string };
}

/**
 * Compares what EXPLAIN planned for a saved query with what the query declared it must stay.
 *   expect { paths: [{ relation: 'orders', operation: 'Query', index: 'by_customer' }], maxRcu: 10 }
 *   after `by_customer` was dropped, EXPLAIN plans a Scan of public.orders at ~146 RCU:
 *     problems: ['orders: expected Query on index by_customer, planned Scan (by_customer is not an
 *                 index the planner could use: dropped, or its key no longer matches)',
 *                'estimate ~146 RCU is over the ceiling of 10 RCU (public.orders: 1200 items)']
 * A relation matches by its name as written (`orders`), qualified (`public.orders`) or its alias.
 */
export function checkSavedQuery(query: SavedQuery, explained: Explained): SavedQueryCheck {
  const scans = explained.plans.flatMap((p) => p?.scans ?? []);
  const paths: AccessPath[] = scans.map((s) => ({
    relation: s.relation,
    operation: s.operation,
    index: s.index,
  }));
  const sampling = explained.plans.reduce((sum, p) => sum + samplingRcu(p), 0);
  if (explained.error) {
    const code = explained.error.sqlstate ? ` (${explained.error.sqlstate})` : '';
    return {
      name: query.name,
      ok: false,
      paths,
      estimatedRcu: null,
      samplingRcu: sampling,
      problems: [`EXPLAIN failed${code}: ${explained.error.message}`],
    };
  }
  const problems: string[] = [];
  for (const want of query.expect.paths ?? []) {
    const found = scans.filter((s) => matches(s, want.relation));
    if (!found.length) {
      problems.push(
        `${want.relation}: expected ${describe(want)}, but the plan no longer reads it from DynamoDB`,
      );
      continue;
    }
    for (const s of found.filter((s) => !meets(s, want))) {
      const wanted = want.index ?? null;
      const why =
        wanted !== null && want.index !== undefined && !s.alternatives.some((a) => a.index === wanted)
          ? ` (${wanted} is not an index the planner could use: dropped, or its key no longer matches)`
          : s.estimateNote
            ? ` (${s.estimateNote})`
            : '';
      problems.push(`${want.relation}: expected ${describe(want)}, planned ${describe(s)}${why}`);
    }
  }
  const known = scans.every((s) => s.estimatedRcu !== null);
  const estimatedRcu = known ? scans.reduce((sum, s) => sum + (s.estimatedRcu ?? 0), 0) : null;
  const ceiling = query.expect.maxRcu;
  if (ceiling !== undefined) {
    if (estimatedRcu === null)
      problems.push(`no estimate to hold to the ceiling of ${ceiling} RCU (a table's size is unknown)`);
    else if (estimatedRcu > ceiling) {
      const sizes = scans
        .filter((s) => s.tableItemCount !== undefined)
        .map((s) => `${s.relation}: ${s.tableItemCount} items`);
      problems.push(
        `estimate ~${round(estimatedRcu)} RCU is over the ceiling of ${ceiling} RCU${sizes.length ? ` (${sizes.join(', ')})` : ''}`,
      );
    }
  }
  return {
    name: query.name,
    ok: problems.length === 0,
    paths,
    estimatedRcu,
    samplingRcu: sampling,
    problems,
  };
}

function matches(scan: ScanPlan, relation: string): boolean {
  return scan.relation === relation || scan.relation.endsWith(`.${relation}`) || scan.alias === relation;
}

function meets(scan: ScanPlan, want: { operation: string; index?: string | null | undefined }): boolean {
  return scan.operation === want.operation && (want.index === undefined || scan.index === want.index);
}

function describe(path: { operation: string; index?: string | null | undefined }): string {
  return path.index ? `${path.operation} on index ${path.index}` : path.operation;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
