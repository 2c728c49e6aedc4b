import { EngineError, SqlState, cancelledError } from '../errors';
import type { EngineErrorInfo } from '../types';
import type { ParsedStatement } from '../parse/parse';
import { codePointCount } from '../parse/code-point-count';
import { statementTimeoutError, timedOut } from '../session/statement-timeout';
import { hostError } from './host-error';

/**
 * A script's failed statement as the script's error: its SQLSTATE and message, its index, and its
 * position counted in the whole script (scriptPosition); a statement stopped by the caller's signal
 * is `57014` whatever it raised on the way out (an aborted request fails in many ways: `aborted`, a
 * reset) — `due to statement timeout` when its statement_timeout stopped it
 * (session/statement-timeout.ts), keeping a write's count of rows written; `due to user request`
 * otherwise. Without `stmt` (the engine's own COMMIT of a block) an error has no position.
 */
export function statementError(
  e: unknown,
  index: number,
  stmt?: StatementText,
  signal?: AbortSignal,
): EngineErrorInfo {
  const err = e instanceof EngineError ? e : hostError(e);
  if (timedOut(signal)) return statementTimeoutError(err).toInfo(index);
  if (signal?.aborted && err.sqlstate !== SqlState.queryCanceled) return cancelledError().toInfo(index);
  const info = err.toInfo(index);
  if (info.position === undefined) return info;
  if (stmt) return { ...info, position: scriptPosition(info.position, stmt) };
  const { position: _, ...unplaced } = info;
  return unplaced;
}

/** Where a statement's text stands in its script. */
export type StatementText = Pick<ParsedStatement, 'text' | 'charsBefore'>;

/**
 * An error's position in a statement as Postgres reports it, the one place it becomes that:
 * characters (code points) of the whole script, 1-based. Until here every position in the engine is
 * a 1-based string index (UTF-16 code units) of the statement's text — as its AST's locations, its
 * splices' maps (bind/splice.ts) and the offsets added on the way out (a PREPARE's query, an
 * EXECUTE's arguments) are; a position from Postgres (the host's, the parser's) is made one where
 * it comes in (host/host-error-position.ts, parse/parse.ts), as it counts characters of its own text.
 *   `select '😀', nosuch` at string index 14 → 13
 */
export function scriptPosition(position: number, stmt: StatementText): number {
  return stmt.charsBefore + codePointCount(stmt.text, 0, position - 1) + 1;
}
