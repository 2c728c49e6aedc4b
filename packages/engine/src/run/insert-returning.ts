import { applySplices, type Spliced } from '../bind/splice';
import type { HostDescription, HostResult } from '../host/host';
import { quoteIdent } from '../parse/ast';
import { canonicalRows } from './canonical-rows';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import { returningAlone, type StatementTail } from './returning-clause';
import type { TransitionNames } from '../bind/returning-transition';

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
 * Postgres 18's `returning old.*, new.*` reads `transition`'s names as relations of their own:
 *   → select "t".ctid::text, old.*, new.* from pg_temp."__ds_1" as "t" left join pg_temp."__ds_1" as "old"
 *     on false join pg_temp."__ds_1" as "new" on "new".ctid = "t".ctid where ...
 */
export function insertReturning(
  ctx: StatementContext,
  rewritten: Spliced,
  tail: StatementTail,
  target: { readonly tempTable: string; readonly alias: string },
  transition: TransitionNames = { old: null, new: null },
): InsertReturning | null {
  const returning = tail.returning;
  if (!returning) return null;
  const alias = quoteIdent(target.alias);
  const table = `pg_temp.${quoteIdent(target.tempTable)}`;
  // Postgres 18's old (an INSERT's: NULLs) and new (the row inserted), where RETURNING reads them.
  const old = transition.old ? ` left join ${table} as ${quoteIdent(transition.old)} on false` : '';
  const row = transition.new && quoteIdent(transition.new);
  const inserted = row ? ` join ${table} as ${row} on ${row}.ctid = ${alias}.ctid` : '';
  const select = (where: string) =>
    returningAlone(
      rewritten.text,
      returning,
      `select ${alias}.ctid::text, `,
      `from ${table} as ${alias}${old}${inserted} where ${alias}.ctid ${where}`,
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

/**
 * Whether the host takes a RETURNING that reads old or new — Postgres 18 does; Postgres 15 has
 * neither, and its error is the statement's (`42P01 missing FROM-clause entry for table "old"`,
 * `42601 syntax error at or near "with"`), at the user's token: the INSERT over its temp table with
 * its RETURNING, without ON CONFLICT (the temp table has no key), described, nothing run.
 */
export async function checkTransitionReturning(
  ctx: StatementContext,
  rewritten: Spliced,
  tail: StatementTail,
): Promise<void> {
  if (!tail.returning) return;
  const sql = applySplices(rewritten.text, [
    { start: tail.head.length, end: tail.returning.clause, replacement: ' ' },
  ]);
  await ctx.host
    .describe(sql.text)
    .catch((e: unknown) =>
      Promise.reject(hostError(e, (p) => rewritten.originalPosition(sql.originalPosition(p)))),
    );
}
