import { EngineError, SqlState, type EngineErrorInfo } from '@dynascope/engine';
import type { WireError } from './backend-messages';

/** An engine error (with its script position shifted by `offset`) as ErrorResponse fields. */
export function wireError(error: EngineErrorInfo, offset = 0): WireError {
  return {
    code: error.sqlstate ?? SqlState.internalError,
    message: error.message,
    ...(error.detail !== undefined && { detail: error.detail }),
    ...(error.hint !== undefined && { hint: error.hint }),
    ...(error.position !== undefined && error.position > offset && { position: error.position - offset }),
    ...(error.context !== undefined && { where: error.context }),
    ...(error.diagnostics !== undefined && { diagnostics: error.diagnostics }),
  };
}

/** Anything thrown while serving a message: engine errors keep their fields, the rest say nothing of internals. */
export function thrownError(e: unknown): WireError {
  if (e instanceof EngineError) return wireError(e.toInfo());
  console.error(`pgwire: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  return { code: SqlState.internalError, message: 'internal error' };
}
