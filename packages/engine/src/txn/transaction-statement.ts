import type { TransactionStmt } from '@pgsql/types';
import { abortedBlockError, EngineError, SqlState } from '../errors';
import { as } from '../parse/ast';
import type { HostResult } from '../host/host';
import type { StatementContext } from '../run/context';
import { commitWrites } from './commit-transaction';

/**
 * Statements before which the engine runs no query of its own (it reads no session setting): COMMIT,
 * ROLLBACK and the rest, as nothing else runs in an aborted block, and SET TRANSACTION ... (also
 * SNAPSHOT, and SET transaction_isolation / transaction_read_only / transaction_deferrable), which
 * Postgres takes only before the block's first query (25001 after one).
 *   'begin; set transaction isolation level repeatable read' → the SET runs as the block's first query
 */
export function runsBeforeAnyQuery(kind: string | undefined, node: unknown): boolean {
  if (kind === 'TransactionStmt') return true;
  const set = as(node, 'VariableSetStmt');
  if (set?.kind === 'VAR_SET_MULTI') return set.name === 'TRANSACTION' || set.name === 'TRANSACTION SNAPSHOT';
  // The same as parameters: SET transaction_isolation = 'serializable' (also SET LOCAL, RESET).
  return TRANSACTION_SETTINGS.has(set?.name?.toLowerCase() ?? '');
}

const TRANSACTION_SETTINGS = new Set([
  'transaction_isolation',
  'transaction_read_only',
  'transaction_deferrable',
]);

/** Statements Postgres still runs in an aborted transaction block. */
const ENDS_ABORTED_BLOCK = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_ROLLBACK_TO']);

/**
 * In an aborted transaction block (a statement failed, in the host or in the engine) only COMMIT,
 * ROLLBACK and ROLLBACK TO SAVEPOINT run, as in Postgres: anything else is `25P02`.
 */
export function refuseInAbortedBlock(ctx: StatementContext, transaction: TransactionStmt | undefined): void {
  if (!ctx.transaction.failed || !ctx.host.inTransaction()) return;
  if (transaction && ENDS_ABORTED_BLOCK.has(transaction.kind ?? '')) return;
  throw abortedBlockError();
}

/**
 * BEGIN / COMMIT / ROLLBACK / SAVEPOINT ... run in the host, with the session's held foreign writes
 * kept in step (src/txn/):
 *   COMMIT   → one TransactWriteItems of the held writes first; if it fails (40001, 0A000, ...) the
 *              host block is rolled back and nothing is written; then the host's COMMIT.
 *              In an aborted block: the host's ROLLBACK, Postgres's `ROLLBACK` tag, nothing written.
 *   ROLLBACK → the held writes discarded.
 *   SAVEPOINT / RELEASE / ROLLBACK TO → the held writes as they were at the savepoint.
 * `run` sends a statement to the host (the statement's own text when none is given).
 */
export async function runTransactionStatement(
  ctx: StatementContext,
  stmt: TransactionStmt,
  run: (sql?: string) => Promise<HostResult>,
): Promise<{ readonly result: HostResult; readonly command?: string }> {
  const txn = ctx.transaction;
  const name = stmt.savepoint_name ?? '';
  const chain = stmt.chain === true ? ' and chain' : '';
  switch (stmt.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      if (!ctx.host.inTransaction()) txn.reset();
      // A read-only block stages its reads' items in a table made before it (session/staged-rows.ts).
      await ctx.temps.beforeBlock(ctx.host);
      return { result: await run() };
    case 'TRANS_STMT_ROLLBACK':
      txn.reset();
      return { result: await run() };
    case 'TRANS_STMT_COMMIT': {
      if (!ctx.host.inTransaction()) return { result: await run() };
      if (txn.failed) {
        txn.reset();
        return { result: await run(`rollback${chain}`), command: 'ROLLBACK' };
      }
      const writes = txn.writes();
      const server = txn.server;
      if (writes.length && server) {
        try {
          const client = await ctx.clients.clientFor(server);
          const wcu = await commitWrites(client, writes, ctx.signal);
          ctx.notices.push(
            `COMMIT wrote ${writes.length} DynamoDB item(s) in one TransactWriteItems (${wcu} WCU)`,
          );
        } catch (e) {
          txn.reset();
          await run('rollback').catch(() => undefined);
          await ctx.named.endTransaction(false);
          throw e;
        }
      }
      txn.reset();
      return { result: await run() };
    }
    case 'TRANS_STMT_SAVEPOINT': {
      const result = await run();
      txn.savepoint(name);
      return { result };
    }
    case 'TRANS_STMT_RELEASE': {
      const result = await run();
      txn.release(name);
      ctx.named.released(txn.depth);
      return { result };
    }
    case 'TRANS_STMT_ROLLBACK_TO': {
      const result = await run();
      txn.rollbackTo(name);
      await ctx.named.rolledBackTo(txn.depth);
      return { result };
    }
    case 'TRANS_STMT_PREPARE':
      if (txn.size) {
        // As in Postgres, a PREPARE TRANSACTION that fails is a ROLLBACK: the block ends, nothing written.
        txn.reset();
        await run('rollback').catch(() => undefined);
        await ctx.named.endTransaction(false);
        throw new EngineError(
          SqlState.featureNotSupported,
          'PREPARE TRANSACTION is not supported for a transaction block that writes to foreign tables',
          { hint: 'the transaction was rolled back' },
        );
      }
      return { result: await run() };
    default:
      return { result: await run() };
  }
}
