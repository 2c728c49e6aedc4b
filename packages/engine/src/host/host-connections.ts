import type { Host } from './host';

/**
 * Where the engine's sessions get their host: one connection each, or turns on a shared one.
 *
 * - PGlite (`SharedConnection`, shared-connection.ts): one connection for everyone. Each session's
 *   `Host` takes the connection's lock for one call at a time (for the whole of `transaction(fn)` /
 *   `asOwner(fn)`), with that session's settings put in place first; `exclusiveBlocks` is true: while a
 *   session's transaction block is open the engine keeps the other sessions' statements waiting.
 * - A server (PostgreSQL): `forSession()` hands out a connection of its own (a pool's client), whose
 *   settings and transaction block are its own; `exclusiveBlocks` is false and nothing waits. Its
 *   `close()` gives the connection back (ended, so an open block rolls back).
 *
 * Every `Host` reports `inTransaction()` for its own session only.
 */
export interface HostConnections {
  /** Whether a session's open transaction block must keep the other sessions' statements out. */
  readonly exclusiveBlocks: boolean;
  /** The engine's own work outside sessions (catalog reads, the vault, type names, bootstrap). */
  main(): Host;
  /**
   * A new session's host. `customSettings`: the names of custom settings (`dynascope.*`) the session
   * has SET, which a shared connection saves with the others when another session takes its turn.
   */
  forSession(customSettings: ReadonlySet<string>): Promise<Host>;
  /** Calls `onChange` whenever the catalog changed, whoever changed it (Host.watchCatalog). */
  watchCatalog(onChange: () => void): Promise<void>;
  /** Closes every connection (sessions' hosts first). */
  close(): Promise<void>;
}
