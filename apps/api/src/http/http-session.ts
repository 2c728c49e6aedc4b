/**
 * The engine session an HTTP request's `session` names: its own namespace (`http:` + the value),
 * which no session the server opens itself can be in — a wire connection's (`pgwire-<pid>`), a
 * saved-query check's. Before, `"session": "pgwire-1002"` ran inside that psql connection's session:
 * its settings, its temp tables, its open transaction block. No value: the default session.
 *   httpSession('tab-1') → { session: 'http:tab-1' };  httpSession(undefined) → {}
 */
export function httpSession(session: string | undefined): { session?: string } {
  return session === undefined ? {} : { session: `http:${session}` };
}
