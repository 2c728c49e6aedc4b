import { SERVER_IDENTITY_DDL } from '../dynamo/credentials/server-identity-call';
import { VAULT_DDL } from '../vault/vault';
import { MATERIALIZED_VIEWS_DDL } from '../run/materialized-views';

/** Objects the engine keeps in the host beside the user's catalog. Idempotent. */
export const BOOTSTRAP_SQL = `
${VAULT_DDL}
create table if not exists dynascope.server_credentials (
  server_oid oid not null,
  option text not null,
  secret_id uuid not null references vault.secrets(id) on delete cascade,
  primary key (server_oid, option)
);
${SERVER_IDENTITY_DDL}
${MATERIALIZED_VIEWS_DDL}
`;
