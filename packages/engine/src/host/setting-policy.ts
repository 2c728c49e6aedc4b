import type { VariableSetStmt } from '@pgsql/types';
import { EngineError, SqlState } from '../errors';
import { as } from '../parse/ast';
import { CALLER_IDENTITIES_SETTING } from '../dynamo/credentials/caller-identities-setting';
import { CLIENT_ENCODING_SETTING } from './encoding-policy';
import { parseBool } from '../session/settings';

/**
 * The value a change gives a setting: text as written (`SET x = 'v'`, `set_config('x', 'v', false)`),
 * its default (RESET, `SET x TO DEFAULT`, `SET x FROM CURRENT`, set_config's NULL), or one the
 * policy cannot read before the host runs it (an expression, a list of values).
 */
export type SettingValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'default' }
  | { readonly kind: 'unknown' };

const STANDARD_STRINGS = 'standard_conforming_strings';
const STANDARD_STRINGS_HINT =
  "Dynascope reads SQL with standard_conforming_strings on; write a string with backslash escapes as E'...'";

function refuse(message: string, location: number | undefined, hint?: string): never {
  throw new EngineError(SqlState.insufficientPrivilege, message, {
    ...(location !== undefined && location >= 0 && { position: location + 1 }),
    ...(hint && { hint }),
  });
}

/**
 * The one rule of which settings user SQL may change, and to what (42501, Postgres's words), however
 * it changes them: a SET, a function's SET clause, ALTER ROLE/DATABASE ... SET, a wire client's
 * start-up option, set_config (host/set-config-call.ts). Every other setting may take any value:
 * Postgres's own privileges decide the rest (a superuser's setting, `role` to a role the user role is
 * not a member of). client_encoding's values are host/encoding-policy.ts's (the conversion rule).
 *   - `session_authorization`: never. The host authenticates as its bootstrap superuser (PGlite has no
 *     other login), so Postgres lets any statement `SET SESSION AUTHORIZATION` back to it.
 *   - `standard_conforming_strings`: only on (or its default). The engine reads every statement and
 *     body with libpg-query, whose lexer takes it as on: off, the host would read `'a\', '; set
 *     session authorization postgres; --'` as three statements where the engine checked one string.
 *   - `dynascope.caller_identities`: never. The engine's answers to dynascope.server_identity
 *     (server-identity-call.ts): user SQL would forge them.
 *   - `dynascope.client_encoding`: never. Where the engine keeps a session's client_encoding
 *     (run/client-encoding-statement.ts): user SQL SETs client_encoding, checked.
 * `location`: where the change is written (0-based), for the error's position.
 *   ('session_authorization', default)                       → 42501 permission denied to set session authorization
 *   ('standard_conforming_strings', { text: 'off' })           → 42501 permission denied to set parameter "standard_conforming_strings"
 *   ('standard_conforming_strings', unknown)                  → the same: it may be off
 *   ('search_path', unknown)                                  → passes
 */
export function refuseSettingChange(name: string, value: SettingValue, location?: number): void {
  const setting = name.toLowerCase();
  if (setting === 'session_authorization') refuse('permission denied to set session authorization', location);
  if (setting === STANDARD_STRINGS && !keepsStandardStrings(value))
    refuse(`permission denied to set parameter "${setting}"`, location, STANDARD_STRINGS_HINT);
  if (setting === CALLER_IDENTITIES_SETTING)
    refuse(
      `permission denied to set parameter "${setting}"`,
      undefined,
      'the engine sets it for dynascope.server_identity',
    );
  if (setting === CLIENT_ENCODING_SETTING)
    refuse(`permission denied to set parameter "${setting}"`, location, 'SET client_encoding');
}

/** Whether a change leaves standard_conforming_strings on: its default, or text Postgres reads as true. */
function keepsStandardStrings(value: SettingValue): boolean {
  if (value.kind === 'default') return true;
  return value.kind === 'text' && parseBool(value.text) === true;
}

/**
 * The value a SET (a function's SET clause, ALTER ... SET) gives its setting: one constant's text,
 * the default for RESET, DEFAULT and FROM CURRENT, else unknown (a list: `SET x = on, off`).
 *   set standard_conforming_strings = 1 → { text: '1' }    reset x → default
 */
export function setStatementValue(set: VariableSetStmt): SettingValue {
  if (set.kind !== 'VAR_SET_VALUE') return { kind: 'default' };
  const value = set.args?.length === 1 ? as(set.args[0], 'A_Const') : undefined;
  const text = value?.sval
    ? (value.sval.sval ?? '')
    : value?.ival
      ? String(value.ival.ival ?? 0)
      : value?.boolval
        ? String(value.boolval.boolval ?? false)
        : undefined;
  return text === undefined ? { kind: 'unknown' } : { kind: 'text', text };
}

/** A SET (a function's SET clause, ALTER ROLE/DATABASE/SYSTEM ... SET) against the rule above. */
export function refuseSetStatement(set: VariableSetStmt): void {
  refuseSettingChange(set.name ?? '', setStatementValue(set), set.location);
}
