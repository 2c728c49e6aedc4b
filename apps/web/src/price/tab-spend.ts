/** Read and write units consumed, as priced. */
export interface Units {
  readonly rcu: number;
  readonly wcu: number;
}

/**
 * What each editor tab (a session) has consumed so far, by run: a run's figures are replaced as its
 * later pages add to them, so the tab's total counts each run once.
 *   record('t1', 'r1', { rcu: 1, wcu: 0 }); record('t1', 'r1', { rcu: 3, wcu: 0 });
 *   record('t1', 'r2', { rcu: 0.5, wcu: 2 }) → total('t1') = { rcu: 3.5, wcu: 2 }
 */
export class TabSpend {
  private readonly runs = new Map<string, Map<string, Units>>();

  /** Records a run's figures (again: replaced) and gives the tab's total with them. */
  record(tab: string, run: string, units: Units): Units {
    let byRun = this.runs.get(tab);
    if (!byRun) this.runs.set(tab, (byRun = new Map()));
    byRun.set(run, units);
    return this.total(tab);
  }

  total(tab: string): Units {
    let rcu = 0;
    let wcu = 0;
    for (const u of this.runs.get(tab)?.values() ?? []) {
      rcu += u.rcu;
      wcu += u.wcu;
    }
    return { rcu, wcu };
  }
}

/** A run's units: its statements' consumed RCU (pages loaded so far included) and their writes' WCU. */
export function runUnits(run: {
  readonly statements: readonly {
    readonly consumedRcu: number;
    readonly stmt: { readonly plan: { readonly write?: { readonly consumedWcu: number } } | null };
  }[];
}): Units {
  return run.statements.reduce(
    (u, s) => ({ rcu: u.rcu + s.consumedRcu, wcu: u.wcu + (s.stmt.plan?.write?.consumedWcu ?? 0) }),
    { rcu: 0, wcu: 0 },
  );
}

/** The app's one record of what its tabs spent (kept for the page's life). */
export const tabSpend = new TabSpend();
