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
        refuseSqlBody(fields);
        return;
    }
  });
}

/** A SQL function's or procedure's body runs later, with the session's privileges: check it now. */
function refuseSqlBody(fields: Record<string, unknown>): void {
  const options = ((fields.options as unknown[]) ?? []).map((o) =>
    as<{ defname: string; arg?: unknown }>(o, 'DefElem'),
  );
  const language = as<{ sval?: string }>(
    options.find((o) => o?.defname === 'language')?.arg,
    'String',
  )?.sval?.toLowerCase();
  if (language !== 'sql') return; // other languages: plpgsql is refused by privileges; the rest need a superuser
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
