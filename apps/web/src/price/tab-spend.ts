import { consumedPrice, samplingRcu } from '@dynascope/contract';
import { cancelledCost } from '../run/cancellation';
import type { RunView } from '../state/run-view';

/** What something consumed and its price in USD (each part priced by its own table, as it ran). */
export interface Spend {
  readonly usd: number;
  readonly rcu: number;
  readonly wcu: number;
}

/** A run's spend: its statements' (what cancelled ones read included), and the cost guard's samples. */
export interface RunSpend {
  readonly statements: Spend;
  /** What the cost guard's EXPLAIN before the run read sampling tables for its estimates. */
  readonly estimateSamples: Spend;
}

/** A tab's total: its runs' statements, the cost guard's samples, and the samples completion read for it. */
export interface TabTotal extends Spend {
  readonly statements: Spend;
  readonly estimateSamples: Spend;
  /** Completion's attribute samples (a Scan of up to 100 items per table) made while the tab was active. */
  readonly samples: Spend & { readonly count: number };
}

const NOTHING: Spend = { usd: 0, rcu: 0, wcu: 0 };
const plus = (a: Spend, b: Spend): Spend => ({ usd: a.usd + b.usd, rcu: a.rcu + b.rcu, wcu: a.wcu + b.wcu });

/**
 * What each editor tab (a session) has spent so far: each run at its latest figures (a run's are
 * replaced as later pages add to them, so it counts once), priced as it ran (each statement by its
 * own tables and the settings then in force: the plans carry them), plus completion's samples.
 * The total is the sum of those prices, never a re-pricing of summed units.
 *   record('t1', 'r1', $0.01); record('t1', 'r1', $0.03); record('t1', 'r2', $0.005 + guard's sample $0.002);
 *   sampled('t1', $0.001) → total('t1').usd = 0.038
 */
export class TabSpend {
  private readonly runs = new Map<string, Map<string, RunSpend>>();
  private readonly samples = new Map<string, Spend & { count: number }>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  /** Records a run's spend (again: replaced) and gives the tab's total with it. Called while rendering: tells no one. */
  record(tab: string, run: string, spend: RunSpend): TabTotal {
    let byRun = this.runs.get(tab);
    if (!byRun) this.runs.set(tab, (byRun = new Map()));
    byRun.set(run, spend);
    return this.total(tab);
  }

  /** Counts a sample completion read for the tab, and tells the subscribers (the tab total on screen). */
  sampled(tab: string, spend: Spend): void {
    const s = this.samples.get(tab) ?? { ...NOTHING, count: 0 };
    this.samples.set(tab, { ...plus(s, spend), count: s.count + 1 });
    this.version++;
    for (const l of this.listeners) l();
  }

  total(tab: string): TabTotal {
    let statements = NOTHING;
    let estimateSamples = NOTHING;
    for (const r of this.runs.get(tab)?.values() ?? []) {
      statements = plus(statements, r.statements);
      estimateSamples = plus(estimateSamples, r.estimateSamples);
    }
    const samples = this.samples.get(tab) ?? { ...NOTHING, count: 0 };
    return { ...plus(plus(statements, estimateSamples), samples), statements, estimateSamples, samples };
  }

  /** For useSyncExternalStore: changes when a sample is counted. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  snapshot = (): number => this.version;
}

/**
 * A run's spend: each statement's consumed RCU (pages loaded so far included) and its write's WCU,
 * each statement priced by its scans' and write's tables (contract consumedPrice); a cancelled run's
 * stopped statement too (what it read before it stopped, priced with the plan the cost guard fetched
 * for it, else on-demand in us-east-1: cancellation.ts), and what that plan's EXPLAIN sampled.
 */
export function runSpend(
  run: Pick<RunView, 'statements'> & Partial<Pick<RunView, 'status' | 'error' | 'progress' | 'preview'>>,
): RunSpend {
  const ran = run.statements.reduce((sum, s) => {
    const price = consumedPrice(s.stmt.plan, s.consumedRcu);
    return plus(sum, { usd: price.usd, rcu: s.consumedRcu, wcu: s.stmt.plan?.write?.consumedWcu ?? 0 });
  }, NOTHING);
  // The cost guard's EXPLAIN before the run sampled tables for its estimates: a read of its own.
  const estimateSamples = (run.preview ?? []).reduce((sum, p) => {
    const scans = (p?.plan?.scans ?? []).map((s) => ({ ...s, consumedRcu: 0 }));
    const rcu = samplingRcu(p?.plan ?? null);
    return rcu ? plus(sum, { usd: consumedPrice({ scans }, rcu).usd, rcu, wcu: 0 }) : sum;
  }, NOTHING);
  const stopped = run.status === 'cancelled' ? cancelledCost(run as RunView) : null;
  if (!stopped?.consumedRcu) return { statements: ran, estimateSamples };
  // What it read is known in all, not by scan: priced at the dearest of the planned scans' tables.
  const planned = (run.preview?.[stopped.statementIndex]?.plan?.scans ?? []).map((s) => ({
    ...s,
    consumedRcu: 0,
    samplingRcu: 0,
  }));
  const price = consumedPrice({ scans: planned }, stopped.consumedRcu);
  return { statements: plus(ran, { usd: price.usd, rcu: stopped.consumedRcu, wcu: 0 }), estimateSamples };
}

/** The app's one record of what its tabs spent (kept for the page's life). */
export const tabSpend = new TabSpend();
