/**
 * Where the Postgres wire protocol listens (`GET /api/connection`), for the web app's "Connect"
 * panel: `psql "postgresql://dynascope@127.0.0.1:5481/dynascope"`, password: the API token.
 * `postgres` is null when it is off (`DYNASCOPE_PG_PORT=0`) or could not listen.
 */
export interface ConnectionInfo {
  readonly postgres: PostgresEndpoint | null;
}

export interface PostgresEndpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}
