import { kindOf } from '../parse/ast';
import { DeferredSends } from '../write/deferred-sends';
import { StatementPuts } from '../write/statement-puts';
import type { StatementContext } from './context';
import { writesHeld } from './writes-held';

/**
 * The context a statement with data-modifying WITH queries runs its writes in: deferring their
 * sends (write/deferred-sends.ts) when it makes several writes that are sent as it runs (not held
 * for COMMIT nor previewed): `foreign` WITH queries writing foreign tables, and the statement
 * itself when it writes one (`mainWritesForeign`).
 */
export function deferringWrites(
  ctx: StatementContext,
  foreign: number,
  mainWritesForeign: boolean,
): StatementContext {
  const writes = foreign + (mainWritesForeign ? 1 : 0);
  if (writes < 2) return ctx;
  // Two of its INSERTs putting one key fail it, held or previewed too (write/statement-puts.ts).
  const claiming = { ...ctx, statementPuts: new StatementPuts() };
  if (ctx.preview || writesHeld(ctx)) return claiming;
  return { ...claiming, deferredWrites: new DeferredSends() };
}

/**
 * Whether the WITH queries' deferred sends go before the statement runs: when it writes the host's
 * own tables, which commit as it ends — sent after it, a send that fails (a cancel, statement_timeout)
 * would leave its rows changed with the items unwritten. A SELECT, or a write of a foreign table,
 * runs first, so that its error sends nothing.
 *   with i as (insert into ft select * from lt), u as (update fu set n = 1) delete from lt
 *   → ft's and fu's items sent, then lt's rows deleted
 */
export function sendsBeforeStatement(main: unknown, mainWritesForeign: boolean): boolean {
  return !mainWritesForeign && kindOf(main) !== 'SelectStmt';
}
