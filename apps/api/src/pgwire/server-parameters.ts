import type { WireEngine } from './pg-connection';

/** The host's settings every client gets as ParameterStatus after start-up. */
const REPORTED = [
  'server_version',
  'server_encoding',
  'DateStyle',
  'IntervalStyle',
  'TimeZone',
  'integer_datetimes',
  'standard_conforming_strings',
] as const;

/**
 * The ParameterStatus values: the host's own (its Postgres version, DateStyle, TimeZone, ...) and
 * the ones the wire fixes (UTF8 to the client, no superuser).
 */
export async function serverParameters(engine: Pick<WireEngine, 'execute'>): Promise<Record<string, string>> {
  const sql = `select ${REPORTED.map((n) => `pg_catalog.current_setting('${n}')`).join(', ')}`;
  const result = await engine.execute(sql);
  const row = result.statements[0]?.rows[0];
  if (result.error || !row)
    throw new Error(`cannot read the host's settings: ${result.error?.message ?? 'no row'}`);
  const host = Object.fromEntries(REPORTED.map((n, i) => [n, String(row[i])]));
  return {
    ...host,
    client_encoding: 'UTF8',
    application_name: '',
    is_superuser: 'off',
  };
}
