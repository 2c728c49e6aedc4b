import type { Host } from './host';
import type { HostConnections } from './host-connections';
import { SessionHost, type Turns } from './session-host';
import { restoreSettings, saveSettings } from '../session/session-settings-swap';
import { ContextMutex } from '../util/context-mutex';

/**
 * PGlite's one connection shared by every session (HostConnections): each host call takes the
 * connection's lock for that call only, so sessions' statements interleave call by call — a point
 * lookup in B runs between the host calls of A's long aggregate, whose time goes to DynamoDB and
 * JavaScript. A host-heavy call (a large join evaluated in the host) still holds the connection
 * while it runs: the others wait for that call. The connection holds one session's settings at a
 * time: a call from another session saves them and puts its own in place first.
 */
export class SharedConnection implements HostConnections, Turns {
  readonly exclusiveBlocks = true;
  private readonly lock = new ContextMutex();
  private readonly engineHost = new SessionHost(this, null);
  /** The session whose settings the connection holds (null: the defaults). */
  private holder: SessionHost | null = null;
  /** The session whose transaction is open on the connection. */
  private owner: SessionHost | null = null;

  constructor(private readonly connection: Host) {}

  main(): Host {
    return this.engineHost;
  }

  forSession(customSettings: ReadonlySet<string>): Promise<Host> {
    return Promise.resolve(new SessionHost(this, customSettings));
  }

  take<T>(who: SessionHost, fn: (connection: Host) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      // The engine's own calls run with whichever settings are in place (asOwner sets what it needs).
      if (who.customSettings) await this.placeSettings(who);
      try {
        return await fn(this.connection);
      } finally {
        // A session's call leaves its block open or ends it; the engine's own calls run inside
        // whichever block is open and change nothing about whose it is.
        if (who.customSettings) this.owner = this.connection.inTransaction() ? who : null;
      }
    });
  }

  inTransaction(who: SessionHost): boolean {
    if (!who.customSettings) return this.connection.inTransaction();
    return this.owner === who && this.connection.inTransaction();
  }

  release(who: SessionHost): Promise<void> {
    return this.lock.run(async () => {
      if (this.owner === who) {
        this.owner = null;
        if (this.connection.inTransaction()) await this.connection.exec('rollback').catch(() => undefined);
      }
      if (this.holder === who) {
        await restoreSettings(this.connection, []);
        this.holder = null;
      }
    });
  }

  close(): Promise<void> {
    return this.lock.run(() => this.connection.close());
  }

  /** Puts `who`'s settings into the connection, keeping the ones of the session that had it. */
  private async placeSettings(who: SessionHost): Promise<void> {
    if (this.holder === who) return;
    const from = this.holder;
    if (from) from.saved = await saveSettings(this.connection, from.customSettings!);
    // The defaults are in place when no session's are: a session that changed none needs no reset.
    if (from || who.saved.length) await restoreSettings(this.connection, who.saved);
    this.holder = who;
  }
}
