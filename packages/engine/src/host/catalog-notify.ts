/**
 * How the host tells the engine that its catalog changed, whoever changed it. An event trigger (made
 * by the bootstrap, as the host's superuser) notifies after every DDL command but those on temporary
 * objects (the engine's own staging tables, a view's CHECK OPTION trigger), so DDL that no
 * statement's text shows still makes every session look its names and plans up anew
 * (session/catalog-changes.ts):
 *   create function retarget() ... alter foreign table things options (set table 't2') ...
 *   create view v as select retarget();  select * from v     → notified
 *   another API process: alter foreign table things ...       → notified (a shared PostgreSQL host)
 *   create temp table t (a int)                                → not notified
 * Postgres delivers a notification when its transaction commits: a change rolled back tells nothing.
 * Its payload is the transaction's id (one notification a transaction), so that a change heard twice
 * — by the session's connection that made it and by the engine's watch — counts once (pg-connections.ts).
 *
 * It notifies two channels. `CATALOG_CHANNEL` tells the connection that made the change, before its
 * statement's answer: PGlite's one connection (pglite-worker.mjs), a session's connection on a server
 * (pg-host.ts), which heeds only its own backend's notifications there. The shared channel tells every
 * API process on a server (pg-catalog-watch.ts): its name is drawn at random when the database is
 * bootstrapped and kept in `dynascope.catalog_channel`, which only the host's owner reads, so user SQL
 * — which may name a channel at run time, `pg_notify('dynascope_' || 'catalog', ...)` — cannot make
 * every process drop its plans and recheck its keys. No connection user SQL runs on listens on it
 * (`pg_listening_channels()` would show it).
 */
export const CATALOG_CHANNEL = 'dynascope_catalog';

/** What the shared channel's name starts with (notify-policy.ts refuses a literal channel so named too). */
export const SHARED_CHANNEL_PREFIX = `${CATALOG_CHANNEL}_`;

/** The shared channel's name, as the host's owner reads it (pg-catalog-watch.ts, at each connect). */
export const SHARED_CHANNEL_SQL = 'select name from dynascope.catalog_channel';

/** The calls that notify: both channels, the transaction's id as the payload (one owner for them). */
const NOTIFY_CALLS = ['(' + SHARED_CHANNEL_SQL + ')', `'${CATALOG_CHANNEL}'`]
  .map((channel) => `pg_catalog.pg_notify(${channel}, pg_catalog.pg_current_xact_id()::text)`)
  .join(', ');

/**
 * The same notification for a change that is no DDL but that other API processes must hear of: a
 * vault secret's new value (vault/vault.ts), which their clients may have been built with
 * (dynamo/client-cache.ts recheckCredentials). Run as the host's owner, in the change's transaction.
 */
export const NOTIFY_CATALOG_CHANGE = `select ${NOTIFY_CALLS}`;

/**
 * The shared channel's name (made once per database: processes on one database share it) and the
 * event trigger. Its function runs as its owner (SECURITY DEFINER), who may read the name, whoever's
 * DDL fires it; `dynascope`'s tables and functions are revoked from public (user-role.ts).
 */
export const CATALOG_NOTIFY_DDL = `
create table if not exists dynascope.catalog_channel (
  only_row boolean primary key default true check (only_row),
  name text not null
);
insert into dynascope.catalog_channel (name)
  values ('${SHARED_CHANNEL_PREFIX}' || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', ''))
  on conflict (only_row) do nothing;
create or replace function dynascope.notify_catalog_change() returns event_trigger
  language plpgsql security definer set search_path = pg_catalog as $$
begin
  if tg_event = 'sql_drop' then
    if exists (select 1 from pg_catalog.pg_event_trigger_dropped_objects() where not is_temporary) then
      perform ${NOTIFY_CALLS};
    end if;
  -- A temporary object's schema is pg_temp; a trigger on a temporary table has none, its identity says.
  elsif exists (select 1 from pg_catalog.pg_event_trigger_ddl_commands()
                 where schema_name is distinct from 'pg_temp'
                   and not (schema_name is null and object_identity ~ ' on pg_temp\\.[^ ]+$')) then
    perform ${NOTIFY_CALLS};
  end if;
end $$;
do $$
begin
  if not exists (select 1 from pg_catalog.pg_event_trigger where evtname = 'dynascope_catalog_changed') then
    create event trigger dynascope_catalog_changed on ddl_command_end
      execute function dynascope.notify_catalog_change();
  end if;
  if not exists (select 1 from pg_catalog.pg_event_trigger where evtname = 'dynascope_catalog_dropped') then
    create event trigger dynascope_catalog_dropped on sql_drop
      execute function dynascope.notify_catalog_change();
  end if;
end $$;
`;
