import type { TransactionStmt } from '@pgsql/types';
import { EngineError } from '../errors';
import { scanTokens } from '../parse/parse';

/** What the engine does for one statement of a Query message (`ImplicitBlock.before`). */
export type ImplicitStep =
  /** Runs the statement; first the block's BEGIN when `begin`, with `notice` among its notices. */
  | { readonly kind: 'run'; readonly begin: boolean; readonly notice?: string }
  /**
   * BEGIN inside the implicit block: nothing runs in the host (the block is open already) but
   * `set transaction <modes>` when it has modes; once it has run (`close`) the block is a regular one.
   */
  | { readonly kind: 'join'; readonly modes: string | null };

const RUN: ImplicitStep = { kind: 'run', begin: false };
const NO_TRANSACTION = '25P01';

/** Statements that run as outside a block when no block is open (the host answers them as Postgres does). */
const OUTSIDE_ANY_BLOCK = new Set([
  'TRANS_STMT_BEGIN',
  'TRANS_STMT_START',
  'TRANS_STMT_COMMIT',
  'TRANS_STMT_ROLLBACK',
  'TRANS_STMT_SAVEPOINT',
  'TRANS_STMT_RELEASE',
  'TRANS_STMT_ROLLBACK_TO',
  'TRANS_STMT_PREPARE',
]);

/** Savepoint statements and the names Postgres's 25P01 gives them. */
const SAVEPOINT_NAMES: Record<string, string> = {
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE SAVEPOINT',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO SAVEPOINT',
};

/**
 * The implicit transaction block of a simple Query message holding several statements, as Postgres
 * keeps it (protocol-flow, "Multiple Statements in a Simple Query"; xact.c's
 * TBLOCK_IMPLICIT_INPROGRESS): the statements run as one transaction, committed at the message's end
 * and rolled back by an error. Foreign writes in it are sent as their statement runs, as the
 * wrapper's are in Postgres (ForeignTransaction.implicit).
 *   insert 1; select 1/0           → BEGIN before the insert; the error rolls the insert back
 *   insert 1; commit; insert 2     → WARNING there is no transaction in progress; insert 2 in a block of its own
 *   insert 1; begin; insert 2      → the block goes on as a regular one, open after the message
 *   select 1; savepoint a          → 25P01 SAVEPOINT can only be used in transaction blocks
 * A block opened by an earlier message (BEGIN) goes on as it is. On PGlite an open block holds the
 * host's one connection: other sessions wait for the message's end (session/statement-gate.ts).
 */
export class ImplicitBlock {
  private open = false;

  /** `enabled`: the message holds more than one statement. */
  constructor(private readonly enabled: boolean) {}

  /** Whether the block the message opened is open (its end commits it, a failure rolls it back). */
  get isOpen(): boolean {
    return this.open;
  }

  /** The block ended (committed, rolled back), or a BEGIN made it a regular one. */
  close(): void {
    this.open = false;
  }

  /**
   * The step for the next statement (`transaction`: the statement, when it is BEGIN, COMMIT, ...),
   * given whether the session's host has a block open. Throws 25P01 where Postgres refuses the
   * statement in an implicit block.
   */
  before(transaction: TransactionStmt | undefined, text: string, inBlock: boolean): ImplicitStep {
    if (!this.enabled) return RUN;
    const kind = transaction?.kind ?? '';
    if (!this.open) {
      // A regular block goes on; BEGIN, COMMIT, SAVEPOINT ... outside any block are the host's to answer.
      if (inBlock || OUTSIDE_ANY_BLOCK.has(kind)) return RUN;
      this.open = true;
      return { kind: 'run', begin: true };
    }
    const savepoint = SAVEPOINT_NAMES[kind];
    if (savepoint)
      throw new EngineError(NO_TRANSACTION, `${savepoint} can only be used in transaction blocks`);
    switch (kind) {
      case 'TRANS_STMT_BEGIN':
      case 'TRANS_STMT_START':
        // Still implicit till it has run: a BEGIN whose modes fail ends the block (xact.c's TBLOCK_BEGIN).
        return { kind: 'join', modes: transaction?.options?.length ? transactionModes(text) : null };
      case 'TRANS_STMT_COMMIT':
      case 'TRANS_STMT_ROLLBACK': {
        const name = kind === 'TRANS_STMT_COMMIT' ? 'COMMIT' : 'ROLLBACK';
        if (transaction?.chain)
          throw new EngineError(NO_TRANSACTION, `${name} AND CHAIN can only be used in transaction blocks`);
        this.open = false;
        return { kind: 'run', begin: false, notice: 'there is no transaction in progress' };
      }
      case 'TRANS_STMT_PREPARE':
        this.open = false;
        return RUN;
      default:
        return RUN;
    }
  }
}

/**
 * The modes of a BEGIN / START TRANSACTION, as SET TRANSACTION takes them (the same list):
 *   'begin isolation level serializable, read only' → 'isolation level serializable, read only'
 */
export function transactionModes(text: string): string | null {
  const tokens = scanTokens(text).filter((t) => !t.tokenName.endsWith('COMMENT'));
  let i = 1;
  if (/^(work|transaction)$/i.test(tokens[i]?.text ?? '')) i++;
  const from = tokens[i]?.start;
  const modes = from === undefined ? '' : text.slice(from).trim();
  return modes || null;
}
