import type { IntoClause } from '@pgsql/types';
import { as, quoteIdent } from '../parse/ast';
import type { StatementContext } from './context';

/**
 * The relation a statement creates from rows: CREATE TABLE AS, CREATE MATERIALIZED VIEW and SELECT
 * INTO, which Postgres tags `SELECT n` with the rows written (WITH NO DATA: none, run/command-tag.ts).
 */
export function intoOf(node: unknown): IntoClause | undefined {
  return as(node, 'CreateTableAsStmt')?.into ?? as(node, 'SelectStmt')?.intoClause;
}

/** The rows such a statement wrote (the host does not report them): `SELECT n`'s n. */
export async function createdRows(ctx: StatementContext, node: unknown): Promise<number> {
  const into = intoOf(node);
  const rel = into?.rel;
  if (!rel || into.skipData) return 0;
  // Where it was created: a temp table of the same name would hide a new one named without a schema.
  const schema =
    rel.schemaname ??
    (rel.relpersistence === 't'
      ? 'pg_temp'
      : String((await ctx.host.query('select pg_catalog.current_schema()')).rows[0]![0]));
  const name = `${quoteIdent(schema)}.${quoteIdent(rel.relname ?? '')}`;
  return Number((await ctx.host.query(`select count(*) from ${name}`)).rows[0]![0]);
}
