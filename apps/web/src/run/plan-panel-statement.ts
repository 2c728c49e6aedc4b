import type { WireStatement } from '../api/wire';
import type { RunView } from '../state/run-view';

/** What the plan panel shows for a tab's run, and as what. */
export interface PlanPanelStatement {
  readonly statement: WireStatement | null;
  readonly mode: 'preview' | 'explain' | 'result';
}

/**
 * While a run runs: the cost guard's plan of the statement in progress (a preview). Afterwards:
 * the selected statement's plan, or the last one's when the failing statement is selected.
 */
export function planPanelStatement(run: RunView | null): PlanPanelStatement {
  if (run?.status === 'running' && run.kind === 'run') {
    return { statement: run.preview[run.progress?.statementIndex ?? 0] ?? null, mode: 'preview' };
  }
  const statement = run ? ((run.statements[run.activeIndex] ?? run.statements.at(-1))?.stmt ?? null) : null;
  return { statement, mode: run?.kind === 'explain' ? 'explain' : 'result' };
}
