import type { Host, HostDescription, HostResult } from './host';
import type { SavedSettings } from '../session/session-settings-swap';

/** How a session's host takes its turns on a shared connection (shared-connection.ts). */
export interface Turns {
  /** Runs `fn` over the connection in `who`'s turn: its lock taken, `who`'s settings in place. */
  take<T>(who: SessionHost, fn: (connection: Host) => Promise<T>): Promise<T>;
  /** Whether the connection's open transaction is `who`'s. */
  inTransaction(who: SessionHost): boolean;
  /** `who` ends: its open transaction is rolled back, its settings leave the connection. */
  release(who: SessionHost): Promise<void>;
}

/**
 * One session's host over a connection shared with other sessions (PGlite's one connection):
 * each call is a turn of its own (`transaction(fn)` and `asOwner(fn)` one turn for all of `fn`,
 * the calls made inside it included), run with the session's settings.
 *   A: host.query('select 1')  ... B: host.query(...) waits for A's call only, not for A's statement
 */
export class SessionHost implements Host {
  /** The session's settings while another session's are in place (session-settings-swap.ts). */
  saved: SavedSettings = [];
  /** The connection's settings as settingsPrint printed them when `saved` was read (null: not printed). */
  print: string | null = null;

  /** `customSettings`: the session's (`null`: the engine's own host, with no settings of its own). */
  constructor(
    private readonly turns: Turns,
    readonly customSettings: ReadonlySet<string> | null,
  ) {}

  query(sql: string, params?: readonly unknown[], onNotice?: (message: string) => void): Promise<HostResult> {
    return this.turns.take(this, (c) => c.query(sql, params, onNotice));
  }

  copyBlob(
    sql: string,
    input?: Uint8Array,
  ): Promise<{ output: Uint8Array | undefined; affectedRows: number | undefined }> {
    return this.turns.take(this, (c) => c.copyBlob(sql, input));
  }

  describe(sql: string, paramTypes?: readonly number[]): Promise<HostDescription> {
    return this.turns.take(this, (c) => c.describe(sql, paramTypes));
  }

  exec(sql: string): Promise<void> {
    return this.turns.take(this, (c) => c.exec(sql));
  }

  inTransaction(): boolean {
    return this.turns.inTransaction(this);
  }

  asOwner<T>(fn: () => Promise<T>): Promise<T> {
    return this.turns.take(this, (c) => c.asOwner(fn));
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.turns.take(this, (c) => c.transaction(fn));
  }

  close(): Promise<void> {
    return this.turns.release(this);
  }
}
