import { ClientCache } from './client-cache';
import type { Host } from '../host/host';
import type { Vault } from '../vault/vault';

/** A session as far as its clients go: the connection its statements run on. */
interface OnHost {
  readonly host: Host;
}

/**
 * The clients of a session whose open transaction block changed server keys (CREATE or ALTER SERVER,
 * vault.create_secret or vault.update_secret): until the block ends, its statements sign with the
 * keys the block sees, and no other session does. They are built in a ClientCache of the session's own,
 * reading the vault on the session's connection (Vault.on): on a PostgreSQL host the engine's own
 * connection reads committed keys only, so the block's statements signed with the old ones; on PGlite
 * (one connection) the shared cache kept a client built from the block's keys after a ROLLBACK.
 * When the block ends, its clients are forgotten, and so are the shared cache's: after a COMMIT every
 * session builds them from the committed keys, after a ROLLBACK from the keys as they were.
 *   s1: begin; alter server s options (set aws_access_key_id 'B', ...);
 *   s1: select ... from t            → signed with B (the session's cache)
 *   s2: select ... from t            → signed with A (the shared cache; on PGlite s2 waits for the block)
 *   s1: rollback                     → every session signs with A again
 */
export class BlockClients {
  private readonly own = new WeakMap<OnHost, ClientCache>();

  constructor(
    private readonly shared: ClientCache,
    private readonly vault: Vault,
  ) {}

  /** The clients a statement of `session` uses now. */
  of(session: OnHost): ClientCache {
    return this.own.get(session) ?? this.shared;
  }

  /**
   * After each statement of `session`: `changedKeys`, whether it changed server keys; `inBlock`,
   * whether the session is inside a transaction block now.
   */
  settle(session: OnHost, changedKeys: boolean, inBlock: boolean): void {
    const own = this.own.get(session);
    if (!inBlock) {
      if (!own) return;
      this.own.delete(session);
      own.forgetAll();
      this.shared.forgetAll();
    } else if (changedKeys && !own) {
      this.own.set(session, new ClientCache(this.vault.on(session.host)));
    }
  }

  /** A session that ends (its block, if any, ends with it). */
  drop(session: OnHost): void {
    this.settle(session, false, false);
  }
}
