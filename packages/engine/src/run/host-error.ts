import { EngineError, SqlState } from '../errors';
import { isHostError, type HostError } from '../host/host';
import type { ErrorDiagnostics } from '../types';

/** A host (Postgres) error → EngineError, its position mapped back to what the user wrote. */
export function hostError(e: unknown, toOriginal: (p: number) => number = (p) => p): EngineError {
  if (e instanceof EngineError) return e;
  if (isHostError(e)) {
    const pos = e.position === undefined || e.position === '' ? undefined : Number(e.position);
    // The host reads a foreign table only where the engine did not rewrite it: a function called by a
    // column default, a constraint or an index expression, not by the statement; or a foreign
    // descendant of a table it reads, made before catalog/foreign-inheritance.ts refused them.
    const unreached = /^foreign-data wrapper ".*" has no handler$/.test(e.message);
    return new EngineError(
      e.code ?? SqlState.internalError,
      unreached
        ? `${e.message}: a foreign table is read where the engine cannot rewrite the statement (a function called by a column default, a constraint or an index, or a foreign partition or inheritance child of a table the statement reads)`
        : e.message,
      {
        ...(pos !== undefined && !Number.isNaN(pos) && { position: toOriginal(pos) }),
        ...(e.detail && { detail: e.detail }),
        ...(unreached
          ? {
              hint: 'read foreign tables in the statement itself, or in SQL functions it calls; views, materialized views, PREPARE and cursors over them work',
            }
          : e.hint && { hint: e.hint }),
        ...diagnosticsOf(e),
      },
    );
  }
  return new EngineError(SqlState.internalError, (e as Error)?.message ?? String(e), { cause: e });
}

const DIAGNOSTICS = [
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

/** A host error's other fields, as it gave them (`{ table: 't', column: 'a', routine: 'ExecConstraints', ... }`). */
function diagnosticsOf(e: HostError): { diagnostics?: ErrorDiagnostics } {
  const given = DIAGNOSTICS.filter((k) => typeof e[k] === 'string' && e[k] !== '');
  if (!given.length) return {};
  return { diagnostics: Object.fromEntries(given.map((k) => [k, e[k]])) as ErrorDiagnostics };
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
  const diagnostics = renamedDiagnostics(e.diagnostics, renames);
  if (message === e.message && detail === e.detail && diagnostics === e.diagnostics) return e;
  const renamed = new EngineError(e.sqlstate, message, {
    ...(e.position !== undefined && { position: e.position }),
    ...(detail !== undefined && { detail }),
    ...(e.hint !== undefined && { hint: e.hint }),
    ...(e.context !== undefined && { context: e.context }),
    ...(diagnostics !== undefined && { diagnostics }),
    cause: e,
  });
  return renamed as E;
}

/**
 * The diagnostics of an error about a temp table, naming the relation the statement names: its table
 * (or row type), without the temp schema (the foreign table's is not known here).
 *   { schema: 'pg_temp_3', table: '__ds_19', column: 'user_id' } → { table: 'users', column: 'user_id' }
 */
function renamedDiagnostics(
  diagnostics: ErrorDiagnostics | undefined,
  renames: readonly { readonly staged: string; readonly shown: string }[],
): ErrorDiagnostics | undefined {
  const shown = (name: string | undefined) => renames.find((n) => n.staged === name)?.shown;
  const table = shown(diagnostics?.table);
  const dataType = shown(diagnostics?.dataType);
  if (!diagnostics || (table === undefined && dataType === undefined)) return diagnostics;
  const { schema: _temp, ...rest } = diagnostics;
  return { ...rest, ...(table !== undefined && { table }), ...(dataType !== undefined && { dataType }) };
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
