import { kindOf } from '../parse/ast';
import { DeferredSends } from '../write/deferred-sends';
import type { StatementContext } from './context';
import { writesHeld } from './writes-held';

const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt']);

/**
 * The context a statement with data-modifying WITH queries runs its writes in: deferring their
 * sends (write/deferred-sends.ts) when it makes several writes that are sent as it runs (not held
 * for COMMIT nor previewed): `foreign` WITH queries writing foreign tables, and the statement
 * itself when it writes.
 */
export function deferringWrites(ctx: StatementContext, foreign: number, main: unknown): StatementContext {
  const writes = foreign + (WRITES.has(kindOf(main) ?? '') ? 1 : 0);
  if (writes < 2 || ctx.preview || writesHeld(ctx)) return ctx;
  return { ...ctx, deferredWrites: new DeferredSends() };
}
