import { EngineError, SqlState, cancelledError } from '../errors';
import type { EngineErrorInfo } from '../types';
import { statementTimeoutError, timedOut } from '../session/statement-timeout';
import { hostError } from './host-error';

/**
 * A script's failed statement as the script's error: its SQLSTATE and message, its index, and its
 * position counted in the whole script (`charsBefore`: the characters before the statement, its
 * ParsedStatement.charsBefore); a statement stopped by the caller's signal is `57014` whatever it
 * raised on the way out (an aborted request fails in many ways: `aborted`, a reset) — `due to
 * statement timeout` when its statement_timeout stopped it (session/statement-timeout.ts), keeping a
 * write's count of rows written; `due to user request` otherwise.
 */
export function statementError(
  e: unknown,
  index: number,
  charsBefore: number,
  signal?: AbortSignal,
): EngineErrorInfo {
  const err = e instanceof EngineError ? e : hostError(e);
  if (timedOut(signal)) return statementTimeoutError(err).toInfo(index);
  if (signal?.aborted && err.sqlstate !== SqlState.queryCanceled) return cancelledError().toInfo(index);
  const info = err.toInfo(index);
  return { ...info, ...(info.position !== undefined && { position: info.position + charsBefore }) };
}
