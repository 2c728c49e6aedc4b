import type { StatementContext } from './context';

/**
 * Whether a statement's foreign writes are held for COMMIT — inside a transaction block (one
 * TransactWriteItems, src/txn/), or as a preview says the block would — rather than sent as it runs.
 * A Query message's implicit block sends them as its statements run.
 *   begin; update t set n = 1 → true;  update t set n = 1 (no block) → false
 */
export function writesHeld(ctx: StatementContext): boolean {
  return ctx.preview?.atomic ?? (ctx.host.inTransaction() && !ctx.transaction.implicit);
}
