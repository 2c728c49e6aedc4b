import { EngineError, SqlState } from '../errors';
import type { HostField } from '../host/host';
import type { StatementContext } from './context';
import type { PreparedText } from './named-statements';
import { describingWith } from './prepared-types';

/** A statement's result row type as the host describes it: each column's name and type; none for a statement without rows. */
export type ResultRow = readonly HostField[];

/**
 * Postgres's check before an EXECUTE (or EXPLAIN EXECUTE) of a prepared statement runs
 * (plancache.c RevalidateCachedQuery): when what its query names may have changed since — a new
 * catalog epoch (DDL, search_path, another session's change: session/session.ts) — its query is
 * analysed again, and a result row type other than the one it was prepared with (columns, names,
 * types) fails it before anything is read or written, as clients hold the old one (pgjdbc prepares
 * it again on this error, by its routine):
 *   prepare q (text) as select * from items where id = $1;  alter foreign table items add column n int;
 *   execute q('a') → 0A000 cached plan must not change result type
 * A change back runs it again, as in Postgres. Once a row type checks out in an epoch it is not asked
 * again there. Where the host cannot analyse the query now (a column it names was dropped) the
 * EXECUTE goes on and reports its own error. A column's typmod is not compared (the host's
 * description has none; the wire sends none either).
 */
export async function revalidatePrepared(ctx: StatementContext, prepared: PreparedText): Promise<void> {
  if (!prepared.result || prepared.validatedIn?.deref() === ctx.planCache) return;
  const now = await preparedResultRow(ctx, prepared.text, prepared.paramOids);
  if (!now) return;
  if (!sameRow(now, prepared.result))
    throw new EngineError(SqlState.featureNotSupported, 'cached plan must not change result type', {
      diagnostics: { routine: 'RevalidateCachedQuery' },
    });
  prepared.validatedIn = new WeakRef(ctx.planCache);
}

/**
 * The result row type of a query as the host analyses it now — as the user wrote it, with its
 * parameters' types (0: left open) — in a savepoint inside a transaction block (an error must not
 * abort it); undefined when the host cannot analyse it.
 *   `select * from items where id = $1`, [25] → [{ name: 'id', typeId: 25 }, { name: 'n', typeId: 23 }]
 */
export async function preparedResultRow(
  ctx: StatementContext,
  text: string,
  paramOids: readonly number[],
): Promise<ResultRow | undefined> {
  const host = describingWith(ctx.host, () => Promise.resolve(paramOids));
  const describe = () => host.describe(text);
  try {
    const described = await (ctx.host.inTransaction() ? ctx.host.transaction(describe) : describe());
    return described.fields.map((f) => ({ name: f.name, typeId: f.typeId }));
  } catch {
    return undefined;
  }
}

function sameRow(a: ResultRow, b: ResultRow): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i]!.name && f.typeId === b[i]!.typeId);
}
