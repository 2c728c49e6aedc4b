import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** The embedded Postgres's folder inside the data directory. */
export const HOST_FOLDER = 'pgdata';

/** What a Postgres data directory holds at its top level. */
const POSTGRES_ENTRY =
  /^(PG_VERSION|base|global|pg_[a-z_]+(\.conf)?|postgresql(\.auto)?\.conf|postmaster\.(opts|pid)|current_logfiles)$/;

/**
 * Where the host keeps its data: `<dataDir>/pgdata`, so that the vault key, kept beside it in
 * `<dataDir>/vault.key`, lies outside everything the embedded Postgres can see (PGlite mounts only
 * its own folder). A data directory from before this layout (Postgres's files at its top) is moved
 * into place first; a move cut short resumes at the next start, and nothing else is touched.
 * `hostDataDir('.dynascope')` → `.dynascope/pgdata`.
 */
export function hostDataDir(dataDir: string): string {
  const target = join(dataDir, HOST_FOLDER);
  const partial = `${target}.moving`;
  const legacy = existsSync(join(dataDir, 'PG_VERSION'));
  if (!legacy && !existsSync(partial)) return target;
  if (existsSync(target)) {
    throw new Error(
      `${dataDir} holds two Postgres data directories (its top level and ${HOST_FOLDER}/): keep one`,
    );
  }
  mkdirSync(partial, { recursive: true });
  for (const entry of readdirSync(dataDir)) {
    if (POSTGRES_ENTRY.test(entry)) renameSync(join(dataDir, entry), join(partial, entry));
  }
  renameSync(partial, target);
  return target;
}
