import type { WireError } from '../api/wire';
import type { RunView } from '../state/run-view';

/** Postgres's `query_canceled`: what a statement stopped by Cancel (or Esc) ends with. */
export const CANCELLED_SQLSTATE = '57014';

/** Whether an error is the user's cancel, not a failure (no error marker, "cancelled" in history). */
export function isCancellation(error: Pick<WireError, 'sqlstate'> | null | undefined): boolean {
  return error?.sqlstate === CANCELLED_SQLSTATE;
}

/** What a cancelled run had spent on the statement it stopped. */
export interface CancelledCost {
  readonly statementIndex: number;
  /** RCU the stopped statement had consumed; null when nothing says (a run restored without it). */
  readonly consumedRcu: number | null;
  /** Items it had scanned (the last progress report), when it reported any. */
  readonly itemsScanned: number | null;
  /** False until the server's answer came: the figures are the last progress report's. */
  readonly final: boolean;
}

/**
 * A cancelled run's cost: the server's figure (`error.consumedRcu`) once it answered, the last
 * progress report's before. `{ status: 'cancelled', error: { sqlstate: '57014', statementIndex: 1,
 * consumedRcu: 12.5 } }` → `{ statementIndex: 1, consumedRcu: 12.5, final: true, ... }`.
 */
export function cancelledCost(run: RunView): CancelledCost | null {
  if (run.status !== 'cancelled') return null;
  const answered = isCancellation(run.error) ? run.error : null;
  const p = run.progress;
  const statementIndex = answered?.statementIndex ?? p?.statementIndex ?? run.statements.length;
  const reported = p && p.statementIndex === statementIndex ? p : null;
  return {
    statementIndex,
    consumedRcu: answered ? (answered.consumedRcu ?? null) : (reported?.consumedRcu ?? 0),
    itemsScanned: reported?.itemsScanned ?? null,
    final: answered !== null,
  };
}
