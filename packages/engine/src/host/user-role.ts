/**
 * The role user SQL runs as: an ordinary role of the embedded Postgres. It owns the user's schemas,
 * servers, foreign tables and views, may create temp tables and schemas, functions in SQL and
 * PL/pgSQL, and may call the vault's functions; it cannot read files, ALTER SYSTEM, create roles, COPY
 * to or from server files, UPDATE pg_settings (whose rule calls set_config with the row's values),
 * use another procedural language, nor read the vault's ciphertexts or the engine's
 * `dynascope` tables (of that schema it may only call `dynascope.server_identity`, the stored
 * text's functions of write/canonical-text.ts and `dynascope.cursor_move`). Postgres itself refuses all that (42501).
 * set_config (which could set session_authorization back to the host's superuser) is revoked from
 * PUBLIC and granted to the role alone once the engine checks every call's setting where it is
 * written (set-config-grant.ts, set-config-call.ts). PL/pgSQL's dynamic SQL
 * (EXECUTE and its kin) could set session_authorization too: the engine refuses it before Postgres sees
 * a body, and checks the body's static SQL as the user's own (statement-policy.ts, plpgsql-policy.ts).
 */
export const USER_ROLE = 'dynascope_user';

/**
 * The role the engine's own COPY runs as on PGlite, whose COPY through memory is a server-file COPY
 * (`COPY ... FROM '/dev/blob'`): a NOLOGIN non-superuser, member of dynascope_user (so the staging
 * tables, the defaults' sequences and functions are its) and of pg_read_server_files and
 * pg_write_server_files, nothing else. User code that runs during that COPY (a default, a domain's
 * CHECK, a trigger) runs as it, without the superuser's rights; its file privileges reach nothing but
 * a COPY naming a file, which statement-policy.ts refuses wherever user SQL can write one. A server
 * host does not need it: its COPY ... FROM STDIN runs as dynascope_user.
 */
export const COPY_ROLE = 'dynascope_copy';

/**
 * The owner of routines an engine found, when it opened, with a body its checks now refuse
 * (quarantine-bodies.ts): a NOLOGIN role with no privileges and no members, so that nobody — not
 * dynascope_user, who made them — may execute, grant, replace or alter them; they are kept for a
 * superuser of the host to read or drop.
 */
export const QUARANTINE_ROLE = 'dynascope_quarantine';

/**
 * Run by the host's superuser at every start (idempotent): the role, its privileges, and what data
 * directories from before it existed need — the objects the user made are handed to the role.
 */
export const USER_ROLE_SQL = `
do $$
declare
  owner oid := (select oid from pg_roles where rolname = session_user);
  r record;
begin
  -- A role is the server's, not the database's: another database may be creating it right now.
  if not exists (select 1 from pg_roles where rolname = '${USER_ROLE}') then
    begin
      create role ${USER_ROLE} nologin;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  execute format('grant create, temporary, connect on database %I to ${USER_ROLE}', current_database());
  if not exists (select 1 from pg_roles where rolname = '${QUARANTINE_ROLE}') then
    begin
      create role ${QUARANTINE_ROLE} nologin noinherit;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  -- Altered only when needed: the role is the server's, and other databases' engines open at the same time.
  if exists (select 1 from pg_roles where rolname = '${QUARANTINE_ROLE}'
              and (rolsuper or rolcreatedb or rolcreaterole or rolreplication or rolbypassrls or rolinherit or rolcanlogin)) then
    alter role ${QUARANTINE_ROLE} nosuperuser nocreatedb nocreaterole noreplication nobypassrls noinherit nologin;
  end if;
  for r in select m.member::regrole::text as name from pg_auth_members m where m.roleid = '${QUARANTINE_ROLE}'::regrole loop
    execute format('revoke ${QUARANTINE_ROLE} from %s', r.name);
  end loop;
  if pg_catalog.version() like '%(PGlite %' then
    if not exists (select 1 from pg_roles where rolname = '${COPY_ROLE}') then
      create role ${COPY_ROLE} nologin;
    end if;
    alter role ${COPY_ROLE} nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit nologin;
    grant pg_read_server_files, pg_write_server_files, ${USER_ROLE} to ${COPY_ROLE};
    for r in select m.roleid::regrole::text as name from pg_auth_members m
              where m.member = '${COPY_ROLE}'::regrole
                and m.roleid not in ('pg_read_server_files'::regrole, 'pg_write_server_files'::regrole, '${USER_ROLE}'::regrole) loop
      execute format('revoke %s from ${COPY_ROLE}', r.name);
    end loop;
  end if;
  for r in select fdwname from pg_foreign_data_wrapper loop
    execute format('grant usage on foreign data wrapper %I to ${USER_ROLE}', r.fdwname);
  end loop;
  for r in select srvname from pg_foreign_server where srvowner = owner loop
    execute format('alter server %I owner to ${USER_ROLE}', r.srvname);
  end loop;
  for r in select n.nspname from pg_namespace n
            where n.nspowner = owner and n.nspname not in ('pg_catalog', 'information_schema', 'vault', 'dynascope')
              and n.nspname !~ '^pg_' loop
    execute format('alter schema %I owner to ${USER_ROLE}', r.nspname);
  end loop;
  for r in select c.oid::regclass::text as name, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relowner = owner and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
              and n.nspname not in ('pg_catalog', 'information_schema', 'vault', 'dynascope') and n.nspname !~ '^pg_'
              and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')) loop
    execute format('alter %s %s owner to ${USER_ROLE}',
      case r.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' when 'S' then 'sequence' else 'table' end,
      r.name);
  end loop;
  -- Only sql and plpgsql, whose bodies the engine checks: another trusted language's dynamic SQL could not be.
  for r in select lanname from pg_language where lanpltrusted and lanname not in ('sql', 'plpgsql') loop
    execute format('revoke usage on language %I from public', r.lanname);
  end loop;
  for r in select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where p.proowner = owner and n.nspname not in ('pg_catalog', 'information_schema', 'vault', 'dynascope') and n.nspname !~ '^pg_' loop
    execute format('alter routine %s owner to ${USER_ROLE}', r.name);
  end loop;
end $$;
grant usage, create on schema public to ${USER_ROLE};
revoke all on schema dynascope from public;
revoke all on all tables in schema dynascope from public;
revoke all on all functions in schema dynascope from public;
grant usage on schema dynascope to ${USER_ROLE};
grant execute on function dynascope.server_identity(text) to ${USER_ROLE};
grant execute on function dynascope.canonical_text(anyelement) to ${USER_ROLE};
grant execute on function dynascope.stored_text(anyelement), dynascope.stored_record(anyelement, jsonb),
  dynascope.stored_recordset(anyelement, jsonb),
  dynascope.money_array(jsonb), dynascope.cursor_move(refcursor, text, integer) to ${USER_ROLE};
grant usage on schema vault to ${USER_ROLE};
revoke all on all tables in schema vault from public;
grant select on vault.secrets to ${USER_ROLE};
grant execute on all functions in schema vault to ${USER_ROLE};
revoke execute on function pg_catalog.set_config(text, text, boolean) from public;
revoke update on pg_catalog.pg_settings from public;
revoke usage on language plpgsql from public;
grant usage on language plpgsql to ${USER_ROLE};
`;

/** Where user SQL starts: the session drops to the user role (its superuser stays for the engine's own work). */
export const ENTER_USER_ROLE = `set session authorization ${USER_ROLE}`;
