import type { Host } from './host';
import type { HostConnections } from './host-connections';
import { SessionHost, type Turns } from './session-host';
import { printedNames, restoreSettings, saveSettings, settingsPrint } from '../session/session-settings-swap';
import { ContextMutex } from '../util/context-mutex';
import { EngineError } from '../errors';

/** How long a host call waits for another session's call or span before it fails (55P03). */
const DEFAULT_WAIT_MS = 120_000;

/**
 * PGlite's one connection shared by every session (HostConnections): each host call takes the
 * connection's lock for that call only, so sessions' statements interleave call by call — a point
 * lookup in B runs between the host calls of A's long aggregate, whose time goes to DynamoDB and
 * JavaScript. A host-heavy call (a large join evaluated in the host) still holds the connection
 * while it runs: the others wait for that call. The connection holds one session's settings at a
 * time: a call from another session saves them and puts its own in place first. A call that waits
 * longer than `waitMs` (2 minutes) fails with 55P03 rather than wait on: a span (a write preview)
 * that waits for work which itself needs the connection (credentials another session began to
 * read from the vault) must not hold it for ever.
 */
export class SharedConnection implements HostConnections, Turns {
  readonly exclusiveBlocks = true;
  private readonly lock = new ContextMutex();
  private readonly engineHost = new SessionHost(this, null);
  /** The session whose settings the connection holds (null: the defaults). */
  private holder: SessionHost | null = null;
  /** The session whose transaction is open on the connection. */
  private owner: SessionHost | null = null;
  /** The session whose turn (call or span) holds the connection. */
  private turnOf: SessionHost | null = null;
  /** The settings settingsPrint reads (looked up at the first swap). */
  private names: Promise<readonly string[]> | null = null;

  constructor(
    private readonly connection: Host,
    private readonly waitMs = DEFAULT_WAIT_MS,
  ) {}

  main(): Host {
    return this.engineHost;
  }

  async watchCatalog(onChange: () => void): Promise<void> {
    await this.take(this.engineHost, async (connection) => connection.watchCatalog?.(onChange));
  }

  forSession(customSettings: ReadonlySet<string>): Promise<Host> {
    return Promise.resolve(new SessionHost(this, customSettings));
  }

  take<T>(who: SessionHost, fn: (connection: Host) => Promise<T>): Promise<T> {
    const nested = this.lock.held;
    return this.turn(async () => {
      // The engine's own calls run with whichever settings are in place (asOwner sets what it needs).
      if (who.customSettings) await this.placeSettings(who);
      if (!nested) this.turnOf = who;
      try {
        return await fn(this.connection);
      } finally {
        if (!nested) this.turnOf = null;
        // A session's call leaves its block open or ends it; the engine's own calls run inside
        // whichever block is open and change nothing about whose it is.
        // A call made while another session's block is open (a session's end, say) leaves it that
        // session's: taken over, the caller's release() would roll it back (found by helper-126).
        if (who.customSettings) this.owner = this.connection.inTransaction() ? (this.owner ?? who) : null;
      }
    });
  }

  inTransaction(who: SessionHost): boolean {
    if (!this.connection.inTransaction()) return false;
    // Inside its own span (`transaction(fn)` has begun on the connection itself) it is the session's.
    return !who.customSettings || this.owner === who || (this.lock.held && this.turnOf === who);
  }

  release(who: SessionHost): Promise<void> {
    return this.turn(async () => {
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

  private turn<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock.run(
      fn,
      this.waitMs,
      () =>
        new EngineError('55P03', `waited ${this.waitMs / 1000} s for the embedded Postgres`, {
          hint: "another session's work has held its one connection all that time (a long write preview, a materialized view's refresh, a large join in the host); run the statement again",
        }),
    );
  }

  /**
   * Puts `who`'s settings into the connection, keeping the ones of the session that had it. The
   * connection's settings are printed first (settingsPrint): when they are still those `from` was
   * saved with, its saved settings still hold and are not read again; when they are those `who` was
   * saved with (sessions of one pool set the same), `who`'s need no putting back. A print that fails
   * is no print: the settings are saved and put back in full.
   */
  private async placeSettings(who: SessionHost): Promise<void> {
    if (this.holder === who) return;
    const from = this.holder;
    const now = from ? await this.print(from) : null;
    if (from && (now === null || from.print !== now)) {
      from.saved = await saveSettings(this.connection, from.customSettings!);
      from.print = now;
    }
    // The defaults are in place when no session's are: a session that changed none needs no reset.
    const inPlace = (now !== null && who.print === now) || (!from && !who.saved.length);
    if (!inPlace) await restoreSettings(this.connection, who.saved);
    this.holder = who;
  }

  private async print(of: SessionHost): Promise<string | null> {
    try {
      this.names ??= printedNames(this.connection);
      return await settingsPrint(this.connection, await this.names, of.customSettings!);
    } catch {
      this.names = null;
      return null;
    }
  }
}
