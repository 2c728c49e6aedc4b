import { EngineError } from '../errors';
import { parseOne } from '../parse/parse';
import { quoteLiteral } from '../parse/ast';
import type { StatementContext } from '../run/context';
import { hostError } from '../run/host-error';
import type { CopyOutcome, RunQuery } from './run-query';
import { ORD, type StagedRows } from './stage-rows';
import { copyContext } from './staged-items';

/**
 * The INSERT of staged rows into a host table, in input order, that marks how far it got in a
 * sequence (the staging table's ORD sequence, done with once the rows are staged): 2k when row k
 * comes out of the sort, 2k+1 once the row is inserted (RETURNING). OFFSET 0 keeps the filter above
 * the sort, row by row (Postgres pushes a volatile filter into a subquery without one: all the rows
 * would be marked before the first is written). A sequence keeps its value when the statement fails
 * and rolls back.
 *   insertTrackingSql('"public"."t"', 'pg_temp."t"', ['"v"'], 'pg_temp_3.t_dynascope_copy_ord_seq') →
 *   with w as (insert into "public"."t" ("v") select "v" from (select "v", dynascope_copy_ord from
 *   pg_temp."t" order by dynascope_copy_ord offset 0) s where pg_catalog.setval('...'::regclass, 2 * s.dynascope_copy_ord) > 0
 *   returning pg_catalog.nextval('...'::regclass)) select pg_catalog.count(*) from w
 */
export function insertTrackingSql(
  relation: string,
  table: string,
  columns: readonly string[],
  sequence: string,
): string {
  const list = columns.join(', ');
  const seq = `${quoteLiteral(sequence)}::pg_catalog.regclass`;
  return (
    `with w as (insert into ${relation} (${list}) select ${list} from (select ${list}, ${ORD} from ${table} order by ${ORD} offset 0) s` +
    ` where pg_catalog.setval(${seq}, 2 * s.${ORD}) > 0 returning pg_catalog.nextval(${seq}))` +
    ` select pg_catalog.count(*) from w`
  );
}

/**
 * `COPY t [(columns)] FROM STDIN` into a host table: the staged rows written by one INSERT ... SELECT
 * (the engine's statement runner, as the user), which evaluates the defaults of the columns the COPY
 * does not list once, as Postgres's COPY does. An error about one row — a default, a BEFORE trigger,
 * a NOT NULL or CHECK constraint, a unique index — names its input line as Postgres's CONTEXT does
 * (`COPY t, line 2`; Postgres quotes the line's text too, which staging does not keep); an error after
 * the last row (an AFTER trigger, a foreign key) names none, as in Postgres. In a transaction block
 * the INSERT runs in a savepoint, so that the mark can be read after it fails; the block is aborted
 * all the same (the session marks it so). A table with rules gets the INSERT alone (a DO INSTEAD rule
 * refuses RETURNING), naming no line; Postgres's COPY ignores rules, the INSERT applies them.
 *   copy t (v) from stdin + 'a\nb\n', t.w not null default f() (null for the second row)
 *     → 23502 null value in column "w" of relation "t" violates not-null constraint (CONTEXT: COPY t, line 2)
 */
export async function insertStaged(
  ctx: StatementContext,
  staged: StagedRows,
  run: RunQuery,
): Promise<CopyOutcome> {
  const [sequence, , hasRules] = (
    await ctx.host.query(
      `select s, pg_catalog.setval(s, 1), (select c.relhasrules::text from pg_catalog.pg_class c where c.oid = $3::pg_catalog.regclass)
         from pg_catalog.pg_get_serial_sequence($1, $2) s`,
      [staged.table, ORD, staged.relation],
    )
  ).rows[0]!;
  if (hasRules === 'true') {
    // A DO INSTEAD rule without RETURNING refuses INSERT ... RETURNING: the INSERT alone, no line named.
    const list = staged.columns.join(', ');
    const plain = `insert into ${staged.relation} (${list}) select ${list} from ${staged.table} order by ${ORD}`;
    const out = await run(parseOne(plain), plain);
    await out.source.close();
    return { rowCount: out.affectedRows ?? staged.rowCount, plan: out.plan };
  }
  const sql = insertTrackingSql(staged.relation, staged.table, staged.columns, sequence!);
  const write = async (): Promise<CopyOutcome> => {
    const out = await run(parseOne(sql), sql);
    try {
      const page = await out.source.next(1);
      return { rowCount: Number(page.rows[0]?.[0] ?? 0), plan: out.plan };
    } finally {
      await out.source.close();
    }
  };
  try {
    return await (ctx.host.inTransaction() ? ctx.host.transaction(write) : write());
  } catch (e) {
    const mark = await ctx.host
      .query(`select last_value from ${sequence!}`)
      .then((r) => Number(r.rows[0]?.[0]))
      .catch(() => NaN);
    const err = hostError(e);
    if (!(mark % 2 === 0 && mark >= 2)) throw err;
    throw new EngineError(err.sqlstate, err.message, {
      ...(err.detail !== undefined && { detail: err.detail }),
      ...(err.hint !== undefined && { hint: err.hint }),
      context: copyContext(staged.context, staged.lineOf(mark / 2)),
      cause: e,
    });
  }
}
