import type { CopyStmt } from '@pgsql/types';
import { COPY_CONTENT_TYPES, type CopyFormat, type CopyProgress } from '@dynascope/contract';
import { EngineError, SqlState } from '../errors';
import type { StatementContext } from '../run/context';
import { arraySource, type RowSource } from '../run/row-source';
import { parseOne } from '../parse/parse';
import type { Cell, Column, CopyOutput, Plan } from '../types';
import { copyItemsFrom, copyItemsTo } from './copy-items';
import { copyRowsFrom } from './copy-from';
import { CopyProgressReport } from './copy-progress';
import { copyRecords } from './copy-records';
import { copyStatement, quotingOf, relationSql, type CopyStatement } from './copy-statement';
import { refuseWriteIfReadOnly } from '../txn/read-only-refusal';
import { copyRowsTo, exportQuery } from './copy-to';
import type { CopyFromOutcome, CopyOutcome, CopySink, RunQuery } from './run-query';

/** The COPY statement the engine serves, its format checked; null for COPY to or from a file or program. */
export type ServedCopy = CopyStatement & { readonly format: CopyFormat };

export function servedCopy(copy: CopyStmt, text: string): ServedCopy | null {
  const stmt = copyStatement(copy, text);
  if (!stmt) return null;
  if (!Object.hasOwn(COPY_CONTENT_TYPES, stmt.format)) {
    throw new EngineError(
      stmt.format === 'binary' ? SqlState.featureNotSupported : SqlState.invalidParameterValue,
      stmt.format === 'binary'
        ? 'COPY FORMAT binary is not supported: use text, csv or dynamodb_json'
        : `COPY format "${stmt.format}" not recognized`,
    );
  }
  return stmt as ServedCopy;
}

/** A COPY FROM's input as it arrives: a stream's chunks, or a whole buffer as one. */
export async function* inputOf(body: AsyncIterable<Uint8Array> | Uint8Array): AsyncIterable<Uint8Array> {
  if (body instanceof Uint8Array) yield body;
  else yield* body;
}

/** `COPY ... TO STDOUT`: its output handed to `output` batch by batch (or record by record). */
export function copyTo(
  ctx: StatementContext,
  stmt: CopyStatement,
  run: RunQuery,
  output: CopyOutput,
): Promise<CopyOutcome> {
  if (stmt.direction !== 'to')
    throw new EngineError(
      SqlState.featureNotSupported,
      'this runs COPY ... TO STDOUT; COPY ... FROM STDIN takes its data with copyFrom',
    );
  const quoting = quotingOf(stmt);
  const sink: CopySink = {
    onStart: output.onStart,
    onChunk:
      'onRecords' in output
        ? async (bytes) => void (await output.onRecords(copyRecords(bytes, quoting)))
        : async (bytes) => void (await output.onChunk(bytes)),
  };
  return stmt.format === 'dynamodb_json' ? copyItemsTo(ctx, stmt, sink) : copyRowsTo(ctx, stmt, run, sink);
}

/**
 * `COPY ... FROM STDIN` over its input as it arrives: all of it is checked before anything is
 * written. `preview`: nothing is written; the outcome has the write capacity it would use.
 * `onProgress`: how far it has got, phase by phase (copy-progress.ts). `onStart`: its columns, once
 * the statement is checked and before its input is read.
 */
export function copyFrom(
  ctx: StatementContext,
  stmt: CopyStatement,
  input: AsyncIterable<Uint8Array>,
  run: RunQuery,
  preview = false,
  onProgress?: (progress: CopyProgress) => void,
  onStart?: CopySink['onStart'],
): Promise<CopyFromOutcome> {
  if (stmt.direction !== 'from')
    throw new EngineError(
      SqlState.featureNotSupported,
      'this runs COPY ... FROM STDIN; COPY ... TO STDOUT gives its data with copyTo',
    );
  const report = new CopyProgressReport(onProgress);
  return refuseCopyIfReadOnly(ctx, stmt).then(() =>
    stmt.format === 'dynamodb_json'
      ? copyItemsFrom(ctx, stmt, input, preview, report, onStart)
      : copyRowsFrom(ctx, stmt, input, run, preview, report, onStart),
  );
}

/**
 * A COPY FROM into a relation that is not a temp table, in a read-only transaction: Postgres's
 * refusal (txn/read-only-refusal.ts), before its data is asked for and before the engine makes its
 * staging tables. A relation that does not exist is the copy's own error (42P01).
 */
async function refuseCopyIfReadOnly(ctx: StatementContext, stmt: CopyStatement): Promise<void> {
  const found = await ctx.host.query(
    "select c.relpersistence <> 't' from pg_catalog.pg_class c where c.oid = pg_catalog.to_regclass($1)",
    [relationSql(stmt)],
  );
  if (found.rows[0]?.[0] === 't') await refuseWriteIfReadOnly(ctx.host, 'COPY FROM');
}

/**
 * A COPY statement inside a script (execute/explain): TO STDOUT sends its output to the caller's
 * `copyOut` as it reads it, or else answers it as rows of one text column, a record each (without
 * its newline); FROM STDIN has no data there. `planOnly`: the plan of what it reads.
 * Null for COPY to or from a file or program (the host refuses it).
 */
export async function copyInScript(
  ctx: StatementContext,
  copy: CopyStmt,
  text: string,
  planOnly: boolean,
  run: RunQuery,
): Promise<{ columns: Column[]; source: RowSource; plan: Plan | null; affectedRows: number } | null> {
  const stmt = servedCopy(copy, text);
  if (!stmt) return null;
  if (stmt.direction === 'from') {
    throw new EngineError(
      SqlState.featureNotSupported,
      "COPY FROM STDIN needs its data, which a script does not carry: run it alone (a Query message of its own, psql's \\copy, or POST /api/copy?sql=...)",
    );
  }
  if (planOnly) {
    if (stmt.format === 'dynamodb_json')
      return { columns: [], source: arraySource([]), plan: null, affectedRows: 0 };
    const query = exportQuery(stmt);
    const planned = await run(parseOne(query.text), query.text);
    return { columns: [], source: arraySource([]), plan: planned.plan, affectedRows: 0 };
  }
  // The caller takes the output as it is read (the wire protocol's Query message).
  if (ctx.copyOut) {
    const done = await copyTo(ctx, stmt, run, ctx.copyOut);
    return { columns: [], source: arraySource([]), plan: done.plan, affectedRows: done.rowCount };
  }
  const records: Cell[][] = [];
  const decoder = new TextDecoder();
  const done = await copyTo(ctx, stmt, run, {
    onRecords: (batch) => {
      for (const r of batch) records.push([decoder.decode(r).replace(/\n$/, '')]);
    },
  });
  return {
    columns: [{ name: 'copy', type: 'text' }],
    source: arraySource(records),
    plan: done.plan,
    affectedRows: done.rowCount,
  };
}
