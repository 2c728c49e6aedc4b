import type { TransactionStmt } from '@pgsql/types';
import { EngineError } from '../errors';
import { as, kindOf, walk } from '../parse/ast';
import { scanTokens } from '../parse/parse';
import { CURSOR_OPT_HOLD } from '../run/named-statements';

/**
 * Which implicit block: none (a single statement), a simple Query message's of several statements,
 * or an extended-protocol pipeline's (its Executes up to Sync).
 */
export type ImplicitKind = 'none' | 'message' | 'pipeline';

/** What the engine does for one statement of a Query message or pipeline (`ImplicitBlock.before`). */
export type ImplicitStep =
  /** Runs the statement; first the block's BEGIN when `begin`, with `notice` among its notices. */
  | { readonly kind: 'run'; readonly begin: boolean; readonly notice?: string }
  /**
   * BEGIN inside the implicit block: nothing runs in the host (the block is open already) but
   * `set transaction <modes>` when it has modes; once it has run (`close`) the block is a regular one.
   */
  | {
      readonly kind: 'join';
      readonly modes: string | null;
      /**
       * The block is not open yet though statements ran in Postgres's transaction (a pipeline's reads):
       * the engine opens it, and takes a snapshot before the modes, so they come after a query.
       */
      readonly begin?: true;
    };

type RunStep = Extract<ImplicitStep, { kind: 'run' }>;
const RUN: RunStep = { kind: 'run', begin: false };
/** Transaction statements after which Postgres's next statement begins a new transaction. */
const ENDS_TRANSACTION = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE']);
const NO_TRANSACTION = '25P01';
const ACTIVE_TRANSACTION = '25001';

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
 A block opened by an earlier message (BEGIN) goes on as it is. On PGlite an open block holds the
 * host's one connection: other sessions wait for the message's end (session/statement-gate.ts).
 *
 * A pipeline's block (the extended protocol's Executes before a Sync, as pgjdbc's executeBatch and
 * asyncpg's executemany send them) is Postgres's transaction that Sync ends (postgres.c commits at
 * Sync, not after each Execute): an error rolls back what ran since the last Sync. It is not a
 * transaction block to Postgres (TBLOCK_STARTED): DECLARE and LOCK are refused in it, VACUUM after
 * another statement "cannot be executed within a pipeline". It opens in the host at the first
 * statement that may change something (not `readsOnly`, or calling a function of the user's, which
 * may write): the reads before it have nothing to roll back, and a single SELECT — most Executes —
 * holds no block while its rows are read.
 *   insert 1; insert 1/0; Sync     → BEGIN before the first insert; the error rolls it back
 *   select 1; vacuum; Sync         → 25001 VACUUM cannot be executed within a pipeline
 */
export class ImplicitBlock {
  private open = false;
  /** A pipeline's statement ran in Postgres's transaction (its reads before the block opened included). */
  private ran = false;

  constructor(private readonly kind: ImplicitKind) {}

  /** Whether the block the message opened is open (its end commits it, a failure rolls it back). */
  get isOpen(): boolean {
    return this.open;
  }

  /** The block ended (committed, rolled back), or a BEGIN made it a regular one. */
  close(): void {
    this.open = false;
  }

  /**
   * The step for the next statement (`node`: its parse tree; of an EXECUTE, its prepared query's),
   * given whether the session's host has a block open. Throws 25P01 or 25001 where Postgres refuses
   * the statement in an implicit block.
   */
  before(
    node: unknown,
    text: string,
    inBlock: boolean,
    facts: { readonly callEndsTransaction?: boolean; readonly callsUserFunction?: boolean } = {},
  ): ImplicitStep {
    if (this.kind === 'none') return RUN;
    const transaction = as(node, 'TransactionStmt');
    const kind = transaction?.kind ?? '';
    // A regular block goes on.
    if (!this.open && inBlock) {
      // A pipeline's regular block: its end begins a new transaction in Postgres.
      if (ENDS_TRANSACTION.has(kind)) this.ran = false;
      return RUN;
    }
    if (this.kind === 'pipeline') {
      const step = this.inPipeline(node, transaction, text, facts);
      if (step) return step;
    }
    if (!this.open) {
      // BEGIN, COMMIT, SAVEPOINT ... outside any block are the host's to answer.
      if (OUTSIDE_ANY_BLOCK.has(kind)) return RUN;
      this.open = true;
      return this.warned(node, { kind: 'run', begin: true });
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
        this.ran = false;
        return { kind: 'run', begin: false, notice: 'there is no transaction in progress' };
      }
      case 'TRANS_STMT_PREPARE':
        this.open = false;
        this.ran = false;
        return RUN;
      default:
        return this.warned(node, RUN);
    }
  }

  /**
   * In a pipeline's block, Postgres's warning for a statement that wants a transaction block (its
   * transaction is none: WarnNoTransactionBlock); a Query message's implicit block is one.
   */
  private warned(node: unknown, step: RunStep): RunStep {
    const warning = this.kind === 'pipeline' ? blockWanted(node) : undefined;
    return warning ? { ...step, notice: `${warning} can only be used in transaction blocks` } : step;
  }

  /** A pipeline's own rules, before those of any implicit block; undefined: those apply. */
  private inPipeline(
    node: unknown,
    transaction: TransactionStmt | undefined,
    text: string,
    facts: { readonly callEndsTransaction?: boolean; readonly callsUserFunction?: boolean },
  ): ImplicitStep | undefined {
    const ranBefore = this.ran;
    if (!transaction) this.ran = true;
    const refused = refusedInPipeline(node, ranBefore);
    if (refused) throw refused;
    if (this.open) return undefined;
    // First of its pipeline: outside any block, as Postgres runs it. So is a CALL whose procedure
    // may COMMIT while no block is open (in one it cannot: 2D000); what it writes after its last
    // COMMIT is not rolled back by a later failure of the pipeline, as it is in Postgres.
    if (outsideTransactionName(node) || facts.callEndsTransaction) return RUN;
    const kind = transaction?.kind ?? '';
    if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') {
      // A BEGIN with modes after reads: Postgres's transaction began at the first of them.
      if (!ranBefore || !transaction?.options?.length) return RUN;
      this.open = true;
      return { kind: 'join', modes: transactionModes(text), begin: true };
    }
    // COMMIT, ROLLBACK ... outside the block end Postgres's transaction: the host answers them.
    if (transaction) {
      this.ran = false;
      return RUN;
    }
    // A query that calls a function of the user's may write through it: the block opens for it.
    return readsOnly(node) && !facts.callsUserFunction ? RUN : undefined;
  }
}

/** Statements Postgres runs only outside a transaction, and not after another of the same pipeline. */
function outsideTransactionName(node: unknown): string | undefined {
  switch (kindOf(node)) {
    case 'VacuumStmt':
      return as(node, 'VacuumStmt')?.is_vacuumcmd ? 'VACUUM' : undefined;
    case 'IndexStmt':
      return as(node, 'IndexStmt')?.concurrent ? 'CREATE INDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return as(node, 'DropStmt')?.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'ReindexStmt': {
      const reindex = as(node, 'ReindexStmt');
      const concurrently = (reindex?.params ?? []).some((p) => as(p, 'DefElem')?.defname === 'concurrently');
      if (concurrently) return 'REINDEX CONCURRENTLY';
      if (reindex?.kind === 'REINDEX_OBJECT_SYSTEM') return 'REINDEX SYSTEM';
      return reindex?.kind === 'REINDEX_OBJECT_DATABASE' ? 'REINDEX DATABASE' : undefined;
    }
    case 'ClusterStmt':
      return as(node, 'ClusterStmt')?.relation ? undefined : 'CLUSTER';
    case 'DiscardStmt':
      return as(node, 'DiscardStmt')?.target === 'DISCARD_ALL' ? 'DISCARD ALL' : undefined;
    case 'TransactionStmt': {
      const kind = as(node, 'TransactionStmt')?.kind;
      if (kind === 'TRANS_STMT_COMMIT_PREPARED') return 'COMMIT PREPARED';
      return kind === 'TRANS_STMT_ROLLBACK_PREPARED' ? 'ROLLBACK PREPARED' : undefined;
    }
    case 'CreatedbStmt':
      return 'CREATE DATABASE';
    case 'DropdbStmt':
      return 'DROP DATABASE';
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE';
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM';
    default:
      return undefined;
  }
}

/**
 * The statements Postgres warns of outside a transaction block, and how it names them (its
 * ExecSetVariableStmt):
 *   'set local timezone = 1' → 'SET LOCAL'   'set transaction read only' → 'SET TRANSACTION'
 *   'set local session characteristics as transaction read only' → none
 */
function blockWanted(node: unknown): string | undefined {
  if (kindOf(node) === 'ConstraintsSetStmt') return 'SET CONSTRAINTS';
  const set = as(node, 'VariableSetStmt');
  if (set?.kind !== 'VAR_SET_MULTI') return set?.is_local ? 'SET LOCAL' : undefined;
  // SET [LOCAL] TRANSACTION ... and SET TRANSACTION SNAPSHOT are SET TRANSACTION only; SET LOCAL
  // TRANSACTION SNAPSHOT is the host's 0A000 before any warning, SESSION CHARACTERISTICS none.
  if (set.name === 'TRANSACTION SNAPSHOT') return set.is_local ? undefined : 'SET TRANSACTION';
  return set.name === 'TRANSACTION' ? 'SET TRANSACTION' : undefined;
}

/** Postgres's refusal of a statement in a pipeline's transaction (TBLOCK_STARTED), if it refuses it. */
function refusedInPipeline(node: unknown, ranBefore: boolean): EngineError | undefined {
  const outside = outsideTransactionName(node);
  if (outside && ranBefore)
    return new EngineError(ACTIVE_TRANSACTION, `${outside} cannot be executed within a pipeline`);
  const declare = as(node, 'DeclareCursorStmt');
  if (declare && !((declare.options ?? 0) & CURSOR_OPT_HOLD))
    return new EngineError(NO_TRANSACTION, 'DECLARE CURSOR can only be used in transaction blocks');
  if (kindOf(node) === 'LockStmt')
    return new EngineError(NO_TRANSACTION, 'LOCK TABLE can only be used in transaction blocks');
  return undefined;
}

/** Statements that change nothing, read whatever they read: no block needs to be open for them. */
const READS = new Set(['SelectStmt', 'VariableShowStmt', 'ExplainStmt', 'FetchStmt', 'ClosePortalStmt']);
const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * Whether a statement only reads: a SELECT (no INTO, no FOR UPDATE, no INSERT/UPDATE/DELETE/MERGE
 * inside), SHOW, EXPLAIN without ANALYZE, FETCH, MOVE or CLOSE. Functions it calls are taken to read only (the engine opens a pipeline's block
 * for a query that calls one of the user's).
 *   'select * from t' → true   'select * into u from t' → false   'set x = 1' → false
 */
export function readsOnly(node: unknown): boolean {
  if (!READS.has(kindOf(node) ?? '')) return false;
  const explain = as(node, 'ExplainStmt');
  if (explain && (explain.options ?? []).some((o) => as(o, 'DefElem')?.defname === 'analyze')) return false;
  let writes = false;
  walk(node, (k, fields) => {
    if (WRITES.has(k) || (k === 'SelectStmt' && (fields.intoClause || fields.lockingClause))) writes = true;
    return !writes;
  });
  return !writes;
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
