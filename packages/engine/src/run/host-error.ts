import { EngineError, SqlState } from '../errors';
import { isHostError } from '../host/host';

/** A host (Postgres) error → EngineError, its position mapped back to what the user wrote. */
export function hostError(e: unknown, toOriginal: (p: number) => number = (p) => p): EngineError {
  if (e instanceof EngineError) return e;
  if (isHostError(e)) {
    const pos = e.position === undefined || e.position === '' ? undefined : Number(e.position);
    // The host reads a foreign table only where the engine did not rewrite it: inside a function's body.
    const unreached = /^foreign-data wrapper ".*" has no handler$/.test(e.message);
    return new EngineError(
      e.code ?? SqlState.internalError,
      unreached
        ? `${e.message}: a foreign table is read where the engine cannot rewrite the statement (inside a function or a trigger)`
        : e.message,
      {
        ...(pos !== undefined && !Number.isNaN(pos) && { position: toOriginal(pos) }),
        ...(e.detail && { detail: e.detail }),
        ...(unreached
          ? {
              hint: 'read foreign tables in the statement itself; views, materialized views, PREPARE and cursors over them work',
            }
          : e.hint && { hint: e.hint }),
      },
    );
  }
  return new EngineError(SqlState.internalError, (e as Error)?.message ?? String(e), { cause: e });
}
