import type { ServerIdentity } from '@dynascope/contract';
import { constantOf } from '../../bind/extract-predicate';
import { requireServer } from '../../catalog/foreign-table';
import { EngineError } from '../../errors';
import type { StatementContext } from '../../run/context';
import { as, names, walk } from '../../parse/ast';
import { memoByNode } from '../../parse/node-memo';
import { CALLER_IDENTITIES_SETTING } from './caller-identities-setting';

/**
 * `dynascope.server_identity(server)` in the host: it answers from a session setting the engine
 * writes (as the host's owner: user SQL may neither call set_config nor SET it) just before a
 * statement naming servers runs, so the function works anywhere a set-returning function does (FROM,
 * a join, the select list) and writes nothing: it works in a READ ONLY block, takes no lock, and
 * leaves nothing behind when the connection closes. Each session's setting is its own (on PGlite the
 * engine swaps it with the session's other settings, session-settings-swap.ts), and a block's
 * ROLLBACK takes it back with the block. The function reads no table and runs as its caller.
 * A call whose argument is not a constant reads what the session's last statement naming servers as
 * constants found: `server_identity('base_' || 'only')` after `server_identity('base_only')`.
 */
export const SERVER_IDENTITY_DDL = `
drop table if exists dynascope.server_identities;
drop table if exists dynascope.caller_identities;
create or replace function dynascope.server_identity(server text)
returns table (account text, arn text, user_id text, source text, expires_at timestamptz)
language plpgsql stable security invoker set search_path = pg_catalog, pg_temp as $$
begin
  return query select i.account, i.arn, i.user_id, i.source, i.expires_at
    from jsonb_to_recordset(coalesce(nullif(current_setting('${CALLER_IDENTITIES_SETTING}', true), ''), '[]')::jsonb)
         as i(server text, account text, arn text, user_id text, source text, expires_at timestamptz)
   where i.server = $1;
  if not found then
    raise exception 'dynascope.server_identity takes a server name as a constant'
      using errcode = '0A000', hint = 'select * from dynascope.server_identity(''<server>'')';
  end if;
end $$;
`;

/** The servers a statement asks `dynascope.server_identity` about, by constant name, with the 1-based position of each. */
export const serverIdentityCalls: (
  node: unknown,
) => readonly { readonly server: string; readonly position: number }[] = memoByNode((node) => {
  const calls: { server: string; position: number }[] = [];
  walk(node, (_kind, _fields, n) => {
    const call = as(n, 'FuncCall');
    if (!call) return;
    const [schema, fn, extra] = names(call.funcname);
    if (schema !== 'dynascope' || fn !== 'server_identity' || extra !== undefined) return;
    const arg = call.args?.[0];
    const constant = constantOf(as(arg, 'TypeCast')?.arg ?? arg);
    if (constant?.kind === 'string')
      calls.push({ server: constant.value, position: (call.location ?? 0) + 1 });
  });
  return Object.freeze(calls);
});

/**
 * Answers a statement's `dynascope.server_identity('<server>')` calls: GetCallerIdentity through each
 * named server's credentials now, written where the host function reads them. A server that does not
 * exist is Postgres's `server "x" does not exist` (42704) at the call.
 */
export async function answerServerIdentityCalls(ctx: StatementContext, node: unknown): Promise<void> {
  const calls = serverIdentityCalls(node);
  if (!calls.length) return;
  const identities = new Map<string, ServerIdentity>();
  for (const { server, position } of calls) {
    if (identities.has(server)) continue;
    const def = await requireServer(ctx.host, server, position);
    try {
      identities.set(server, await ctx.clients.identityFor(def, ctx.signal));
    } catch (e) {
      if (e instanceof EngineError && e.position === undefined) e.position = position;
      throw e;
    }
  }
  // This statement's answers replace the last ones (a call with a non-constant argument reads them).
  const answers = [...identities.values()].map((i) => ({
    server: i.server,
    account: i.account,
    arn: i.arn,
    user_id: i.userId,
    source: i.source,
    expires_at: i.expiresAt,
  }));
  await ctx.host.asOwner(() =>
    ctx.host.query('select pg_catalog.set_config($1, $2, false)', [
      CALLER_IDENTITIES_SETTING,
      JSON.stringify(answers),
    ]),
  );
}
