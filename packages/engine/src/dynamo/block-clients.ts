import { ClientCache } from './client-cache';
import type { Host } from '../host/host';
import { as } from '../parse/ast';
import { changesServerKeys } from '../run/run-statement';
import type { Vault } from '../vault/vault';

/** A session as far as its clients go: the connection its statements run on. */
interface OnHost {
  readonly host: Host;
}

/** What a statement did to its session's transaction block, as far as keys go. */
export interface BlockStep {
  /** It changed server keys (run-statement.ts changesServerKeys). */
  readonly changedKeys: boolean;
  /** The session is inside a transaction block after it. */
  readonly inBlock: boolean;
  /** It ended the block it ran in: COMMIT, ROLLBACK or PREPARE TRANSACTION (AND CHAIN opens the next). */
  readonly ended: boolean;
  /** The block's changes were kept: a COMMIT of a block no statement had aborted. */
  readonly committed: boolean;
  /** It was ROLLBACK TO SAVEPOINT. */
  readonly rolledBackToSavepoint: boolean;
}

/**
 * What a statement did to its session's block: `abortedBefore`, the block was aborted before it ran
 * (a statement in it had failed); `failed`, it failed itself; `inBlock`, the session is in a block now.
 *   COMMIT of a block nothing aborted         → ended, committed
 *   ROLLBACK AND CHAIN                        → ended (a new block open), not committed
 *   alter server s options (set ...) in a block → changedKeys
 */
export function blockStep(
  node: unknown,
  outcome: { readonly abortedBefore: boolean; readonly failed: boolean; readonly inBlock: boolean },
): BlockStep {
  const txn = as(node, 'TransactionStmt');
  const ends =
    txn?.kind === 'TRANS_STMT_COMMIT' ||
    txn?.kind === 'TRANS_STMT_ROLLBACK' ||
    txn?.kind === 'TRANS_STMT_PREPARE';
  const ended = ends && (!outcome.inBlock || txn?.chain === true);
  return {
    changedKeys: changesServerKeys(node),
    inBlock: outcome.inBlock,
    ended,
    committed: ended && txn?.kind === 'TRANS_STMT_COMMIT' && !outcome.abortedBefore && !outcome.failed,
    rolledBackToSavepoint: txn?.kind === 'TRANS_STMT_ROLLBACK_TO',
  };
}

/**
 * The clients of a session whose open transaction block changed server keys (CREATE or ALTER SERVER,
 * vault.create_secret or vault.update_secret): until the block ends, its statements sign with the
 * keys the block sees, and no other session does. They are built in a ClientCache of the session's
 * own, reading the vault on the session's connection (Vault.on): on a PostgreSQL host the engine's own
 * connection reads committed keys only; on PGlite (one connection) a client built from the block's
 * keys stayed in the shared cache after a ROLLBACK.
 *   s1: begin; alter server s options (set aws_access_key_id 'B', ...);
 *   s1: select ... from t            → signed with B (the session's cache)
 *   s2: select ... from t            → signed with A (the shared cache; on PGlite s2 waits for the block)
 *   s1: rollback                     → every session signs with A again; s1's cursors over t stop (55000)
 * When the block ends, both caches forget their clients: every session builds them from the keys as
 * they now stand. After a ROLLBACK (and a ROLLBACK TO SAVEPOINT) the session's clients are revoked:
 * a cursor still holding one gets 55000 for its next page instead of signing with keys rolled back.
 */
export class BlockClients {
  private readonly own = new Map<OnHost, ClientCache>();

  constructor(
    private readonly shared: ClientCache,
    private readonly vault: Vault,
  ) {}

  /** The clients a statement of `session` uses now. */
  of(session: OnHost): ClientCache {
    return this.own.get(session) ?? this.shared;
  }

  /** After each statement of `session`. */
  settle(session: OnHost, step: BlockStep): void {
    const own = this.own.get(session);
    if (own && (step.ended || !step.inBlock)) {
      this.own.delete(session);
      if (step.committed) own.forgetAll();
      else own.revokeAll();
      this.shared.forgetAll();
    } else if (own && step.rolledBackToSavepoint) own.revokeAll();
    if (step.changedKeys && step.inBlock && !this.own.has(session))
      this.own.set(session, new ClientCache(this.vault.on(session.host), { revocable: true }));
  }

  /** A session that ends: its open block, if any, is rolled back. */
  drop(session: OnHost): void {
    this.settle(session, {
      changedKeys: false,
      inBlock: false,
      ended: true,
      committed: false,
      rolledBackToSavepoint: false,
    });
  }
}
