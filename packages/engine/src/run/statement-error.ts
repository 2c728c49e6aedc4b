import { EngineError, SqlState, cancelledError } from '../errors';
import type { EngineErrorInfo } from '../types';
import { cancelled, statementTimeoutError, timedOut } from '../session/statement-timeout';
import { hostError } from './host-error';

/**
 * A script's failed statement as the script's error: its SQLSTATE and message, its index, and its
 * position counted in the whole script (`start`: where the statement begins); a statement stopped by
 * the caller's signal is `57014` whatever it raised on the way out (`due to user request`); one its
 * statement_timeout stopped says `due to statement timeout` (session/statement-timeout.ts), and an
 * error of its own that came first (a write's) stays that error.
 */
export function statementError(
  e: unknown,
  index: number,
  start: number,
  signal?: AbortSignal,
): EngineErrorInfo {
  const err = e instanceof EngineError ? e : hostError(e);
  if (timedOut(signal)) {
    if (cancelled(e) || cancelled(err)) return statementTimeoutError(err).toInfo(index);
  } else if (signal?.aborted && err.sqlstate !== SqlState.queryCanceled)
    return cancelledError().toInfo(index);
  const info = err.toInfo(index);
  return { ...info, ...(info.position !== undefined && { position: info.position + start }) };
}
