import type { ServerIdentity } from '@dynascope/contract';
import { constantOf } from '../../bind/extract-predicate';
import { requireServer } from '../../catalog/foreign-table';
import { EngineError } from '../../errors';
import type { StatementContext } from '../../run/context';
import { as, names, walk } from '../../parse/ast';
import { memoByNode } from '../../parse/node-memo';
import { CALLER_IDENTITIES_SETTING } from './caller-identities-setting';

/** SQL: whether `entry`, a `name=value` of pg_proc.proconfig or pg_db_role_setting.setconfig, sets CALLER_IDENTITIES_SETTING (names ignore case). */
const setsCallerIdentities = (entry: string) =>
  `pg_catalog.lower(pg_catalog.split_part(${entry}, '=', 1)) = '${CALLER_IDENTITIES_SETTING}'`;

/**
 * Only the engine sets CALLER_IDENTITIES_SETTING (user SQL may not: statement-policy.ts), but a
 * database an older version bootstrapped may hold a routine's SET clause for it, or a role's or the
 * database's default, made past today's checks: inside that call, or that session, server_identity
 * would answer what it says. The bootstrap takes them out, as the host's superuser (with nothing to
 * take out, a look at pg_proc and pg_db_role_setting); it runs in full on such a database, whose
 * bootstrap record is another version's (bootstrap.ts). ALTER ... RESET finds an entry by the spelling
 * this connection knows the setting by (the first it met); an entry spelled otherwise (`SET
 * "Dynascope.Caller_Identities"`) is taken out of its catalog row directly.
 */
const STRIP_CALLER_IDENTITIES_SQL = `
do $$
declare
  r record;
  db oid := (select oid from pg_catalog.pg_database where datname = pg_catalog.current_database());
begin
  for r in select distinct p.oid::pg_catalog.regprocedure::text as routine, p.prokind,
                  pg_catalog.split_part(c, '=', 1) as setting
             from pg_catalog.pg_proc p, pg_catalog.unnest(p.proconfig) c
            where p.prokind in ('f', 'p') and ${setsCallerIdentities('c')} loop
    execute pg_catalog.format('alter %s %s reset %I',
      case r.prokind when 'p' then 'procedure' else 'function' end, r.routine, r.setting);
  end loop;
  -- This database's defaults and those of every database (role-wide); another's are its engine's to strip.
  -- Role-wide rows are the cluster's, which other databases' bootstraps strip too: they take turns on
  -- the shared catalog's lock (the cluster's, where an advisory lock is one database's), and each
  -- statement after it reads what the one before left.
  if exists (select from pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c
              where s.setdatabase in (0, db) and ${setsCallerIdentities('c')}) then
    lock table pg_catalog.pg_db_role_setting in share row exclusive mode;
  end if;
  for r in select distinct s.setrole, s.setdatabase, pg_catalog.split_part(c, '=', 1) as setting
             from pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c
            where s.setdatabase in (0, db) and ${setsCallerIdentities('c')} loop
    execute pg_catalog.format(
      case when r.setrole = 0 and r.setdatabase = 0 then 'alter role all reset %3$I'
           when r.setrole = 0 then 'alter database %2$I reset %3$I'
           when r.setdatabase = 0 then 'alter role %1$s reset %3$I'
           else 'alter role %1$s in database %2$I reset %3$I' end,
      r.setrole::pg_catalog.regrole, pg_catalog.current_database(), r.setting);
  end loop;
  update pg_catalog.pg_proc
     set proconfig = nullif(array(select c from pg_catalog.unnest(proconfig) c
                                    where not ${setsCallerIdentities('c')}), '{}')
   where proconfig is not null and exists (select from pg_catalog.unnest(proconfig) c where ${setsCallerIdentities('c')});
  update pg_catalog.pg_db_role_setting
     set setconfig = array(select c from pg_catalog.unnest(setconfig) c where not ${setsCallerIdentities('c')})
   where setdatabase in (0, db) and exists (select from pg_catalog.unnest(setconfig) c where ${setsCallerIdentities('c')});
  delete from pg_catalog.pg_db_role_setting where setdatabase in (0, db) and setconfig = '{}';
end $$;
`;

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
${STRIP_CALLER_IDENTITIES_SQL}`;

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
