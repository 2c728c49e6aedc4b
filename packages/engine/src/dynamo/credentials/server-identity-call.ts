import type { ServerIdentity } from '@dynascope/contract';
import { constantOf } from '../../bind/extract-predicate';
import { requireServer } from '../../catalog/foreign-table';
import { EngineError } from '../../errors';
import type { StatementContext } from '../../run/context';
import { as, names, walk } from '../../parse/ast';
import { memoByNode } from '../../parse/node-memo';

/**
 * `dynascope.server_identity(server)` in the host: a security-definer function that answers from a
 * table only the engine writes (the user role may execute the function, not read the table). The
 * engine fills the table for the servers a statement names just before it runs, so the function
 * works anywhere a set-returning function does (FROM, a join, the select list). Each connection's
 * rows are its own (`pid`, its backend): on a PostgreSQL host, sessions (a connection each) filled
 * one shared set of rows, and a session's block, holding the rows it wrote, kept another session's
 * call waiting until it ended; two calls at once could read each other's answers. (On PGlite there
 * is one connection, one pid: sessions take turns call by call, so one session's fill may still
 * replace another's between its fill and its statement.) The table is in `dynascope`, where the user role
 * creates nothing, and the function names it by schema: no object of the user's stands in for it.
 */
export const SERVER_IDENTITY_DDL = `
drop table if exists dynascope.server_identities;
create table if not exists dynascope.caller_identities (
  pid integer not null default pg_catalog.pg_backend_pid(),
  server text not null,
  account text not null,
  arn text not null,
  user_id text not null,
  source text not null,
  expires_at timestamptz,
  primary key (pid, server)
);
create or replace function dynascope.server_identity(server text)
returns table (account text, arn text, user_id text, source text, expires_at timestamptz)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
begin
  return query select i.account, i.arn, i.user_id, i.source, i.expires_at from dynascope.caller_identities i
                where i.pid = pg_catalog.pg_backend_pid() and i.server = $1;
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
  await ctx.host.asOwner(async () => {
    // This connection's rows only: another session's, maybe held by its open block, are not touched.
    await ctx.host.query('delete from dynascope.caller_identities where pid = pg_catalog.pg_backend_pid()');
    for (const i of identities.values()) {
      await ctx.host.query(
        'insert into dynascope.caller_identities (server, account, arn, user_id, source, expires_at) values ($1, $2, $3, $4, $5, $6)',
        [i.server, i.account, i.arn, i.userId, i.source, i.expiresAt],
      );
    }
  });
}
