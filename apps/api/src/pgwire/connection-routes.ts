import { Hono } from 'hono';
import type { ConnectionInfo, PostgresEndpoint } from '@dynascope/contract';

/**
 * `GET /connection`, mounted under `/api`: where the Postgres wire protocol listens (null: off), for
 * the web app's Connect panel. The password is the token the caller already holds; it is not repeated.
 */
export function connectionRoutes(postgres: () => PostgresEndpoint | null) {
  return new Hono().get('/connection', (c) => c.json<ConnectionInfo, 200>({ postgres: postgres() }));
}
