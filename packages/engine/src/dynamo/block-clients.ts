import { ClientCache } from './client-cache';
import type { Host } from '../host/host';
import { TableCache } from '../session/table-cache';
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
  /** A SAVEPOINT, RELEASE SAVEPOINT or ROLLBACK TO SAVEPOINT that succeeded, and its savepoint's name. */
  readonly savepoint?: { readonly kind: 'set' | 'release' | 'rollbackTo'; readonly name: string };
}

const SAVEPOINT_KINDS = {
  TRANS_STMT_SAVEPOINT: 'set',
  TRANS_STMT_RELEASE: 'release',
  TRANS_STMT_ROLLBACK_TO: 'rollbackTo',
} as const;

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
  const savepoint = SAVEPOINT_KINDS[txn?.kind as keyof typeof SAVEPOINT_KINDS];
  return {
    // A key change that failed (or ran in an aborted block) changed nothing.
    changedKeys: changesServerKeys(node) && !outcome.failed && !outcome.abortedBefore,
    inBlock: outcome.inBlock,
    ended,
    committed: ended && txn?.kind === 'TRANS_STMT_COMMIT' && !outcome.abortedBefore && !outcome.failed,
    ...(savepoint && !outcome.failed && { savepoint: { kind: savepoint, name: txn?.savepoint_name ?? '' } }),
  };
}

/** A session's own clients in its block, with the key changes they were built after. */
interface OwnClients {
  readonly cache: ClientCache;
  /** What DynamoDB said through them (DescribeTable, statistics): the others' stay apart. */
  readonly tables: TableCache;
  /** How many statements of the block changed keys, as its state now stands. */
  changes: number;
  /** The block's savepoints made since its first key change, oldest first, with `changes` when each was made. */
  readonly savepoints: { readonly name: string; readonly at: number; readonly built: number }[];
  /** A catalog change was committed elsewhere since its keys were last checked (catalogChanged). */
  recheck: boolean;
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
 * What DynamoDB says of tables through the block's clients (DescribeTable, statistics) is kept apart
 * too: the block's keys may reach another account, and its descriptions end with it.
 * When the block ends, its clients are forgotten; after a COMMIT every session builds those of the
 * servers whose keys it changed again, from the keys as they now stand. After a ROLLBACK (and a ROLLBACK TO a savepoint made before a key change) the
 * session's clients are revoked: a cursor still holding one gets 55000 for its next page instead of
 * signing with keys rolled back.
 */
export class BlockClients {
  private readonly own = new Map<OnHost, OwnClients>();

  constructor(
    private readonly shared: ClientCache,
    private readonly vault: Vault,
  ) {}

  /** The clients a statement of `session` uses now. */
  of(session: OnHost): ClientCache {
    return this.own.get(session)?.cache ?? this.shared;
  }

  /** Whether `session`'s open block changed server keys (its statements use clients of its own). */
  hasOwnKeys(session: object): boolean {
    return this.own.has(session as OnHost);
  }

  /** What DynamoDB said of tables through `session`'s own clients, when it has them. */
  tablesOf(session: OnHost): TableCache | undefined {
    return this.own.get(session)?.tables;
  }

  /** After each statement of `session`. */
  settle(session: OnHost, step: BlockStep): void {
    const own = this.own.get(session);
    if (!own) return;
    if (step.ended || !step.inBlock) {
      this.own.delete(session);
      if (step.committed) {
        own.cache.forgetAll();
        // Only the servers whose keys the block changed: the others' clients, descriptions and
        // statistics stand (sampling again costs RCU). A rolled-back block changed none.
        const changed = own.cache.changedServers();
        if (changed.has('all')) this.shared.forgetAll();
        else for (const oid of changed) if (oid !== 'all') this.shared.forget(oid);
      } else if (own.changes) own.cache.revokeAll();
      else own.cache.forgetAll(); // its key changes failed or were rolled back to a savepoint: none to take back
    } else if (step.savepoint) savepointStep(own, step.savepoint);
    if (step.changedKeys) own.changes++;
  }

  /** The session's own clients, made before its block's first key change runs (see beforeStatement). */
  private ownOf(session: OnHost): OwnClients {
    let own = this.own.get(session);
    if (!own) {
      const cache = new ClientCache(this.vault.on(session.host), { ...this.shared.options, revocable: true });
      const tables = new TableCache();
      cache.onForget((prefix) => tables.forgetTables(prefix));
      own = { cache, tables, changes: 0, savepoints: [], recheck: false };
      this.own.set(session, own);
    }
    return own;
  }

  /**
   * The host told of a catalog change committed elsewhere (a server host: another session or process
   * may have rotated keys the blocks' own clients were built with). Each block checks its clients'
   * keys at its session's next statement, on its own connection — not now, beside a statement of
   * that session, where a failing check would abort the block unseen.
   */
  catalogChanged(): void {
    for (const own of this.own.values()) own.recheck = true;
  }

  /**
   * Before a statement of `session`. One that changes keys inside a block (not an aborted one) runs
   * with the session's own clients already, so that the clients it forgets are the block's, not every
   * session's: they stand if the block rolls back. The block's own clients built from keys rotated
   * elsewhere since are forgotten (ClientCache.recheckCredentials, the vault read as the block sees
   * it) — not in an aborted block, which runs no query, nor before COMMIT or ROLLBACK, which end the
   * clients anyway. A failing check is the statement's error.
   */
  async beforeStatement(session: OnHost, node: unknown, abortedBefore: boolean): Promise<void> {
    if (abortedBefore) return;
    if (changesServerKeys(node) && session.host.inTransaction()) this.ownOf(session);
    const own = this.own.get(session);
    if (!own?.recheck || as(node, 'TransactionStmt')) return;
    own.recheck = false;
    await own.cache.recheckCredentials().catch((e: unknown) => {
      own.recheck = true; // tried again at the next statement
      throw e;
    });
  }

  /** A session that ends: its open block, if any, is rolled back. */
  drop(session: OnHost): void {
    this.settle(session, { changedKeys: false, inBlock: false, ended: true, committed: false });
  }
}

/**
 * A savepoint statement in a block that changed keys. ROLLBACK TO revokes the clients only when keys
 * changed after the savepoint was made (a savepoint from before the first change is not listed: it
 * was); RELEASE keeps the changes, in the savepoint's parent.
 *   begin; alter server ...; savepoint s; select ...; rollback to s → the keys stand: nothing revoked
 *   begin; savepoint s; alter server ...; rollback to s             → revoked
 */
function savepointStep(own: OwnClients, savepoint: NonNullable<BlockStep['savepoint']>): void {
  const at = own.savepoints.findLastIndex((p) => p.name === savepoint.name);
  if (savepoint.kind === 'set')
    own.savepoints.push({ name: savepoint.name, at: own.changes, built: own.cache.builtCount() });
  // RELEASE and ROLLBACK TO end the savepoints made after theirs (one not listed came before all listed).
  else if (savepoint.kind === 'release') own.savepoints.length = Math.max(at, 0);
  else {
    const back = at >= 0 ? own.savepoints[at]! : { at: 0, built: 0 };
    // Every client built since the savepoint, forgotten ones too, when keys changed since it.
    if (own.changes > back.at) own.cache.revokeAll(back.built);
    own.changes = back.at;
    own.savepoints.length = at + 1;
  }
}
