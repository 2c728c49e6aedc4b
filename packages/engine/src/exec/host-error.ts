import { EngineError, SqlState } from '../errors';
import { isHostError } from '../host/host';

/** A host (Postgres) error → EngineError, its position mapped back to what the user wrote. */
export function hostError(e: unknown, toOriginal: (p: number) => number = (p) => p): EngineError {
  if (e instanceof EngineError) return e;
  if (isHostError(e)) {
    const pos = e.position === undefined || e.position === '' ? undefined : Number(e.position);
    return new EngineError(e.code ?? SqlState.internalError, e.message, {
      ...(pos !== undefined && !Number.isNaN(pos) && { position: toOriginal(pos) }),
      ...(e.detail && { detail: e.detail }),
      ...(e.hint && { hint: e.hint }),
    });
  }
  return new EngineError(SqlState.internalError, (e as Error)?.message ?? String(e), { cause: e });
}
