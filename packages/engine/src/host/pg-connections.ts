import type { Host } from './host';
import type { HostConnections } from './host-connections';
import { PgHost } from './pg-host';

/** Transactions remembered as told by a session until the watch hears of them (a handful at a time). */
const MAX_TOLD = 256;

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
  /** Transactions a session's own connection told of, which the watch hears of again a moment later. */
  private readonly toldBySessions: string[] = [];

  /** `main`: connected and bootstrapped; sessions' connections start in the user role. */
  constructor(private readonly engineHost: PgHost) {}

  main(): Host {
    return this.engineHost;
  }

  async forSession(): Promise<Host> {
    const host = await this.engineHost.openSession(
      () => this.sessions.delete(host),
      this.onCatalogChange && ((transaction) => this.toldBySession(transaction)),
    );
    this.sessions.add(host);
    return host;
  }

  /**
   * A change is told once: by the session's connection that committed it (before its answer), or by
   * the watch (another connection's, or one whose session stopped listening). The watch's copy of a
   * change a session told comes later, and would make every session plan again for nothing.
   */
  watchCatalog(onChange: () => void): Promise<void> {
    this.onCatalogChange = onChange;
    return this.engineHost.watchCatalog((transaction) => {
      const told = transaction === undefined ? -1 : this.toldBySessions.indexOf(transaction);
      if (told >= 0) this.toldBySessions.splice(told, 1);
      else onChange();
    });
  }

  private toldBySession(transaction: string | undefined): void {
    if (transaction !== undefined) {
      this.toldBySessions.push(transaction);
      if (this.toldBySessions.length > MAX_TOLD) this.toldBySessions.shift();
    }
    this.onCatalogChange?.();
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions].map((s) => s.close()));
    await this.engineHost.close();
  }
}
