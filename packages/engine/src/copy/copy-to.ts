import { EngineError } from '../errors';
import type { StatementContext } from '../run/context';
import { hostError } from '../run/host-error';
import { quoteIdent, quoteLiteral } from '../parse/ast';
import { deleteStagedSql, stageRowsSql, stagedRowsTable } from '../session/staged-rows';
import { hostDdl } from '../session/temp-tables';
import { transactionReadOnly } from '../txn/read-only-refusal';
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
  const batch = await batchTable(ctx, out.columns);
  let rowCount = 0;
  try {
    const select = out.columns.map((c, i) => `c${i + 1} as ${quoteIdent(c.name)}`).join(', ');
    const copy = (header?: boolean) =>
      hostCopy(
        ctx,
        `copy (select ${select} from ${batch.rows} order by ord using operator(pg_catalog.<)) to '/dev/blob'${optionsSql(stmt.options, header)}`,
      );
    // The empty table's COPY writes the header (or nothing), and checks the options as Postgres
    // does before any output — and before anything is read.
    const header = await copy();
    await output.onStart?.(out.columns.length);
    if (header?.length) await output.onChunk(header);
    for (;;) {
      const page = await out.source.next(COPY_BATCH_ROWS, ctx.signal);
      if (page.rows.length) {
        await ctx.host.query(batch.insert, [JSON.stringify(page.rows.map((r) => r.map(cellText)))]);
        const copied = await copy(false);
        if (copied?.length) await output.onChunk(copied);
        rowCount += page.rows.length;
        await batch.empty();
      }
      if (page.done) break;
    }
  } finally {
    await out.source.close();
    await batch.drop();
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
 * Where a batch of rows (a JSON array of arrays of text) waits for the host's COPY: a temp table of
 * text columns, `rows` reading it as (ord, c1, c2, ...). In a read-only transaction block, where
 * Postgres refuses CREATE TABLE, the batch is staged as it is (session/staged-rows.ts) and `rows` is
 * the same relation read from it. Float cells are JavaScript numbers: the host writes them as their
 * type does (`1e+20`, `-0`, a real's shorter digits).
 */
async function batchTable(
  ctx: StatementContext,
  columns: readonly Column[],
): Promise<{ rows: string; insert: string; empty: () => Promise<void>; drop: () => Promise<void> }> {
  const values = columns.map((c, i) => {
    const cast = c.type === 'real' ? 'float4' : c.type === 'double precision' ? 'float8' : null;
    return `${cast ? `((e ->> ${i})::${cast})::text` : `e ->> ${i}`} as c${i + 1}`;
  });
  const name = ctx.nextTempName();
  const elements = (array: string) =>
    `select ord${values.map((v) => ', ' + v).join('')} from jsonb_array_elements(${array}) with ordinality as r(e, ord)`;
  const readOnly = ctx.host.inTransaction() && (await transactionReadOnly(ctx.host));
  if (readOnly) {
    const staged = `(select x.* from ${stagedRowsTable} b cross join lateral (${elements('b.rows')}) x where b.name = ${quoteLiteral(name)}) as staged`;
    return {
      rows: staged,
      insert: stageRowsSql(name, false),
      empty: async () => void (await ctx.host.query(deleteStagedSql([name]))),
      drop: async () => void (await ctx.host.query(deleteStagedSql([name])).catch(() => undefined)),
    };
  }
  const table = `pg_temp.${quoteIdent(name)}`;
  await hostDdl(
    ctx.host,
    `create temp table ${quoteIdent(name)} (ord int8${columns.map((_, i) => `, c${i + 1} text`).join('')})`,
  );
  return {
    rows: table,
    insert: `insert into ${table} ${elements('$1::jsonb')}`,
    empty: () => hostDdl(ctx.host, `truncate ${table}`),
    drop: () => hostDdl(ctx.host, `drop table if exists ${table}`).catch(() => undefined),
  };
}

/** A cell as Postgres's text output (numbers as JSON text, cast by the host; see insertSql). */
function cellText(cell: Cell): string | null {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell ? 't' : 'f';
  if (typeof cell === 'number') return Object.is(cell, -0) ? '-0' : String(cell);
  if (cell instanceof JsonText) return cell.text;
  return cell;
}
