import { createHash } from 'node:crypto';
import type { Host } from '../host/host';
import { EngineError, SqlState } from '../errors';
import { SERVER_IDENTITY_DDL } from '../dynamo/credentials/server-identity-call';
import { VAULT_DDL } from '../vault/vault';
import { HOLDER_WRITES_DDL } from '../vault/holder-writes';
import { MATERIALIZED_VIEWS_DDL } from '../run/materialized-views';
import { CANONICAL_TEXT_DDL } from '../write/canonical-text';
import { HOST_MOVE_DDL } from '../run/host-move';
import { SAVED_QUERIES_DDL } from '../saved/saved-queries-ddl';
import { CATALOG_NOTIFY_DDL } from '../host/catalog-notify';
import { SHARED_BUDGETS_SQL } from '../dynamo/governor/shared-budgets';

/** The advisory lock key bootstraps take turns on (any constant; 'dynascop' in ASCII). */
const BOOTSTRAP_LOCK = 0x64796e6173636f70n;
/** Taken first by every start's set-up script, held until it ends (the script is one transaction). */
const BOOTSTRAP_LOCK_SQL = `select pg_catalog.pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;

/**
 * Objects the engine keeps in the host beside the user's catalog. Idempotent, and run as one
 * transaction (one simple-protocol script) that first takes a lock of its own, so that API processes
 * starting at once against one PostgreSQL database take turns (CREATE ... IF NOT EXISTS and
 * CREATE OR REPLACE race each other otherwise).
 */
export const BOOTSTRAP_SQL = `
${BOOTSTRAP_LOCK_SQL};
${VAULT_DDL}
create table if not exists dynascope.server_credentials (
  server_oid oid not null,
  option text not null,
  secret_id uuid not null references vault.secrets(id) on delete cascade,
  primary key (server_oid, option)
);
-- Where each stored key may be sent (vault.ts bindToDestination).
create table if not exists dynascope.secret_destinations (
  secret_id uuid primary key references vault.secrets(id) on delete cascade,
  destination text not null
);
${HOLDER_WRITES_DDL}
${SERVER_IDENTITY_DDL}
${MATERIALIZED_VIEWS_DDL}
${CANONICAL_TEXT_DDL}
${HOST_MOVE_DDL}
${SAVED_QUERIES_DDL}
${CATALOG_NOTIFY_DDL}
${SHARED_BUDGETS_SQL};
-- Postgres 16 and later define the ICU collation "unicode" (PGlite has it); a PostgreSQL 15 host gets it here.
do $$
begin
  if not exists (select 1 from pg_catalog.pg_collation
                  where collname = 'unicode' and collnamespace = 'pg_catalog'::pg_catalog.regnamespace) then
    create collation pg_catalog.unicode (provider = icu, locale = 'und');
  end if;
end $$;
`;

/**
 * The record that BOOTSTRAP_SQL ran: the SHA-256 of its text and the server version it ran on. It is
 * written by the host's superuser in the bootstrap's own transaction, in the `dynascope` schema,
 * where the user role may create nothing and its tables are revoked from public (USER_ROLE_SQL), so
 * user SQL can neither write nor forge it; a failed bootstrap leaves no record.
 */
const RECORD_DDL = `
create table if not exists dynascope.bootstrap_record (
  only_row boolean primary key default true check (only_row),
  script_sha256 text not null,
  server_version_num integer not null
);
alter table dynascope.bootstrap_record add column if not exists generation integer not null default 1`;

/**
 * The bootstrap's generation: one more whenever what it makes changes so that a process of an older
 * version cannot work with it (`4058485`: server_identity reads a setting older processes never set;
 * 3: stored keys are bound to where they are sent, secret_destinations, which older processes ignore;
 * 4: the user role may run set_config (host/set-config-grant.ts), whose calls older processes do not check;
 * 5: catalog changes are told on a channel of a random name too, which newer processes listen on
 * instead (host/catalog-notify.ts): an older process's bootstrap would put back the event trigger's
 * function that notifies only the old channel, and newer processes would hear no other's change;
 * 6: who wrote each vault secret is recorded, dynascope.secret_writers, which decides what may be
 * bound and written — an older process writes without recording it).
 * A process whose generation is older than the host's record refuses to start (bootstrapScript)
 * rather than make the older objects again under the newer processes. Records from before
 * generations count as 1. src/catalog/bootstrap.test.ts holds the bootstrap's hash, so that a change
 * to it comes with that decision.
 */
export const BOOTSTRAP_GENERATION = 6;

export const BOOTSTRAP_SHA256 = createHash('sha256')
  .update(`${BOOTSTRAP_SQL};${RECORD_DDL};${BOOTSTRAP_GENERATION}`)
  .digest('hex');
const RECORD_SQL = `${RECORD_DDL};
insert into dynascope.bootstrap_record (script_sha256, server_version_num, generation)
  values ('${BOOTSTRAP_SHA256}', pg_catalog.current_setting('server_version_num')::integer, ${BOOTSTRAP_GENERATION})
  on conflict (only_row) do update
  set script_sha256 = excluded.script_sha256, server_version_num = excluded.server_version_num,
      generation = excluded.generation`;

/**
 * Runs `fn` as the host's owner in a transaction holding the bootstrap's lock: the rest of an open's
 * work on the host's catalog (engine.ts: the quarantine of older bodies, the grant of set_config, the
 * scrub of older key options), so that API processes starting at once on one PostgreSQL database
 * take turns on it as on the bootstrap. Each reads what is left to do once it holds the lock: two
 * grants of one function at once fail one of them ('tuple concurrently updated'), two drops of one
 * option the later one ('option not found').
 */
export function withBootstrapLock<T>(
  host: Pick<Host, 'asOwner' | 'transaction' | 'query'>,
  fn: () => Promise<T>,
): Promise<T> {
  return host.asOwner(() =>
    host.transaction(async () => {
      await host.query(BOOTSTRAP_LOCK_SQL);
      return fn();
    }),
  );
}

/**
 * What a start runs before USER_ROLE_SQL, as the host's superuser: BOOTSTRAP_SQL and its record, or
 * only its lock when the host's record says this exact bootstrap already ran on this server version
 * (BOOTSTRAP_SQL is idempotent and only the superuser can change what it made, so running it again
 * changes nothing; skipping it saves a warm PGlite start ~0.1–0.2 s of CPU). A record that is absent,
 * different or unreadable runs the bootstrap. USER_ROLE_SQL still runs at every start, and the lock
 * stays: the role set-up after it takes turns as before.
 */
export async function bootstrapScript(host: Pick<Host, 'query'>): Promise<string> {
  const record = await bootstrapRecord(host);
  if (record && record.generation > BOOTSTRAP_GENERATION)
    throw new EngineError(
      SqlState.objectNotInPrerequisiteState,
      `the host was set up by a newer version of Dynascope (bootstrap generation ${record.generation}, this one's ${BOOTSTRAP_GENERATION})`,
      { hint: 'upgrade this process: every process on one database runs the same version' },
    );
  return record?.current ? BOOTSTRAP_LOCK_SQL : `${BOOTSTRAP_SQL};${RECORD_SQL}`;
}

/** The host's record: whether it says this exact bootstrap ran on this server version, and its generation. */
async function bootstrapRecord(
  host: Pick<Host, 'query'>,
): Promise<{ readonly current: boolean; readonly generation: number } | null> {
  try {
    const table = await host.query("select pg_catalog.to_regclass('dynascope.bootstrap_record') is not null");
    if (table.rows[0]?.[0] !== 't') return null;
    // As jsonb: a record from before generations has no such column.
    const { rows } = await host.query(
      `select pg_catalog.to_jsonb(r)::text, pg_catalog.current_setting('server_version_num')
         from dynascope.bootstrap_record r`,
    );
    if (rows.length !== 1) return null;
    const r = JSON.parse(String(rows[0]![0])) as {
      script_sha256: string;
      server_version_num: number;
      generation?: number;
    };
    return {
      current: r.script_sha256 === BOOTSTRAP_SHA256 && String(r.server_version_num) === rows[0]![1],
      generation: r.generation ?? 1,
    };
  } catch {
    return null;
  }
}
