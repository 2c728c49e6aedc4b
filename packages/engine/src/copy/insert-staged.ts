import { EngineError } from '../errors';
import { parseOne } from '../parse/parse';
import { quoteLiteral } from '../parse/ast';
import type { StatementContext } from '../run/context';
import { hostError } from '../run/host-error';
import type { CopyOutcome, RunQuery } from './run-query';
import { ORD, type StagedRows } from './stage-rows';
import { copyContext } from './staged-items';

/**
 * The INSERT of `rowCount` staged rows into a host table, in input order, that marks how far it got
 * in a sequence (the staging table's ORD sequence, done with once the rows are staged): 2k as row k
 * comes out of the sort, on its way to be written; 2·rowCount+1 once the last one is written, when the
 * INSERT asks the UNION ALL's second branch for more (a branch that reads one row and returns none).
 * OFFSET 0 keeps the filter above the sort, row by row (Postgres pushes a volatile filter into a
 * subquery without one: every row would be marked before the first is written). A sequence keeps its
 * value when the statement fails and rolls back.
 *   insertTrackingSql('"public"."t"', 'pg_temp."t"', ['"v"'], 'pg_temp_3.t_dynascope_copy_ord_seq', 2) →
 *   insert into "public"."t" ("v")
 *     select "v" from (select "v", dynascope_copy_ord from pg_temp."t" order by dynascope_copy_ord offset 0) s
 *      where pg_catalog.setval('...'::pg_catalog.regclass, 2 * s.dynascope_copy_ord) > 0
 *     union all
 *     select "v" from (select "v" from pg_temp."t" limit 1) z where pg_catalog.setval('...'::pg_catalog.regclass, 5) < 0
 */
export function insertTrackingSql(
  relation: string,
  table: string,
  columns: readonly string[],
  sequence: string,
  rowCount: number,
): string {
  const list = columns.join(', ');
  const seq = `${quoteLiteral(sequence)}::pg_catalog.regclass`;
  return (
    `insert into ${relation} (${list})` +
    ` select ${list} from (select ${list}, ${ORD} from ${table} order by ${ORD} offset 0) s` +
    ` where pg_catalog.setval(${seq}, 2 * s.${ORD}) > 0` +
    ` union all select ${list} from (select ${list} from ${table} limit 1) z` +
    ` where pg_catalog.setval(${seq}, ${2 * rowCount + 1}) < 0`
  );
}

/**
 * `COPY t [(columns)] FROM STDIN` into a host table: the staged rows (at least one) written by one
 * INSERT ... SELECT (the engine's statement runner, as the user), which evaluates the defaults of the
 * columns the COPY does not list once, as Postgres's COPY does. An error about one row — a default, a
 * BEFORE trigger, a NOT NULL or CHECK constraint, a unique index — names its input line as Postgres's
 * CONTEXT does (`COPY t, line 2`; Postgres quotes the line's text too, which staging does not keep);
 * an error after the last row (an AFTER trigger, a foreign key) names none, as in Postgres. In a
 * transaction block the INSERT runs in a savepoint, so that the mark can be read after it fails; the
 * block is aborted all the same (the session marks it so).
 *   copy t (v) from stdin + 'a\nb\n', t.w not null default f() (null for the second row)
 *     → 23502 null value in column "w" of relation "t" violates not-null constraint (CONTEXT: COPY t, line 2)
 */
export async function insertStaged(
  ctx: StatementContext,
  staged: StagedRows,
  run: RunQuery,
): Promise<CopyOutcome> {
  // The mark starts odd: a failure before the first row names no line.
  const sequence = (
    await ctx.host.query(
      'select s, pg_catalog.setval(s, 1) from pg_catalog.pg_get_serial_sequence($1, $2) s',
      [staged.table, ORD],
    )
  ).rows[0]![0]!;
  const sql = insertTrackingSql(staged.relation, staged.table, staged.columns, sequence, staged.rowCount);
  const write = async (): Promise<CopyOutcome> => {
    const out = await run(parseOne(sql), sql);
    await out.source.close();
    return { rowCount: out.affectedRows ?? staged.rowCount, plan: out.plan };
  };
  try {
    return await (ctx.host.inTransaction() ? ctx.host.transaction(write) : write());
  } catch (e) {
    const mark = await ctx.host
      .query(`select last_value from ${sequence}`)
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
