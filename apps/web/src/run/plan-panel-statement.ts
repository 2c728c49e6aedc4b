import type { WireStatement } from '../api/wire';
import type { RunView } from '../state/run-view';

/** What the plan panel shows for a tab's run, and as what. */
export interface PlanPanelStatement {
  readonly statement: WireStatement | null;
  /** `failed` / `cancelled`: the plan (planned before the run) of the statement that did not finish. */
  readonly mode: 'preview' | 'explain' | 'result' | 'failed' | 'cancelled';
  /** Which statement of the script (0-based), when the panel shows one that did not finish. */
  readonly statementIndex?: number;
}

/**
 * While a run runs: the cost guard's plan of the statement in progress (a preview). Afterwards:
 * the selected statement's plan; for the failing or cancelled statement, its own plan as planned
 * before the run (null when it was not planned), never another statement's.
 */
export function planPanelStatement(run: RunView | null): PlanPanelStatement {
  if (run?.status === 'running' && run.kind === 'run') {
    return { statement: run.preview[run.progress?.statementIndex ?? 0] ?? null, mode: 'preview' };
  }
  const stopped =
    run && (run.error || run.status === 'cancelled') && run.activeIndex >= run.statements.length;
  if (run && stopped) {
    const statementIndex = run.error?.statementIndex ?? run.statements.length;
    return {
      statement: run.preview[statementIndex] ?? null,
      mode: run.status === 'cancelled' ? 'cancelled' : 'failed',
      statementIndex,
    };
  }
  const statement = run ? ((run.statements[run.activeIndex] ?? run.statements.at(-1))?.stmt ?? null) : null;
  return { statement, mode: run?.kind === 'explain' ? 'explain' : 'result' };
}
