import { hostDataDir } from './host-data-dir';
import { PGliteHost } from './pglite-host';

/**
 * Opens the embedded Postgres on `dataDir` before the rest of the engine is loaded: a server's entry
 * starts it first (PGlite's start is most of a warm restart) and hands it to `Engine.open` as
 * `openingHost`. Its own package entry (`@dynascope/engine/early-host`) imports only the host, so the
 * engine's modules compile while PGlite starts on its worker thread.
 */
export function openPGliteHost(dataDir: string): Promise<PGliteHost> {
  return PGliteHost.open({ dataDir: hostDataDir(dataDir) });
}

export type { PGliteHost };
