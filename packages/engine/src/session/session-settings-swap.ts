import type { Host } from '../host/host';

/** A session's settings as Postgres reports them: what it changed from the defaults (name, value). */
export type SavedSettings = readonly (readonly [string, string])[];

/** Settings a session does not own: who it is (the engine keeps the user role). */
const NOT_SWAPPED = new Set([
  'session_authorization',
  'role',
  'is_superuser',
  'transaction_isolation',
  'transaction_read_only',
  'transaction_deferrable',
]);

/**
 * The embedded Postgres has one connection: each engine session's settings (SET ... and
 * `dynascope.*`) are saved when another session's statement comes and put back when its own does.
 *   A: set datestyle = 'SQL, DMY'   B: show datestyle → ISO, MDY   A: show datestyle → SQL, DMY
 */
export async function saveSettings(host: Host, custom: Iterable<string>): Promise<SavedSettings> {
  // Custom settings (`dynascope.*`, `myapp.x`) are placeholders pg_settings does not list: the ones the session SET.
  const r = await host.query(
    `select name, setting from pg_catalog.pg_settings where source = 'session'
     union all
     select n, pg_catalog.current_setting(n, true) from pg_catalog.unnest($1::pg_catalog.text[]) n
     where coalesce(pg_catalog.current_setting(n, true), '') operator(pg_catalog.<>) ''`,
    [[...custom]],
  );
  return r.rows.filter((row) => !NOT_SWAPPED.has(row[0]!)).map((row) => [row[0]!, row[1]!] as const);
}

/**
 * The names a session's settings are compared by (settingsPrint): every setting SET can change
 * (context user or superuser; ~200 on Postgres 18), less the ones no session owns (NOT_SWAPPED).
 */
export async function printedNames(host: Host): Promise<readonly string[]> {
  const r = await host.query(
    "select name from pg_catalog.pg_settings where context in ('user', 'superuser') order by name",
  );
  return Object.freeze(r.rows.map((row) => row[0]!).filter((name) => !NOT_SWAPPED.has(name)));
}

/**
 * The connection's settings as one exact text: the value of each of `names` and of the custom
 * settings (sorted), as an array's output (which keeps every value apart). Equal texts, equal
 * settings — what SharedConnection compares to skip saveSettings (pg_settings builds ~400 rows of 17
 * columns: ~1 ms on PGlite, this ~0.4 ms) and a restore the connection does not need.
 *   ['DateStyle', 'TimeZone'], {'myapp.x'} → '[["myapp.x"],"{\"ISO, MDY\",UTC,b}"]'
 */
export async function settingsPrint(
  host: Host,
  names: readonly string[],
  custom: Iterable<string>,
): Promise<string> {
  const customNames = [...custom].sort();
  const r = await host.query(
    // Every name qualified: the user's search_path (`public, pg_catalog`) must not reach a function of theirs.
    'select pg_catalog.array_agg(pg_catalog.current_setting(n, true))::pg_catalog.text from pg_catalog.unnest($1::pg_catalog.text[]) n',
    [[...names, ...customNames]],
  );
  return JSON.stringify([customNames, r.rows[0]![0]]);
}

/** Resets every setting, then applies `saved` (set_config as the host's owner: user SQL may not call it). */
export async function restoreSettings(host: Host, saved: SavedSettings): Promise<void> {
  await host.exec('reset all');
  const searchPath = saved.find(([name]) => name === 'search_path');
  const others = saved.filter(([name]) => name !== 'search_path');
  if (others.length) {
    // One round trip for all of them, in order.
    await host.asOwner(() =>
      host.query(
        'select pg_catalog.set_config(n, v, false) from unnest($1::text[], $2::text[]) with ordinality s(n, v, i) order by i',
        [others.map(([name]) => name), others.map(([, value]) => value)],
      ),
    );
  }
  // asOwner puts back the search_path it found: this one is set after it, as the user.
  // pg_settings prints it as a list SET reads back (identifiers quoted where needed); `""` is the empty one.
  if (searchPath) await host.exec(`set search_path to ${searchPath[1] === '""' ? "''" : searchPath[1]}`);
}
