import { EngineError, SqlState } from '../errors';
import type { CopyStmt, DefElem, FuncCall, Node } from '@pgsql/types';
import { as, names, walk } from '../parse/ast';
import { memoByNode } from '../parse/node-memo';
import { parseScript } from '../parse/parse';
import { refuseEncodingConversion } from './encoding-policy';
import { refusePlpgsqlBody } from './plpgsql-policy';
import { refuseSetStatement } from './setting-policy';
import { isSetConfig, refuseSetConfigCall } from './set-config-call';
import { isPgNotify, refuseNotify, refusePgNotifyCall } from './notify-policy';
import { sqlTextArgument } from './sql-text-calls';
import { refuseFunctionReference } from './function-references';
import { PLAIN_SECRET_OPTIONS, misspelledCredential } from '../catalog/options';
import { secretConstants } from '../vault/secret-constants';

function refuse(message: string, location: unknown, hint?: string): never {
  throw new EngineError(SqlState.insufficientPrivilege, message, {
    ...(typeof location === 'number' && location >= 0 && { position: location + 1 }),
    ...(hint && { hint }),
  });
}

/**
 * Refuses (42501, Postgres's words) what the user role's privileges cannot stop on their own:
 * changing a setting user SQL may not change (setting-policy.ts: session_authorization,
 * standard_conforming_strings off, ...) by SET, a function's SET clause, ALTER ... SET or set_config
 * (set-config-call.ts: its setting named by a string constant), directly, in a SQL function's body or
 * in a PL/pgSQL body (plpgsql-policy.ts: its dynamic SQL refused, its static SQL checked here), or
 * through the SQL text query_to_xml, ts_stat and ts_rewrite run (sql-text-calls.ts: a string
 * constant, checked as a body) — and naming set_config or those as an aggregate's or operator's
 * function (function-references.ts); a NOTIFY or pg_notify on the engine's own channel
 * (notify-policy.ts: every API process would reload its catalog); DISCARD ALL inside a body (which would run SET SESSION
 * AUTHORIZATION DEFAULT in the host), CREATE EXTENSION, and COPY to or from a file or a program
 * (refuseFileCopy); conversions of text to an encoding other than UTF8 are refused too (0A000,
 * encoding-policy.ts). Everything else (file functions, ALTER SYSTEM, roles, UPDATE pg_settings) the
 * host refuses by the role's privileges (see user-role.ts). `text` is the statement's own.
 * `set session authorization postgres` → 42501 permission denied to set session authorization.
 * `select set_config(current_setting('x.name'), 'postgres', false)` → 42501 permission denied to set a parameter named at run time.
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
  const serverOptions = inBody ? [] : ownServerOptions(node);
  const generic = genericOptions(node);
  walk(node, (kind, _fields, at) => {
    refuseEncodingConversion(kind, at, !inBody && at === node);
    refuseFunctionReference(kind, at);
    switch (kind) {
      case 'DefElem':
        refuseKeyOption(as(at, 'DefElem')!, serverOptions.includes(at), generic.has(at));
        return;
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
        refuseSetStatement(as(at, 'VariableSetStmt')!);
        return;
      case 'NotifyStmt':
        refuseNotify(as(at, 'NotifyStmt')!);
        return;
      case 'FuncCall':
        refuseUnsafeCall(as(at, 'FuncCall')!);
        if (inBody && secretConstants(at, text).length) refuseSecretInBody(as(at, 'FuncCall')!);
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
        if (set) refuseSetStatement(set);
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

/** The options of a CREATE/ALTER SERVER sent as a statement of its own: the engine moves their keys into the vault (catalog/ddl.ts). */
function ownServerOptions(node: unknown): readonly unknown[] {
  return (as(node, 'CreateForeignServerStmt') ?? as(node, 'AlterForeignServerStmt'))?.options ?? [];
}

/** Statements whose `options` are a foreign-data object's (FDW generic options, as Postgres calls them). */
const GENERIC_OPTIONS_OF = [
  'CreateForeignServerStmt',
  'AlterForeignServerStmt',
  'CreateUserMappingStmt',
  'AlterUserMappingStmt',
  'CreateForeignTableStmt',
  'ImportForeignSchemaStmt',
  'CreateFdwStmt',
  'AlterFdwStmt',
];

/** The DefElems of a statement that are FDW options: a server's, user mapping's, wrapper's, foreign table's or column's. */
function genericOptions(node: unknown): ReadonlySet<unknown> {
  const lists: unknown[] = [];
  walk(node, (kind, fields) => {
    if (GENERIC_OPTIONS_OF.includes(kind)) lists.push(fields.options);
    else if (kind === 'ColumnDef') lists.push(fields.fdwoptions);
    else if (kind === 'AlterTableCmd' && /GenericOptions$/.test(String(fields.subtype)))
      lists.push(fields.def);
  });
  const found = new Set<unknown>();
  walk(lists, (kind, _fields, at) => {
    if (kind === 'DefElem') found.add(at);
  });
  return found;
}

/**
 * An AWS key option anywhere but a server's own options, or an FDW option whose name looks like a
 * credential's but is none of the server's (catalog/options.ts misspelledCredential), anywhere
 * (HV00D, as an FDW validator says it): the host would keep its value in plain text that every
 * session reads — pg_user_mappings, information_schema's option views, ftoptions — for no use,
 * since only a server's keys sign. Its value is masked as a key's (vault/secret-constants.ts).
 *   create user mapping for public server s options (aws_secret_access_key '…')
 *     → HV00D invalid option "aws_secret_access_key" at the option
 *   create server s ... options (aws_session_token '…')
 *     → HV00D invalid option "aws_session_token", hint: did you mean "session_token"? ...
 */
function refuseKeyOption(option: DefElem, ownServerOption: boolean, fdwOption: boolean): void {
  const name = option.defname ?? '';
  if (option.arg === undefined) return;
  const meant = fdwOption ? misspelledCredential(name) : undefined;
  const plain = (PLAIN_SECRET_OPTIONS as readonly string[]).includes(name);
  if (meant === undefined && (!plain || ownServerOption)) return;
  throw new EngineError(SqlState.fdwInvalidOptionName, `invalid option "${name}"`, {
    ...(typeof option.location === 'number' && option.location >= 0 && { position: option.location + 1 }),
    hint: `${meant ? `did you mean "${meant}"? ` : ''}${KEY_HINT}`,
  });
}

const KEY_HINT =
  "AWS keys are a server's options, kept in the vault: CREATE SERVER or ALTER SERVER ... OPTIONS (aws_access_key_id '…', aws_secret_access_key '…', session_token '…') sent as a statement of its own, or vault.create_secret";

/**
 * A vault call with its secret written in a body (a SQL function's, PL/pgSQL's, a DO block's): the
 * host would keep the secret in plain text in the body every session reads (pg_proc.prosrc,
 * pg_get_functiondef), and the call could never run — only a statement of its own is the engine's,
 * the host's vault.create_secret is a stub that refuses (0A000), and a PostgreSQL host logs the
 * statement it refused. So it is refused (0A000) before the host sees the body.
 *   create function f() ... as $$ select vault.create_secret('s3cr3t', 'k') $$
 *     → 0A000 vault functions must be called on their own with constant arguments
 */
function refuseSecretInBody(call: FuncCall): never {
  throw new EngineError(
    SqlState.featureNotSupported,
    'vault functions must be called on their own with constant arguments',
    {
      hint: `a body keeps its text in plain sight: run select ${names(call.funcname).join('.')}('<secret>', ...) as a statement of its own`,
    },
  );
}

/**
 * set_config against the rule SET follows (set-config-call.ts), and the SQL text query_to_xml,
 * ts_stat and ts_rewrite run, checked as a body's: a string constant, or refused.
 *   select query_to_xml('select set_config(''session_authorization'', ''postgres'', false)', true, false, '')
 *     → 42501 permission denied to set session authorization
 *   select * from ts_stat(format('select %s', v)) → 42501 permission denied to run SQL text known only when it runs
 */
function refuseUnsafeCall(call: FuncCall): void {
  if (isSetConfig(call)) refuseSetConfigCall(call);
  if (isPgNotify(call)) refusePgNotifyCall(call);
  const text = sqlTextArgument(call);
  if (!text) return;
  if (text.sql === undefined)
    refuse(
      'permission denied to run SQL text known only when it runs',
      call.location,
      'give the query as a string constant: Dynascope checks the SQL a statement runs before the host runs it',
    );
  try {
    for (const s of parseScript(text.sql)) refuseUnsafeInBody(s.node, s.text);
  } catch (e) {
    // A position inside the text, not the statement: the call's.
    if (e instanceof EngineError)
      e.position = typeof call.location === 'number' ? call.location + 1 : undefined;
    throw e;
  }
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
