import type { ServerDef } from '../catalog/foreign-table';
import { EngineError, SqlState } from '../errors';
import { itemSize } from '../plan/item-size';
import { keyText, type ItemKey } from '../write/item-keys';
import { composeOperations, type PendingWrite } from './pending-write';

/** DynamoDB's TransactWriteItems limits: 100 items, 4 MB in all. */
export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

interface Savepoint {
  readonly name: string;
  readonly writes: ReadonlyMap<string, PendingWrite>;
  readonly failed: boolean;
}

/**
 * A session's writes to foreign tables inside `BEGIN ... COMMIT`, held until COMMIT applies them as
 * one TransactWriteItems (txn/commit-transaction.ts): one composed write per item, each conditioned on
 * the item being as the transaction first read it. Savepoints keep a copy of the held writes (at
 * most 100), so `ROLLBACK TO SAVEPOINT` undoes the foreign writes made after it, as the host undoes
 * its own. `failed` mirrors Postgres's aborted transaction block: nothing but ROLLBACK (or COMMIT,
 * which then rolls back) runs until it ends.
 */
export class ForeignTransaction {
  private held = new Map<string, PendingWrite>();
  private savepoints: Savepoint[] = [];
  /** The one DynamoDB server its writes go to (TransactWriteItems is one account's and region's). */
  private target: ServerDef | null = null;
  failed = false;
  /**
   * The block is a Query message's implicit one (txn/implicit-block.ts): its statements' foreign
   * writes are sent as they run, as the wrapper's are in Postgres, not held for its end.
   */
  implicit = false;

  get size(): number {
    return this.held.size;
  }

  /** The held writes, in the order their items were first written. */
  writes(): readonly PendingWrite[] {
    return [...this.held.values()];
  }

  /** The held writes of one DynamoDB table (reads of it overlay them, txn/overlay-pages.ts). */
  writesTo(server: number, table: string): readonly PendingWrite[] {
    return this.writes().filter((w) => w.server === server && w.table === table);
  }

  get(server: number, table: string, key: ItemKey): PendingWrite | undefined {
    return this.held.get(mapKey(server, table, key));
  }

  /**
   * Holds a statement's write of an item, composed onto what is held for it already (whose condition
   * stays). Beyond DynamoDB's limits, or on a second server, it fails (54000 / 0A000) and holds nothing.
   */
  hold(write: PendingWrite, server: ServerDef): void {
    const k = mapKey(write.server, write.table, write.key);
    const before = this.held.get(k);
    const next: PendingWrite = before
      ? { ...before, operation: composeOperations(before.operation, write.operation) }
      : write;
    const other = this.writes().find((w) => w.server !== write.server);
    if (other || (this.target && this.target.oid !== server.oid)) {
      throw new EngineError(
        SqlState.featureNotSupported,
        `a transaction block can write to one DynamoDB server: it already writes to server "${this.target?.name}"`,
        { hint: 'COMMIT the writes to the other server first' },
      );
    }
    const after = new Map(this.held).set(k, next);
    if (after.size > MAX_TRANSACTION_ITEMS) {
      throw new EngineError(
        SqlState.programLimitExceeded,
        `a transaction block can write at most ${MAX_TRANSACTION_ITEMS} DynamoDB items (TransactWriteItems): this statement writes item ${after.size}`,
        {
          detail: `DynamoDB applies a transaction's writes together in one TransactWriteItems of at most ${MAX_TRANSACTION_ITEMS} items. Nothing was written.`,
          hint: 'write fewer items per transaction block, or write them outside BEGIN ... COMMIT (batched, not atomic)',
        },
      );
    }
    const bytes = [...after.values()].reduce((sum, w) => sum + writeSize(w), 0);
    if (bytes > MAX_TRANSACTION_BYTES) {
      throw new EngineError(
        SqlState.programLimitExceeded,
        `a transaction block can write at most 4 MB to DynamoDB (TransactWriteItems): this statement brings it to ${bytes} bytes`,
        {
          detail: 'Nothing was written.',
          hint: 'write less per transaction block, or write outside BEGIN ... COMMIT (batched, not atomic)',
        },
      );
    }
    this.held = after;
    this.target = server;
  }

  /** The server its held writes go to (null when none is held). */
  get server(): ServerDef | null {
    return this.held.size ? this.target : null;
  }

  /** The block ended (COMMIT, ROLLBACK, an expired session): nothing is held any more. */
  reset(): void {
    this.held = new Map();
    this.savepoints = [];
    this.target = null;
    this.failed = false;
    this.implicit = false;
  }

  /** How many savepoints are open: what a cursor declared now belongs to (NamedStatements.declare). */
  get depth(): number {
    return this.savepoints.length;
  }

  savepoint(name: string): void {
    this.savepoints.push({ name, writes: new Map(this.held), failed: this.failed });
  }

  /** `RELEASE SAVEPOINT`: it and the later ones are gone; what was written since is kept. */
  release(name: string): void {
    const i = this.find(name);
    if (i >= 0) this.savepoints.splice(i);
  }

  /** `ROLLBACK TO SAVEPOINT`: the writes held since are discarded and the block is usable again; the savepoint stays. */
  rollbackTo(name: string): void {
    const i = this.find(name);
    if (i < 0) return;
    const s = this.savepoints[i]!;
    this.savepoints.splice(i + 1);
    this.held = new Map(s.writes);
    this.failed = false;
  }

  private find(name: string): number {
    return this.savepoints.findLastIndex((s) => s.name === name);
  }
}

function mapKey(server: number, table: string, key: ItemKey): string {
  return `${server}\u0000${table}\u0000${keyText(key)}`;
}

/** What a held write counts toward the 4 MB: the item put, or the key and the attributes set. */
function writeSize(w: PendingWrite): number {
  const op = w.operation;
  if (op.kind === 'put') return itemSize(op.item);
  if (op.kind === 'delete') return itemSize(w.key);
  return itemSize(w.key) + itemSize(op.change.set);
}
