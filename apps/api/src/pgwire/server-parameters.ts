import { REPORTED_SETTINGS } from '@dynascope/engine';
import type { WireEngine } from './wire-engine';

/**
 * The reported settings as the host has them (the engine's REPORTED_SETTINGS: every client gets them
 * as ParameterStatus, again whenever one changes), null when it cannot say. In `session`, its
 * settings as the engine keeps them — read from the host again only after a statement that may
 * have changed one (a new catalog epoch), so asking after every message costs nothing while none
 * did; without one (at start-up), the default session's, read now.
 */
export async function hostParameters(
  engine: Pick<WireEngine, 'execute' | 'sessionSettings'>,
  session?: string,
): Promise<Record<string, string> | null> {
  if (session !== undefined)
    return engine.sessionSettings(session).then(
      (s) => ({ ...s.reported }),
      () => null,
    );
  const sql = `select ${REPORTED_SETTINGS.map((n) => `pg_catalog.current_setting('${n}')`).join(', ')}`;
  const result = await engine.execute(sql);
  const row = result.statements[0]?.rows[0];
  if (result.error || !row) return null;
  return Object.fromEntries(REPORTED_SETTINGS.map((n, i) => [n, String(row[i])]));
}

/**
 * The ParameterStatus values after start-up: the host's own (its Postgres version, DateStyle,
 * TimeZone, ..., client_encoding UTF8) and the one the wire fixes (no superuser).
 */
export async function serverParameters(
  engine: Pick<WireEngine, 'execute' | 'sessionSettings'>,
): Promise<Record<string, string>> {
  const host = await hostParameters(engine);
  if (!host) throw new Error("cannot read the host's settings");
  return { ...host, is_superuser: 'off' };
}
