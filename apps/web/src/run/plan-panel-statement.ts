import { samplingRcu } from '@dynascope/contract';
import type { WireStatement } from '../api/wire';
import type { LoadedPages } from '../plan/scan-figures';
import type { RunView, StatementView } from '../state/run-view';

/** What the plan panel shows for a tab's run, and as what. */
export interface PlanPanelStatement {
  readonly statement: WireStatement | null;
  /** `failed` / `cancelled`: the plan (planned before the run) of the statement that did not finish. */
  readonly mode: 'preview' | 'explain' | 'result' | 'failed' | 'cancelled';
  /** Which statement of the script (0-based), when the panel shows one that did not finish. */
  readonly statementIndex?: number;
  /** The WCU its write preview estimated for the statement's write, when it was previewed. */
  readonly estimatedWcu?: number;
  /** What the cost guard's plan of it read to sample tables for estimates before the run (absent: nothing). */
  readonly guardSamplingRcu?: number;
  /** Set once pages after the first were loaded: all of them, as the result bar counts them. */
  readonly pages?: LoadedPages;
  /** `failed` / `cancelled`: the RCU the statement had consumed when it stopped (absent: not known). */
  readonly stoppedRcu?: number;
  /** `failed` / `cancelled`: the items it had scanned by its last progress report (absent: none came). */
  readonly stoppedItemsScanned?: number;
}

/** The statement's write estimate from its preview, as a field (absent when it was not previewed). */
function estimate(run: RunView, index: number): Pick<PlanPanelStatement, 'estimatedWcu'> {
  const wcu = run.estimatedWcu?.[index];
  return typeof wcu === 'number' ? { estimatedWcu: wcu } : {};
}

/** The statement's pages when later ones were loaded (`Load next page`), as a field. */
function loaded(view: StatementView | undefined): Pick<PlanPanelStatement, 'pages'> {
  return view && view.pages > 1
    ? { pages: { count: view.pages, consumedRcu: view.consumedRcu, more: view.cursor !== null } }
    : {};
}

/**
 * While a run runs: the cost guard's plan of the statement in progress (a preview). Afterwards:
 * the selected statement's plan; for the failing or cancelled statement, its own plan as planned
 * before the run (null when it was not planned), never another statement's. With each, the WCU the
 * write preview estimated for its write, if it was previewed; and the pages loaded after the first.
 */
export function planPanelStatement(run: RunView | null): PlanPanelStatement {
  if (run?.status === 'running' && run.kind === 'run') {
    const index = run.progress?.statementIndex ?? 0;
    return { statement: run.preview[index] ?? null, mode: 'preview', ...estimate(run, index) };
  }
  const stopped =
    run && (run.error || run.status === 'cancelled') && run.activeIndex >= run.statements.length;
  if (run && stopped) {
    const statementIndex = run.error?.statementIndex ?? run.statements.length;
    const reported = run.progress?.statementIndex === statementIndex ? run.progress : null;
    return {
      statement: run.preview[statementIndex] ?? null,
      mode: run.status === 'cancelled' ? 'cancelled' : 'failed',
      statementIndex,
      ...estimate(run, statementIndex),
      ...(run.error?.consumedRcu !== undefined && { stoppedRcu: run.error.consumedRcu }),
      ...(reported && { stoppedItemsScanned: reported.itemsScanned }),
    };
  }
  if (!run) return { statement: null, mode: 'result' };
  const index = run.statements[run.activeIndex] ? run.activeIndex : run.statements.length - 1;
  const guardSampling = samplingRcu(run.preview[index]?.plan ?? null);
  return {
    statement: run.statements[index]?.stmt ?? null,
    mode: run.kind === 'explain' ? 'explain' : 'result',
    ...estimate(run, index),
    ...(guardSampling > 0 && { guardSamplingRcu: guardSampling }),
    ...loaded(run.statements[index]),
  };
}
