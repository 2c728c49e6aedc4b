import type { PostgresEndpoint } from '@dynascope/contract';

export interface ConnectCommands {
  /** The host clients should dial (the page's own host when the server listens on every address). */
  readonly host: string;
  readonly psql: string;
  readonly jdbcUrl: string;
}

/**
 * How to reach the Postgres wire protocol from a client (the password is the API token, never
 * part of these): { host '127.0.0.1', port 5481 } →
 *   psql "postgresql://dynascope@127.0.0.1:5481/dynascope"
 *   jdbc:postgresql://127.0.0.1:5481/dynascope?user=dynascope
 */
export function connectCommands(endpoint: PostgresEndpoint, pageHost: string): ConnectCommands {
  const host = ['0.0.0.0', '::'].includes(endpoint.host) ? pageHost : endpoint.host;
  const address = `${host.includes(':') ? `[${host}]` : host}:${endpoint.port}`;
  const user = encodeURIComponent(endpoint.user);
  const database = encodeURIComponent(endpoint.database);
  return {
    host,
    psql: `psql "postgresql://${user}@${address}/${database}"`,
    jdbcUrl: `jdbc:postgresql://${address}/${database}?user=${user}`,
  };
}
