import type { Spliced } from '../bind/splice';
import type { HostDescription, HostResult } from '../host/host';
import { quoteIdent } from '../parse/ast';
import { canonicalRows } from './canonical-rows';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import { returningAlone, type StatementTail } from './returning-clause';

/** An INSERT's RETURNING over the rows the host made of it, each row's ctid (as text) first. */
export interface InsertReturning {
  /** RETURNING of every row but `leftOut`, for real (notices kept). */
  readonly query: (leftOut: readonly string[]) => Promise<HostResult>;
  /** The error RETURNING raises for these rows, or null; whatever it did is rolled back. */
  readonly check: (ctids: readonly string[]) => Promise<unknown>;
  /** Type-checks it, nothing run. */
  readonly describe: () => Promise<HostDescription>;
}

/**
 * An INSERT's RETURNING, evaluated over its rows in the target's temp table: its list cut from the
 * statement where it stands, so that a host error points at the user's token, as Postgres's does
 * (its position mapped through `rewritten`, the statement over the temp tables). Null without one.
 *   insert into t values (1) returning n / nosuch
 *   → select "t".ctid::text, n / nosuch from pg_temp."__ds_1" as "t" where "t".ctid <> all($1::pg_catalog.tid[])
 *   → 42703 column "nosuch" does not exist, at "nosuch" in the INSERT
 */
export function insertReturning(
  ctx: StatementContext,
  rewritten: Spliced,
  tail: StatementTail,
  target: { readonly tempTable: string; readonly alias: string },
): InsertReturning | null {
  const returning = tail.returning;
  if (!returning) return null;
  const alias = quoteIdent(target.alias);
  const select = (where: string) =>
    returningAlone(
      rewritten.text,
      returning,
      `select ${alias}.ctid::text, `,
      `from pg_temp.${quoteIdent(target.tempTable)} as ${alias} where ${alias}.ctid ${where}`,
    );
  const all = canonicalRows(ctx, select('<> all($1::pg_catalog.tid[])'));
  const some = select('= any($1::pg_catalog.tid[])');
  const mapped = (sql: Spliced) => (e: unknown) =>
    Promise.reject(hostError(e, (p) => rewritten.originalPosition(sql.originalPosition(p))));
  return {
    query: (leftOut) => ctx.host.query(all.text, [leftOut], (m) => ctx.notices.push(m)).catch(mapped(all)),
    describe: () => ctx.host.describe(all.text).catch(mapped(all)),
    check: (ctids) =>
      ctx.host
        .transaction(async () => {
          await ctx.host.query(some.text, [ctids]);
          throw ROLLED_BACK;
        })
        .catch((e: unknown) => (e === ROLLED_BACK ? null : mapped(some)(e).catch((error: unknown) => error))),
  };
}

/** Thrown to roll a check's transaction back. */
const ROLLED_BACK = new Error('rolled back');
