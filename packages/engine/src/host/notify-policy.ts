import type { FuncCall, NotifyStmt } from '@pgsql/types';
import { EngineError, SqlState } from '../errors';
import { as, names } from '../parse/ast';
import { CATALOG_CHANNEL, SHARED_CHANNEL_PREFIX } from './catalog-notify';

/**
 * The channels the engine listens on (catalog-notify.ts): the one a connection hears its own changes
 * on, and the database's shared one, whose name is drawn at random after SHARED_CHANNEL_PREFIX.
 */
function isEngineChannel(channel: string): boolean {
  return channel === CATALOG_CHANNEL || channel.startsWith(SHARED_CHANNEL_PREFIX);
}

/** Whether a call names pg_notify, under any schema (a user's function of that name is checked as Postgres's would be). */
export function isPgNotify(call: FuncCall): boolean {
  return names(call.funcname).at(-1)?.toLowerCase() === 'pg_notify';
}

/**
 * A NOTIFY, or a pg_notify call, on a channel the engine listens on (42501): the catalog channel
 * makes every session of every API process on the host drop its plans and look its names up anew,
 * and rebuild its DynamoDB clients. NOTIFY's channel is a name as written (unquoted, lower case, as
 * Postgres folds it); pg_notify's is checked when it is a string constant as written. A channel named
 * at run time (a variable, an expression, a parameter — a trigger's `pg_notify(tg_table_name, ...)`,
 * a driver's bound channel) passes: refusing Postgres's own idiom would break the user's functions,
 * and what it could reach is the engine's own-change channel, which a connection heeds only from
 * itself: the channel every API process listens on has a name user SQL cannot know (catalog-notify.ts).
 *   notify dynascope_catalog                             → 42501 permission denied to notify channel "dynascope_catalog"
 *   select pg_notify('dynascope_catalog', 'x')           → the same
 *   notify dynascope_catalog_0a1b...                     → the same, with its name
 *   select pg_notify($1, 'x');  notify jobs, 'x'         → pass
 */
export function refuseNotify(notify: NotifyStmt): void {
  const channel = notify.conditionname ?? '';
  if (isEngineChannel(channel)) refuseChannel(channel, undefined);
}

/** A pg_notify call (isPgNotify) by the same rule as NOTIFY, when its channel is a string constant as written. */
export function refusePgNotifyCall(call: FuncCall): void {
  const channel = channelOf(call);
  if (channel !== undefined && isEngineChannel(channel)) refuseChannel(channel, call.location);
}

/** pg_notify's channel: its first argument when that is a plain string constant; undefined for anything else. */
function channelOf(call: FuncCall): string | undefined {
  const args = call.args ?? [];
  if (call.func_variadic || args.some((a) => as(a, 'NamedArgExpr'))) return undefined;
  const constant = as(args[0], 'A_Const');
  // The parse tree leaves an empty string's text out: `''` is `{ sval: {} }`.
  return constant?.sval ? (constant.sval.sval ?? '') : undefined;
}

function refuseChannel(channel: string, location: number | undefined): never {
  throw new EngineError(SqlState.insufficientPrivilege, `permission denied to notify channel "${channel}"`, {
    ...(typeof location === 'number' && location >= 0 && { position: location + 1 }),
    hint: 'the engine listens on it for its own catalog changes; notify a channel of your own',
  });
}
