import { EngineError, SqlState } from '../errors';
import type { StatementContext } from '../run/context';
import { hostError } from '../run/host-error';
import { isHostError } from '../host/host';
import { quoteIdent } from '../parse/ast';
import { parseOne } from '../parse/parse';
import { optionsSql, relationSql, type CopyStatement } from './copy-statement';
import type { CopyOutcome, RunQuery } from './run-query';

/**
 * `COPY t [(columns)] FROM STDIN [WITH (...)]` in text or csv. The host parses the input exactly as
 * Postgres does — its own COPY into a temp table with t's columns (named t, so errors read
 * `COPY t, line 3, column n: "abc"`), types, NOT NULL and defaults — so bad input fails before anything
 * is written; then `INSERT INTO t SELECT ... FROM` it runs through the engine like any INSERT
 * (batched PutItems over a foreign table).
 */
export async function copyRowsFrom(
  ctx: StatementContext,
  stmt: CopyStatement,
  input: Uint8Array,
  run: RunQuery,
): Promise<CopyOutcome> {
  // Schema-qualified: a temp table of the same name would otherwise hide it.
  const found = await ctx.host.query(
    'select quote_ident(n.nspname) || $$.$$ || quote_ident(c.relname), to_regclass($2) is null from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = to_regclass($1)',
    [relationSql(stmt), `pg_temp.${quoteIdent(stmt.relation!.name)}`],
  );
  if (!found.rows.length) {
    throw new EngineError(
      SqlState.undefinedTable,
      `relation "${stmt.relation!.schema ? stmt.relation!.schema + '.' : ''}${stmt.relation!.name}" does not exist`,
      { position: stmt.relation!.location + 1 },
    );
  }
  const relation = found.rows[0]![0]!;
  // The temp table takes t's name unless a temp table has it already (then errors name the copy).
  const name = quoteIdent(found.rows[0]![1] === 't' ? stmt.relation!.name : ctx.nextTempName());
  const table = `pg_temp.${name}`;
  const columns = stmt.columns ? ` (${stmt.columns.map(quoteIdent).join(', ')})` : '';
  try {
    await ctx.host.query(`create temp table ${name} (like ${relation} including defaults)`);
  } catch (e) {
    throw hostError(e);
  }
  try {
    let copied;
    try {
      copied = await ctx.host.copyBlob(
        `copy ${table}${columns} from '/dev/blob'${optionsSql(stmt.options)}`,
        input,
      );
    } catch (e) {
      throw inputError(e);
    }
    const rowCount = copied.affectedRows ?? 0;
    if (!rowCount) return { rowCount, plan: null };
    const list = stmt.columns ? columns : '';
    const insert = `insert into ${relation}${list} select ${stmt.columns ? stmt.columns.map(quoteIdent).join(', ') : '*'} from ${table}`;
    const out = await run(parseOne(insert), insert);
    await out.source.close();
    return { rowCount: out.affectedRows ?? rowCount, plan: out.plan };
  } finally {
    await ctx.host.query(`drop table if exists ${table}`).catch(() => undefined);
  }
}

/** The host's error about the input, with its CONTEXT (the line and column), no position in the statement. */
function inputError(e: unknown): EngineError {
  const err = hostError(e);
  const where = isHostError(e) ? (e as { where?: string }).where : undefined;
  return new EngineError(err.sqlstate, err.message, {
    ...(err.detail !== undefined && { detail: err.detail }),
    ...(err.hint !== undefined && { hint: err.hint }),
    ...(where && { context: where }),
  });
}
