import { EngineError, SqlState } from '../errors';
import { isHostError } from '../host/host';

/** A host (Postgres) error → EngineError, its position mapped back to what the user wrote. */
export function hostError(e: unknown, toOriginal: (p: number) => number = (p) => p): EngineError {
  if (e instanceof EngineError) return e;
  if (isHostError(e)) {
    const pos = e.position === undefined || e.position === '' ? undefined : Number(e.position);
    // The host reads a foreign table only where the engine did not rewrite it: a function called by a
    // column default, a constraint or an index expression, not by the statement.
    const unreached = /^foreign-data wrapper ".*" has no handler$/.test(e.message);
    return new EngineError(
      e.code ?? SqlState.internalError,
      unreached
        ? `${e.message}: a foreign table is read where the engine cannot rewrite the statement (a function called by a column default, a constraint or an index)`
        : e.message,
      {
        ...(pos !== undefined && !Number.isNaN(pos) && { position: toOriginal(pos) }),
        ...(e.detail && { detail: e.detail }),
        ...(unreached
          ? {
              hint: 'read foreign tables in the statement itself, or in SQL functions it calls; views, materialized views, PREPARE and cursors over them work',
            }
          : e.hint && { hint: e.hint }),
      },
    );
  }
  return new EngineError(SqlState.internalError, (e as Error)?.message ?? String(e), { cause: e });
}

/**
 * A host error about the temp table a statement's rows were staged in, naming the relation the
 * statement names instead, as Postgres's would: `null value in column "user_id" of relation
 * "__ds_19"` → `... of relation "users"`. Any other error is returned as it is.
 */
export function namingRelation<E>(e: E, names: { readonly staged: string; readonly shown: string }): E {
  if (!(e instanceof EngineError) || names.staged === names.shown) return e;
  const staged = `relation "${names.staged}"`;
  if (!e.message.includes(staged) && !e.detail?.includes(staged)) return e;
  const shown = `relation "${names.shown}"`;
  const renamed = new EngineError(e.sqlstate, e.message.replaceAll(staged, shown), {
    ...(e.position !== undefined && { position: e.position }),
    ...(e.detail !== undefined && { detail: e.detail.replaceAll(staged, shown) }),
    ...(e.hint !== undefined && { hint: e.hint }),
    ...(e.context !== undefined && { context: e.context }),
    cause: e,
  });
  return renamed as E;
}
