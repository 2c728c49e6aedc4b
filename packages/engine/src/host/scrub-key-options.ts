import { isCredentialOption } from '../catalog/options';
import type { Host } from './host';
import { oneLine } from './quarantine-bodies';

/**
 * Every FDW option but a server's, by name — never its value, which stays in the host: a user
 * mapping's, a foreign table's, a foreign table column's and a wrapper's — of the engine's wrappers
 * only, those without a handler (catalog/ddl.ts makes them so): another FDW's options on a shared
 * PostgreSQL database (postgres_fdw's user mapping password) are not the engine's to drop. Each row: what holds it
 * (for the log), the ALTER that drops from it (its names quoted by the host), and the option's name
 * as stored and quoted.
 */
const FDW_OPTION_NAMES_SQL = `
select format('user mapping for %s server %s', coalesce(quote_ident(r.rolname), 'public'), quote_ident(s.srvname)),
       format('alter user mapping for %s server %s', coalesce(quote_ident(r.rolname), 'public'), quote_ident(s.srvname)),
       split_part(o, '=', 1), quote_ident(split_part(o, '=', 1))
  from pg_catalog.pg_user_mapping m
  join pg_catalog.pg_foreign_server s on s.oid = m.umserver
  join pg_catalog.pg_foreign_data_wrapper w on w.oid = s.srvfdw and w.fdwhandler = 0
  left join pg_catalog.pg_roles r on r.oid = m.umuser, unnest(m.umoptions) o
union all
select format('foreign table %s', t.ftrelid::regclass), format('alter foreign table %s', t.ftrelid::regclass),
       split_part(o, '=', 1), quote_ident(split_part(o, '=', 1))
  from pg_catalog.pg_foreign_table t
  join pg_catalog.pg_foreign_server s on s.oid = t.ftserver
  join pg_catalog.pg_foreign_data_wrapper w on w.oid = s.srvfdw and w.fdwhandler = 0, unnest(t.ftoptions) o
union all
select format('column %I of foreign table %s', a.attname, a.attrelid::regclass),
       format('alter foreign table %s alter column %I', a.attrelid::regclass, a.attname),
       split_part(o, '=', 1), quote_ident(split_part(o, '=', 1))
  from pg_catalog.pg_foreign_table t
  join pg_catalog.pg_foreign_server s on s.oid = t.ftserver
  join pg_catalog.pg_foreign_data_wrapper w on w.oid = s.srvfdw and w.fdwhandler = 0
  join pg_catalog.pg_attribute a on a.attrelid = t.ftrelid and a.attnum > 0 and not a.attisdropped,
       unnest(a.attfdwoptions) o
union all
select format('foreign data wrapper %I', w.fdwname), format('alter foreign data wrapper %I', w.fdwname),
       split_part(o, '=', 1), quote_ident(split_part(o, '=', 1))
  from pg_catalog.pg_foreign_data_wrapper w, unnest(w.fdwoptions) o
 where w.fdwhandler = 0`;

/**
 * Runs when an engine opens, as the host's owner: a key kept in an FDW option other than a server's
 * — an AWS key option or one whose name looks like a credential's (catalog/options.ts
 * isCredentialOption) on a user mapping, a foreign table or column, or the wrapper — which an older
 * version let the user make (such options are refused since, host/statement-policy.ts), is
 * dropped: the host kept it in plain text that every session reads (pg_user_mappings,
 * information_schema's option views), and it never signed (only a server's keys do). Not moved into
 * the vault: no server names it, and a secret no server uses would only keep it longer. `warn`
 * names the option and what held it, never the value; whoever owns the key should rotate it, as
 * every session could read it. Returns how many were dropped.
 *   user mapping for public server s options (aws_secret_access_key '…')
 *     → alter user mapping for public server s options (drop aws_secret_access_key)
 *     → warn('Dynascope: dropped option aws_secret_access_key of user mapping for public server s: ...')
 */
export async function scrubKeyOptions(host: Host, warn: (line: string) => void): Promise<number> {
  return host.asOwner(async () => {
    const found = (await host.query(FDW_OPTION_NAMES_SQL)).rows.filter((r) => isCredentialOption(r[2]!));
    for (const [holder, alter, name, quoted] of found) {
      await host.exec(`${alter!} options (drop ${quoted!})`);
      warn(
        oneLine`Dynascope: dropped option ${name!} of ${holder!}: a key there was kept in plain text every session could read, and never signed (AWS keys are a server's options, kept in the vault). Rotate that key if it was a real one.`,
      );
    }
    return found.length;
  });
}
