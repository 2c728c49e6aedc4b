import type { FuncCall } from '@pgsql/types';
import { EngineError, SqlState } from '../errors';
import { as, names, walk } from '../parse/ast';
import { memoByNode } from '../parse/node-memo';
import { refuseSettingChange, type SettingValue } from './setting-policy';

/** Whether a call names set_config, under any schema (a user's function of that name is checked as Postgres's would be). */
export function isSetConfig(call: FuncCall): boolean {
  return names(call.funcname).at(-1)?.toLowerCase() === 'set_config';
}

/**
 * A set_config call against the rule SET follows (setting-policy.ts): the setting must be named by a
 * string constant as written — not an expression, a variable, a parameter, a cast (a cast may be a
 * function of the user's: `'search_path'::mytype::text`) nor a named argument — so that the setting
 * the policy checks is the one the host sets; its value is read the same way where the rule looks at
 * values (standard_conforming_strings), and NULL is the setting's default, as Postgres reads it.
 *   select set_config('bytea_output', 'hex', false)                     → passes
 *   select set_config('session_authorization', 'postgres', false)       → 42501 permission denied to set session authorization
 *   select set_config(current_setting('x.name'), 'postgres', false)     → 42501 permission denied to set a parameter named at run time
 *   select set_config('standard_conforming_strings', v, true)           → 42501 permission denied to set parameter "standard_conforming_strings"
 */
export function refuseSetConfigCall(call: FuncCall): void {
  const args = call.args ?? [];
  const name = constantString(args[0]);
  if (name === undefined || call.func_variadic || args.some((a) => as(a, 'NamedArgExpr')))
    throw new EngineError(
      SqlState.insufficientPrivilege,
      'permission denied to set a parameter named at run time',
      {
        ...(typeof call.location === 'number' && { position: call.location + 1 }),
        hint: "name the setting with a string constant — set_config('search_path', ..., false) — or SET it: Dynascope checks which setting a statement changes before the host runs it",
      },
    );
  refuseSettingChange(name, valueOf(args[1]), call.location);
}

/** A plain string constant's text (no cast, no expression); undefined for anything else. */
function constantString(node: unknown): string | undefined {
  const constant = as(node, 'A_Const');
  // The parse tree leaves an empty string's text out: `''` is `{ sval: {} }`.
  return constant?.sval ? (constant.sval.sval ?? '') : undefined;
}

/** set_config's new value: a string constant's text, NULL (its default: Postgres resets it), else unknown. */
function valueOf(node: unknown): SettingValue {
  const text = constantString(node);
  if (text !== undefined) return { kind: 'text', text };
  return as(node, 'A_Const')?.isnull ? { kind: 'default' } : { kind: 'unknown' };
}

/**
 * The settings a statement's set_config calls change, by name as written (lower case): every call
 * that runs names its setting by a constant (refuseSetConfigCall). The engine reads a session's
 * settings again after such a statement, as after a SET, and keeps its custom ones apart from other
 * sessions' (engine.ts).
 *   select set_config('dynascope.consistent_read', 'on', false) → ['dynascope.consistent_read']
 */
export const setConfigNames: (node: unknown) => readonly string[] = memoByNode((node) => {
  const found: string[] = [];
  walk(node, (_kind, _fields, at) => {
    const call = as(at, 'FuncCall');
    if (!call || !isSetConfig(call)) return;
    const name = constantString(call.args?.[0]);
    if (name !== undefined) found.push(name.toLowerCase());
  });
  return Object.freeze(found);
});
