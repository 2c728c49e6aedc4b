import { openPGliteHost, type PGliteHost } from '@dynascope/engine/early-host';
import { dataDirOf } from './data-dir';
import { lockDataDir, type DataDirLock } from './data-dir-lock';

/** The data directory's lock and its embedded Postgres, opening since the process started. */
export interface EarlyStart {
  readonly dataDir: string;
  readonly lock: DataDirLock;
  readonly host: Promise<PGliteHost>;
}

let started: EarlyStart | null = null;

/**
 * The first thing the server's entry (main.ts) does, before the rest of the server is loaded: it takes
 * the data directory's lock and starts opening PGlite on it, so that the embedded Postgres's start
 * (most of a warm restart) runs on its worker thread while the server's modules compile. Nothing
 * when the host is a PostgreSQL server, or when the lock cannot be taken: server.ts then does both
 * itself, and says what went wrong.
 */
export function startEarly(env: NodeJS.ProcessEnv, cwd: string): void {
  if (env.DYNASCOPE_DATABASE_URL) return;
  const dataDir = dataDirOf(env, cwd);
  let lock: DataDirLock;
  try {
    lock = lockDataDir(dataDir);
  } catch {
    return;
  }
  const host = openPGliteHost(dataDir);
  // Its failure is Engine.open's to report.
  host.catch(() => undefined);
  started = { dataDir, lock, host };
}

/** What startEarly began on `dataDir` (once), or null. */
export function takeEarlyStart(dataDir: string): EarlyStart | null {
  const early = started?.dataDir === dataDir ? started : null;
  started = null;
  return early;
}
