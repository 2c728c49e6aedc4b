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
  if (!into?.rel || into.skipData) return 0;
  return Number((await ctx.host.query(`select count(*) from ${await createdName(ctx, into)}`)).rows[0]![0]);
}

/**
 * CREATE TABLE AS or CREATE MATERIALIZED VIEW ... IF NOT EXISTS over a relation that exists already,
 * which Postgres skips (NOTICE, its query not run): the tag it gives then, without rows; else null.
 *   `create table if not exists t as select ...` (t exists) → 'CREATE TABLE AS'
 */
export async function skippedCreate(ctx: StatementContext, node: unknown): Promise<string | null> {
  const ctas = as(node, 'CreateTableAsStmt');
  if (!ctas?.if_not_exists || !ctas.into?.rel) return null;
  const name = await createdName(ctx, ctas.into);
  const exists = (await ctx.host.query(`select pg_catalog.to_regclass($1) is not null`, [name])).rows[0]![0];
  if (exists !== 't' && exists !== 'true') return null;
  return ctas.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
}

/**
 * The relation's name with the schema it is made in: a temp table of the same name would hide a new
 * one named without a schema (`t` → `"public"."t"`, `temp t` → `"pg_temp"."t"`).
 */
async function createdName(ctx: StatementContext, into: IntoClause): Promise<string> {
  const rel = into.rel!;
  const schema =
    rel.schemaname ??
    (rel.relpersistence === 't'
      ? 'pg_temp'
      : String((await ctx.host.query('select pg_catalog.current_schema()')).rows[0]![0]));
  return `${quoteIdent(schema)}.${quoteIdent(rel.relname ?? '')}`;
}
