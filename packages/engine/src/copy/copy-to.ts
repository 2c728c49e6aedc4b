import { EngineError } from '../errors';
import type { StatementContext } from '../run/context';
import { hostError } from '../run/host-error';
import { quoteIdent } from '../parse/ast';
import { parseOne } from '../parse/parse';
import { JsonText, type Cell, type Column } from '../types';
import { optionsSql, relationSql, type CopyStatement } from './copy-statement';
import type { CopyOutcome, CopySink, RunQuery } from './run-query';

/** Rows per batch the host writes: an export holds one batch at a time, whatever its size. */
export const COPY_BATCH_ROWS = 2000;

/** The query a COPY TO reads: its own, or every (listed) column of its relation. */
export function exportQuery(stmt: CopyStatement): { text: string; start: number | null } {
  if (stmt.query) return stmt.query;
  const columns = stmt.columns ? stmt.columns.map(quoteIdent).join(', ') : '*';
  return { text: `select ${columns} from ${relationSql(stmt)}`, start: null };
}

/**
 * `COPY (query) TO STDOUT [WITH (...)]` in text or csv: the query runs through the engine (planned,
 * cost-guarded, read page by page), and each batch of its rows goes into a temp table of text columns
 * holding every value's Postgres text output; the host's own COPY of that batch writes the bytes, so
 * they are exactly Postgres's (COPY writes a value's text output whatever its type). The header is
 * the COPY of the table still empty, which checks the options before anything is read.
 */
export async function copyRowsTo(
  ctx: StatementContext,
  stmt: CopyStatement,
  run: RunQuery,
  output: CopySink,
): Promise<CopyOutcome> {
  const query = exportQuery(stmt);
  let out;
  try {
    out = await run(parseOne(query.text), query.text);
  } catch (e) {
    if (e instanceof EngineError && e.position !== undefined)
      e.position = query.start === null ? undefined : e.position + query.start;
    throw e;
  }
  const name = quoteIdent(ctx.nextTempName());
  const table = `pg_temp.${name}`;
  let created = false;
  let rowCount = 0;
  try {
    const columns = out.columns.map((_, i) => `c${i + 1} text`).join(', ');
    await ctx.host.query(`create temp table ${name} (ord int8${columns ? ', ' + columns : ''})`);
    created = true;
    const insert = insertSql(table, out.columns);
    const select = out.columns.map((c, i) => `c${i + 1} as ${quoteIdent(c.name)}`).join(', ');
    const copy = (header?: boolean) =>
      hostCopy(
        ctx,
        `copy (select ${select} from ${table} order by ord using operator(pg_catalog.<)) to '/dev/blob'${optionsSql(stmt.options, header)}`,
      );
    // The empty table's COPY writes the header (or nothing), and checks the options as Postgres
    // does before any output — and before anything is read.
    const header = await copy();
    await output.onStart?.(out.columns.length);
    if (header?.length) await output.onChunk(header);
    for (;;) {
      const page = await out.source.next(COPY_BATCH_ROWS, ctx.signal);
      if (page.rows.length) {
        await ctx.host.query(insert, [JSON.stringify(page.rows.map((r) => r.map(cellText)))]);
        const copied = await copy(false);
        if (copied?.length) await output.onChunk(copied);
        rowCount += page.rows.length;
        await ctx.host.query(`truncate ${table}`);
      }
      if (page.done) break;
    }
  } finally {
    await out.source.close();
    if (created) await ctx.host.query(`drop table if exists ${table}`).catch(() => undefined);
  }
  return { rowCount, plan: out.plan };
}

async function hostCopy(ctx: StatementContext, sql: string): Promise<Uint8Array | undefined> {
  try {
    return (await ctx.host.copyBlob(sql)).output;
  } catch (e) {
    throw hostError(e);
  }
}

/**
 * One batch of rows (a JSON array of arrays of text) into the temp table. Float cells are JavaScript
 * numbers: the host writes them as their type does (`1e+20`, `-0`, a real's shorter digits).
 */
function insertSql(table: string, columns: readonly Column[]): string {
  const values = columns.map((c, i) => {
    const cast = c.type === 'real' ? 'float4' : c.type === 'double precision' ? 'float8' : null;
    return cast ? `((e ->> ${i})::${cast})::text` : `e ->> ${i}`;
  });
  return `insert into ${table} select ord${values.map((v) => ', ' + v).join('')} from jsonb_array_elements($1::jsonb) with ordinality as r(e, ord)`;
}

/** A cell as Postgres's text output (numbers as JSON text, cast by the host; see insertSql). */
function cellText(cell: Cell): string | null {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell ? 't' : 'f';
  if (typeof cell === 'number') return Object.is(cell, -0) ? '-0' : String(cell);
  if (cell instanceof JsonText) return cell.text;
  return cell;
}
