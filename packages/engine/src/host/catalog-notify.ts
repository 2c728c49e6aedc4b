/**
 * How the host tells the engine that its catalog changed, whoever changed it. An event trigger (made
 * by the bootstrap, as the host's superuser) notifies `CATALOG_CHANNEL` after every DDL command but
 * those on temporary objects (the engine's own staging tables, a view's CHECK OPTION trigger), so DDL
 * that no statement's text shows still makes every session look its names and plans up anew
 * (session/catalog-changes.ts):
 *   create function retarget() ... alter foreign table things options (set table 't2') ...
 *   create view v as select retarget();  select * from v     → notified
 *   another API process: alter foreign table things ...       → notified (a shared PostgreSQL host)
 *   create temp table t (a int)                                → not notified
 * Postgres delivers a notification when its transaction commits: a change rolled back tells nothing.
 * Its payload is the transaction's id (one notification a transaction), so that a change heard twice
 * — by the session's connection that made it and by the engine's watch — counts once (pg-connections.ts).
 * On PGlite it arrives with the answer to the statement that committed (pglite-worker.mjs); on a
 * server, on a connection that listens (pg-catalog-watch.ts).
 */
export const CATALOG_CHANNEL = 'dynascope_catalog';

/** The call that notifies: the channel, and the transaction's id as the payload (one owner for both). */
const NOTIFY_CALL = `pg_catalog.pg_notify('${CATALOG_CHANNEL}', pg_catalog.pg_current_xact_id()::text)`;

/**
 * The same notification for a change that is no DDL but that other API processes must hear of: a
 * vault secret's new value (vault/vault.ts), which their clients may have been built with
 * (dynamo/client-cache.ts recheckCredentials). Run in the change's transaction.
 */
export const NOTIFY_CATALOG_CHANGE = `select ${NOTIFY_CALL}`;

export const CATALOG_NOTIFY_DDL = `
create or replace function dynascope.notify_catalog_change() returns event_trigger
  language plpgsql set search_path = pg_catalog as $$
begin
  if tg_event = 'sql_drop' then
    if exists (select 1 from pg_catalog.pg_event_trigger_dropped_objects() where not is_temporary) then
      perform ${NOTIFY_CALL};
    end if;
  -- A temporary object's schema is pg_temp; a trigger on a temporary table has none, its identity says.
  elsif exists (select 1 from pg_catalog.pg_event_trigger_ddl_commands()
                 where schema_name is distinct from 'pg_temp'
                   and not (schema_name is null and object_identity ~ ' on pg_temp\\.[^ ]+$')) then
    perform ${NOTIFY_CALL};
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
