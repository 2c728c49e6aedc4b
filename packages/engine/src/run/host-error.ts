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
 * A host error about the temp tables a statement's items were loaded into (or its rows staged in),
 * naming the relations the statement names instead, as Postgres's would: `null value in column
 * "user_id" of relation "__ds_19"` → `... of relation "users"`, `operator does not exist: __ds_3 =
 * integer` (a whole-row reference, whose type is the temp table's row type) → `things = integer`.
 * Any other error is returned as it is.
 */
export function namingRelation<E>(
  e: E,
  names:
    | { readonly staged: string; readonly shown: string }
    | readonly { readonly staged: string; readonly shown: string }[],
): E {
  // A scan with no temp table (answered from its items) has none to rename.
  const renames = (Array.isArray(names) ? names : [names]).filter((n) => n.staged && n.staged !== n.shown);
  if (!(e instanceof EngineError) || !renames.length) return e;
  // As a relation's, table's or type's quoted name, or as a bare word; not any quoted text, which
  // may be a value (`invalid input syntax for type bigint: "__ds_1"` quotes the user's).
  const rename = (text: string) =>
    renames.reduce((t, n) => {
      const name = escapeRegExp(n.staged);
      return t
        .replace(
          new RegExp(`\\b(relation|table|type) "${name}"`, 'g'),
          (_m: string, what: string) => `${what} "${n.shown}"`,
        )
        .replace(new RegExp(`(?<![\\w$"])${name}(?![\\w$"])`, 'g'), () => n.shown);
    }, text);
  const message = rename(e.message);
  const detail = e.detail === undefined ? undefined : rename(e.detail);
  if (message === e.message && detail === e.detail) return e;
  const renamed = new EngineError(e.sqlstate, message, {
    ...(e.position !== undefined && { position: e.position }),
    ...(detail !== undefined && { detail }),
    ...(e.hint !== undefined && { hint: e.hint }),
    ...(e.context !== undefined && { context: e.context }),
    cause: e,
  });
  return renamed as E;
}

/** The temp tables of a statement's scans and the relations they stand for (namingRelation). */
export function scanNames(
  scans: readonly {
    readonly tempTable: string;
    readonly occurrence: { readonly table: { readonly name: string } };
  }[],
): { staged: string; shown: string }[] {
  return scans.map((s) => ({ staged: s.tempTable, shown: s.occurrence.table.name }));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
