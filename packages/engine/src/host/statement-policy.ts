import { EngineError, SqlState } from '../errors';
import type { CopyStmt, Node, VariableSetStmt } from '@pgsql/types';
import { as, walk } from '../parse/ast';
import { memoByNode } from '../parse/node-memo';
import { parseScript } from '../parse/parse';
import { refuseEncodingConversion } from './encoding-policy';
import { refusePlpgsqlBody } from './plpgsql-policy';
import { CALLER_IDENTITIES_SETTING } from '../dynamo/credentials/caller-identities-setting';
import { parseBool } from '../session/settings';

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
 * setting `session_authorization` directly, in a function's SET clause, in a SQL function's body or
 * in a PL/pgSQL body (plpgsql-policy.ts: its dynamic SQL refused, its static SQL checked here), or
 * by DISCARD ALL inside a body (which would run SET SESSION AUTHORIZATION DEFAULT in the host), and
 * CREATE EXTENSION, and COPY to or from a file or a program (refuseFileCopy); conversions of text
 * to an encoding other than UTF8 are refused too (0A000, encoding-policy.ts). Everything else (file
 * functions, ALTER SYSTEM, roles, set_config) the host refuses by the role's privileges (see
 * user-role.ts). `text` is the statement's own.
 * `set session authorization postgres` → 42501 permission denied to set session authorization.
 * A DISCARD ALL the user sends on its own is the engine's to run, scoped to the session and keeping
 * the user role (run/discard-all.ts): the host never sees it.
 */
export function refuseUnsafeStatement(node: unknown, text: string): void {
  if (as(node, 'DiscardStmt')?.target === 'DISCARD_ALL') return;
  passed(node, text);
}

/** A statement inside a body (a SQL function's, PL/pgSQL's static SQL): the host would run it as it is. */
function refuseUnsafeInBody(node: unknown, text: string): void {
  passedInBody(node, text);
}

/** A statement refused throws each time; one that passed is not walked again (node-memo.ts). */
const passed = memoByNode((node, text): true => {
  refuseUnsafe(node, text, false);
  return true;
});
const passedInBody = memoByNode((node, text): true => {
  refuseUnsafe(node, text, true);
  return true;
});

function refuseUnsafe(node: unknown, text: string, inBody: boolean): void {
  walk(node, (kind, _fields, at) => {
    refuseEncodingConversion(kind, at);
    switch (kind) {
      // The engine runs CREATE/ALTER SERVER itself, moving plain keys into the vault (catalog/ddl.ts):
      // in a body (a BEGIN ATOMIC one included) the host would run it and keep the keys in plain text.
      case 'CreateForeignServerStmt':
      case 'AlterForeignServerStmt':
        if (inBody || at !== node)
          refuse(
            `${kind === 'CreateForeignServerStmt' ? 'CREATE' : 'ALTER'} SERVER is not allowed in a function body or DO block`,
            undefined,
            'run it as a statement of its own: the engine keeps its keys in the vault',
          );
        return;
      case 'VariableSetStmt':
        refusePrivilegedSetting(as(at, 'VariableSetStmt')!);
        return;
      // Their VariableSetStmt is a field of their own, not a node the walk visits.
      case 'AlterRoleSetStmt':
      case 'AlterDatabaseSetStmt':
      case 'AlterSystemStmt': {
        const set = (
          as(at, 'AlterRoleSetStmt') ??
          as(at, 'AlterDatabaseSetStmt') ??
          as(at, 'AlterSystemStmt')
        )?.setstmt;
        if (set) refusePrivilegedSetting(set);
        return;
      }
      case 'CreateExtensionStmt':
      case 'AlterExtensionStmt':
      case 'AlterExtensionContentsStmt': {
        const extension =
          as(at, 'CreateExtensionStmt') ??
          as(at, 'AlterExtensionStmt') ??
          as(at, 'AlterExtensionContentsStmt');
        refuse(
          `permission denied to ${kind === 'CreateExtensionStmt' ? 'create' : 'alter'} extension "${extension?.extname ?? ''}"`,
          undefined,
          'the embedded Postgres has a fixed set of extensions',
        );
        return;
      }
      case 'CopyStmt':
        refuseFileCopy(as(at, 'CopyStmt')!);
        return;
      // In a body, DISCARD ALL is the host's: SET SESSION AUTHORIZATION DEFAULT among the rest, back to the superuser.
      case 'DiscardStmt':
        if (as(at, 'DiscardStmt')?.target === 'DISCARD_ALL')
          refuse(
            'permission denied to set session authorization',
            undefined,
            'DISCARD ALL in a body would reset the session authorization; send DISCARD ALL as a statement of its own (the engine runs it for the session), or its other parts: CLOSE ALL, RESET ALL, DEALLOCATE ALL, UNLISTEN *, DISCARD PLANS, DISCARD TEMP, DISCARD SEQUENCES',
          );
        return;
      case 'CreateFunctionStmt':
      case 'DoStmt': {
        const list = as(at, 'DoStmt')?.args ?? as(at, 'CreateFunctionStmt')?.options ?? [];
        if (languageOf(list, kind === 'DoStmt') === 'plpgsql') {
          const body = bodyOf(list, kind === 'DoStmt');
          // The PL/pgSQL compiler reads the first body of `text`: it must be this statement's.
          if (body === undefined || at !== node)
            refuse('could not check the PL/pgSQL body', undefined, 'write it as a statement of its own');
          refusePlpgsqlBody(text, body, refuseUnsafeInBody);
        }
        if (kind === 'CreateFunctionStmt') refuseSqlBody(list);
        return;
      }
    }
  });
}

/**
 * `session_authorization` set anywhere: a SET, a function's SET clause, ALTER ROLE/DATABASE ... SET.
 *   alter role dynascope_user set session_authorization = 'postgres' → 42501
 */
function refusePrivilegedSetting(set: VariableSetStmt): void {
  const name = (set.name ?? '').toLowerCase();
  if (PRIVILEGED_SETTINGS.has(name)) refuse('permission denied to set session authorization', set.location);
  // The engine reads every statement (and body) with libpg-query, whose lexer takes
  // standard_conforming_strings as on: off, the host would read `'a\', '; set session authorization
  // postgres; --'` as three statements where the engine checked one string.
  if (name === STANDARD_STRINGS && !keepsStandardStrings(set))
    refuse(`permission denied to set parameter "${name}"`, set.location, STANDARD_STRINGS_HINT);
  // The engine's answers to dynascope.server_identity (server-identity-call.ts): user SQL would forge them.
  if (name === CALLER_IDENTITIES_SETTING)
    refuse(
      `permission denied to set parameter "${name}"`,
      undefined,
      'the engine sets it for dynascope.server_identity',
    );
}

const STANDARD_STRINGS = 'standard_conforming_strings';
const STANDARD_STRINGS_HINT =
  "Dynascope reads SQL with standard_conforming_strings on; write a string with backslash escapes as E'...'";

/** Whether a SET of standard_conforming_strings leaves it on: SET to a true value, DEFAULT, RESET, FROM CURRENT. */
function keepsStandardStrings(set: VariableSetStmt): boolean {
  if (set.kind !== 'VAR_SET_VALUE') return true;
  const value = as(set.args?.[0], 'A_Const');
  const text =
    value?.sval?.sval ??
    (value?.ival
      ? String(value.ival.ival ?? 0)
      : value?.boolval
        ? String(value.boolval.boolval ?? false)
        : undefined);
  return set.args?.length === 1 && text !== undefined && parseBool(text) === true;
}

const COPY_HINT = "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.";

/**
 * A COPY naming a file or a program (Postgres's 42501 and words): the host refuses it to the user
 * role, but on PGlite the engine's own COPY runs as a role that may read and write server files
 * (user-role.ts COPY_ROLE), and user code — a function's body, a PL/pgSQL body — can run inside it.
 * So it is refused before the host sees it, wherever it stands. `copy t from stdin` passes.
 *   copy t from '/etc/passwd' → 42501 must be superuser or have privileges of the pg_read_server_files role to COPY from a file
 */
function refuseFileCopy(copy: CopyStmt): void {
  if (copy.is_program)
    refuse(
      'must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program',
      undefined,
      COPY_HINT,
    );
  if (typeof copy.filename === 'string')
    refuse(
      copy.is_from
        ? 'must be superuser or have privileges of the pg_read_server_files role to COPY from a file'
        : 'must be superuser or have privileges of the pg_write_server_files role to COPY to a file',
      undefined,
      COPY_HINT,
    );
}

/** One option (a DefElem) of a CREATE FUNCTION's `options` or a DO block's `args`, by name. */
function option(list: readonly Node[], name: string): Node | undefined {
  return list.map((o) => as(o, 'DefElem')).find((o) => o?.defname === name)?.arg;
}

/** The body text of a CREATE FUNCTION (`options`: AS 'body', a List) or a DO block (`args`: AS, a String). */
function bodyOf(list: readonly Node[], isDo: boolean): string | undefined {
  const body = option(list, 'as');
  return as(isDo ? body : as(body, 'List')?.items?.[0], 'String')?.sval;
}

/** A CREATE FUNCTION's or a DO block's language; DO's default is plpgsql. */
function languageOf(list: readonly Node[], isDo: boolean): string | undefined {
  return as(option(list, 'language'), 'String')?.sval?.toLowerCase() ?? (isDo ? 'plpgsql' : undefined);
}

/** A SQL function's or procedure's body runs later, with the session's privileges: check it now. */
function refuseSqlBody(options: readonly Node[]): void {
  if (languageOf(options, false) !== 'sql') return; // plpgsql is checked above; the others need a superuser
  const source = bodyOf(options, false);
  if (source === undefined) return; // BEGIN ATOMIC bodies are in the tree already (sql_body)
  let statements: readonly { node: unknown; text: string }[];
  try {
    statements = parseScript(source);
  } catch (e) {
    // A body the engine cannot read is not run unchecked: Postgres would refuse its syntax error
    // too, unless check_function_bodies is off (then it would read it only when called).
    if (e instanceof EngineError) e.position = undefined;
    throw e;
  }
  try {
    for (const s of statements) refuseUnsafeInBody(s.node, s.text);
  } catch (e) {
    if (e instanceof EngineError) e.position = undefined; // a position inside the body, not the statement
    throw e;
  }
}
