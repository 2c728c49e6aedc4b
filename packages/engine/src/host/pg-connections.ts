import type { Host } from './host';
import type { HostConnections } from './host-connections';
import { PgHost } from './pg-host';

/**
 * A PostgreSQL server's connections (HostConnections): the engine's own work on one connection,
 * and a connection of its own for every session — its settings, temp tables and transaction block
 * are the server's business, so nothing waits for another session (`exclusiveBlocks` false).
 * A session's `close()` ends its connection, which rolls back a block left open.
 */
export class PgConnections implements HostConnections {
  readonly exclusiveBlocks = false;
  private readonly sessions = new Set<PgHost>();
  /** Told of catalog changes (watchCatalog): the engine's watch, and each session's own connection. */
  private onCatalogChange: (() => void) | undefined;

  /** `main`: connected and bootstrapped; sessions' connections start in the user role. */
  constructor(private readonly engineHost: PgHost) {}

  main(): Host {
    return this.engineHost;
  }

  async forSession(): Promise<Host> {
    const host = await this.engineHost.openSession(() => this.sessions.delete(host), this.onCatalogChange);
    this.sessions.add(host);
    return host;
  }

  watchCatalog(onChange: () => void): Promise<void> {
    this.onCatalogChange = onChange;
    return this.engineHost.watchCatalog(onChange);
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions].map((s) => s.close()));
    await this.engineHost.close();
  }
}
