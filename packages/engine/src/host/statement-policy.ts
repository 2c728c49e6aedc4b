import { EngineError, SqlState } from '../errors';
import { as, walk } from '../parse/ast';
import { parseScript } from '../parse/parse';

/**
 * Settings that would give user SQL back the embedded Postgres's superuser: the host authenticates
 * as its bootstrap superuser (PGlite has no other login), so Postgres lets any statement
 * `SET SESSION AUTHORIZATION` back to it. `role` only reaches roles the user role is a member of.
 */
const PRIVILEGED_SETTINGS = new Set(['session_authorization']);

function refuse(message: string, location: unknown, hint?: string): never {
  throw new EngineError(SqlState.insufficientPrivilege, message, {
    ...(typeof location === 'number' && location >= 0 && { position: location + 1 }),
    ...(hint && { hint }),
  });
}

/**
 * Refuses (42501, Postgres's words) what the user role's privileges cannot stop on their own:
 * setting `session_authorization` directly, in a function's SET clause or in a SQL function's body,
 * and CREATE EXTENSION. Everything else (file functions, ALTER SYSTEM, roles, COPY to files,
 * set_config, DO/plpgsql) the host refuses by the role's privileges (see user-role.ts).
 * `set session authorization postgres` → 42501 permission denied to set session authorization.
 */
export function refuseUnsafeStatement(node: unknown): void {
  walk(node, (kind, fields) => {
    switch (kind) {
      case 'VariableSetStmt':
        if (PRIVILEGED_SETTINGS.has(String(fields.name ?? '').toLowerCase()))
          refuse('permission denied to set session authorization', fields.location);
        return;
      case 'CreateExtensionStmt':
      case 'AlterExtensionStmt':
      case 'AlterExtensionContentsStmt':
        refuse(
          `permission denied to ${kind === 'CreateExtensionStmt' ? 'create' : 'alter'} extension "${String(fields.extname)}"`,
          fields.location,
          'the embedded Postgres has a fixed set of extensions',
        );
        return;
      case 'CreateFunctionStmt':
      case 'DoStmt':
        if (languageOf(fields, kind === 'DoStmt' ? 'args' : 'options') === 'plpgsql')
          refuse('permission denied for language plpgsql', fields.location, PLPGSQL_HINT);
        if (kind === 'CreateFunctionStmt') refuseSqlBody(fields);
        return;
    }
  });
}

const PLPGSQL_HINT =
  "PL/pgSQL is not available in Dynascope (its dynamic SQL could act as the host's superuser): write the function in LANGUAGE sql, which may read foreign tables";

/** A CREATE FUNCTION's (`options`) or a DO block's (`args`) language; DO's default is plpgsql. */
function languageOf(fields: Record<string, unknown>, list: 'options' | 'args'): string | undefined {
  const language = ((fields[list] as unknown[]) ?? [])
    .map((o) => as<{ defname: string; arg?: unknown }>(o, 'DefElem'))
    .find((o) => o?.defname === 'language')?.arg;
  return (
    as<{ sval?: string }>(language, 'String')?.sval?.toLowerCase() ??
    (list === 'args' ? 'plpgsql' : undefined)
  );
}

/** A SQL function's or procedure's body runs later, with the session's privileges: check it now. */
function refuseSqlBody(fields: Record<string, unknown>): void {
  const options = ((fields.options as unknown[]) ?? []).map((o) =>
    as<{ defname: string; arg?: unknown }>(o, 'DefElem'),
  );
  if (languageOf(fields, 'options') !== 'sql') return; // the other languages need a superuser
  const body = as<{ items?: unknown[] }>(options.find((o) => o?.defname === 'as')?.arg, 'List')?.items;
  const source = as<{ sval?: string }>(body?.[0], 'String')?.sval;
  if (source === undefined) return; // BEGIN ATOMIC bodies are in the tree already (sql_body)
  let statements: readonly { node: unknown }[];
  try {
    statements = parseScript(source);
  } catch {
    return; // Postgres checks the body itself and refuses a syntax error
  }
  try {
    for (const s of statements) refuseUnsafeStatement(s.node);
  } catch (e) {
    if (e instanceof EngineError) e.position = undefined; // a position inside the body, not the statement
    throw e;
  }
}
