import type { WireEngine } from './wire-engine';

/** The host's settings every client gets as ParameterStatus (again whenever a SET changes one). */
const REPORTED = [
  'application_name',
  'server_version',
  'server_encoding',
  'DateStyle',
  'IntervalStyle',
  'TimeZone',
  'integer_datetimes',
  'standard_conforming_strings',
] as const;

/** The reported settings as the host has them, in `session` (the default session when none); null when it cannot say. */
export async function hostParameters(
  engine: Pick<WireEngine, 'execute'>,
  session?: string,
): Promise<Record<string, string> | null> {
  const sql = `select ${REPORTED.map((n) => `pg_catalog.current_setting('${n}')`).join(', ')}`;
  const result = await engine.execute(sql, session === undefined ? {} : { session });
  const row = result.statements[0]?.rows[0];
  if (result.error || !row) return null;
  return Object.fromEntries(REPORTED.map((n, i) => [n, String(row[i])]));
}

/**
 * The ParameterStatus values after start-up: the host's own (its Postgres version, DateStyle,
 * TimeZone, ...) and the ones the wire fixes (UTF8 to the client, no superuser).
 */
export async function serverParameters(engine: Pick<WireEngine, 'execute'>): Promise<Record<string, string>> {
  const host = await hostParameters(engine);
  if (!host) throw new Error("cannot read the host's settings");
  return { ...host, client_encoding: 'UTF8', is_superuser: 'off' };
}
