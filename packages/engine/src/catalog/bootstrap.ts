import { SERVER_IDENTITY_DDL } from '../dynamo/credentials/server-identity-call';
import { VAULT_DDL } from '../vault/vault';
import { MATERIALIZED_VIEWS_DDL } from '../run/materialized-views';
import { CANONICAL_TEXT_DDL } from '../write/canonical-text';
import { HOST_MOVE_DDL } from '../run/host-move';
import { SAVED_QUERIES_DDL } from '../saved/saved-queries-ddl';

/** The advisory lock key bootstraps take turns on (any constant; 'dynascop' in ASCII). */
const BOOTSTRAP_LOCK = 0x64796e6173636f70n;

/**
 * Objects the engine keeps in the host beside the user's catalog. Idempotent, and run as one
 * transaction (one simple-protocol script) that first takes a lock of its own, so that API processes
 * starting at once against one PostgreSQL database take turns (CREATE ... IF NOT EXISTS and
 * CREATE OR REPLACE race each other otherwise).
 */
export const BOOTSTRAP_SQL = `
select pg_catalog.pg_advisory_xact_lock(${BOOTSTRAP_LOCK});
${VAULT_DDL}
create table if not exists dynascope.server_credentials (
  server_oid oid not null,
  option text not null,
  secret_id uuid not null references vault.secrets(id) on delete cascade,
  primary key (server_oid, option)
);
${SERVER_IDENTITY_DDL}
${MATERIALIZED_VIEWS_DDL}
${CANONICAL_TEXT_DDL}
${HOST_MOVE_DDL}
${SAVED_QUERIES_DDL}
-- Postgres 16 and later define the ICU collation "unicode" (PGlite has it); a PostgreSQL 15 host gets it here.
do $$
begin
  if not exists (select 1 from pg_catalog.pg_collation
                  where collname = 'unicode' and collnamespace = 'pg_catalog'::pg_catalog.regnamespace) then
    create collation pg_catalog.unicode (provider = icu, locale = 'und');
  end if;
end $$;
`;
