import { readAccess } from '../fetch/read-access';
import { loadInJoinOrder } from './join-restriction';
import { runDirectJoin } from './direct-join';
import { withoutLimit } from '../bind/statement-text';
import type { Cell } from '../types';
import { toCells } from './cells';
import type { StatementContext } from './context';
import { hostError, namingRelation, scanNames } from './host-error';
import { insertItems, loadScan, recordPage } from './load-scan';
import { dropTempTables } from '../plan/statement/prepare-foreign';
import {
  unknownShape,
  type DirectShape,
  type EvaluationPlan,
  type ForeignPlan,
  type PlannedScan,
  type RowsFromItemsPlan,
  type StatementPlan,
  type StreamingShape,
  type StreamPlan,
  type WriteStatementPlan,
} from '../plan/statement/statement-plan';
import type { Page } from '../fetch/read-pages';
import { itemCell } from '../load/direct-cell';
import { qualifiedName } from '../catalog/foreign-table';
import { arraySource, type RowSource } from './row-source';
import { runStreamingAggregate } from './streaming-aggregate';
import { keptItems } from './top-n';

export interface ForeignRun {
  readonly source: RowSource;
  /** Set for statements that modify host tables (INSERT INTO local SELECT ... FROM foreign). */
  readonly affectedRows: number | undefined;
}

/**
 * Runs a planned statement by its shape (plan/statement/statement-plan.ts): DynamoDB counts; rows are
 * made from the items; the engine joins them; it aggregates, keeps DISTINCT values or the top N while
 * the pages arrive; each page streams through the host and reading stops when LIMIT is met; or every
 * read is loaded first and the host runs the statement once.
 */
export async function runForeign(
  ctx: StatementContext,
  plan: Exclude<ForeignPlan, WriteStatementPlan>,
): Promise<ForeignRun> {
  switch (plan.shape) {
    case 'count':
      return { source: arraySource([[String(await countItems(ctx, plan.scan))]]), affectedRows: undefined };
    case 'engine-hash-join':
      return { source: arraySource(await runDirectJoin(ctx, plan)), affectedRows: undefined };
    case 'rows-from-items':
      return {
        source: streamingSource(ctx, plan, plan.rows, directRows(plan.scan, plan.rows)),
        affectedRows: undefined,
      };
    case 'stream-through-host':
      return {
        source: streamingSource(ctx, plan, plan.window, hostRows(ctx, plan.scan, plan)),
        affectedRows: undefined,
      };
    case 'streaming-evaluation':
      return inHost(ctx, plan, async () => ({
        source: arraySource(await runEvaluation(ctx, plan)),
        affectedRows: undefined,
      }));
    case 'materialise-in-host':
      return inHost(ctx, plan, async () => {
        if (plan.scans.length > 1)
          await loadInJoinOrder(ctx, plan, (scan, collect, collectLimit) =>
            loadScan(ctx, scan, { collect, collectLimit }),
          );
        else for (const scan of plan.scans) await loadScan(ctx, scan);
        const r = await ctx.host.query(plan.rewritten.text, [], (m) => ctx.notices.push(m));
        const rows = toCells(
          r.rows,
          r.fields.map((f) => f.typeId),
          ctx.floatsAsText,
        );
        return { source: arraySource(rows), affectedRows: r.affectedRows };
      });
    default:
      return unknownShape(plan);
  }
}

/** Host work over the statement's temp tables: its errors at positions in the statement, the tables given back. */
async function inHost(
  ctx: StatementContext,
  plan: StatementPlan,
  run: () => Promise<ForeignRun>,
): Promise<ForeignRun> {
  try {
    return await run();
  } catch (e) {
    throw namingRelation(hostError(e, plan.rewritten.originalPosition), scanNames(plan.scans));
  } finally {
    await dropTempTables(ctx, plan.tempTables);
  }
}

/**
 * A streaming evaluation (plan/statement/local-shape.ts): aggregate states, or the top-N / DISTINCT
 * items loaded into the temp table for the statement, computed while the pages arrive.
 */
async function runEvaluation(ctx: StatementContext, plan: EvaluationPlan): Promise<Cell[][]> {
  const { scan, evaluation } = plan;
  const typeIds = plan.fields.map((f) => f.typeId);
  if (evaluation.kind === 'aggregate') return runStreamingAggregate(ctx, scan, evaluation, typeIds);
  await insertItems(ctx, scan, await keptItems(ctx, scan, evaluation));
  const r = await ctx.host.query(plan.rewritten.text, [], (m) => ctx.notices.push(m));
  return toCells(r.rows, typeIds, ctx.floatsAsText);
}

/** `Select: COUNT` with the scan's key condition and filter (planned so): DynamoDB counts, nothing is transferred. */
async function countItems(ctx: StatementContext, scan: PlannedScan): Promise<number> {
  const client = await ctx.clients.clientFor(scan.occurrence.table.server);
  let total = 0;
  const stats = ctx.run.start(scan);
  for await (const page of readAccess(client, scan.access, scan.input, scan.read, {
    signal: { current: ctx.signal },
    demand: { items: Infinity },
  })) {
    total += page.count ?? 0;
    recordPage(ctx, scan, page);
    stats.returnedCount = total;
  }
  return total;
}

/** The page of a read that sends no request. */
const NO_ITEMS: Page = Object.freeze({ items: [], consumedRcu: 0, scannedCount: 0 });

/** A page's rows, at most `wanted` of them (the rows still to skip and to emit; Infinity: all). */
type PageRows = (page: Page, wanted: number) => Promise<Cell[][]>;

/**
 * Each page loaded into the temp table, the statement run over it with a LIMIT of the rows still
 * wanted in place of its own LIMIT/OFFSET: as in Postgres, no row past the LIMIT is computed (its
 * select list could fail: `10 / v` over a row Postgres never reaches).
 */
function hostRows(ctx: StatementContext, scan: PlannedScan, prepared: StreamPlan): PageRows {
  const text = withoutLimit(prepared.rewritten.text);
  const typeIds = prepared.fields.map((f) => f.typeId);
  return async (page, wanted) => {
    const sql = Number.isFinite(wanted) ? `${text}\nlimit ${wanted}` : text;
    // The page's rows replace the last page's in one round trip (a DELETE in the INSERT) unless the
    // table wants a TRUNCATE (session/temp-tables.ts).
    const replace = page.items.length > 0 && ctx.temps.deletedBy(scan.tempTable);
    if (!replace) await ctx.temps.empty(ctx.host, [scan.tempTable]);
    await insertItems(ctx, scan, page.items, { replace });
    const r = await ctx.host.query(sql, [], (m) => ctx.notices.push(m));
    return toCells(r.rows, typeIds, ctx.floatsAsText);
  };
}

/** Each item coerced and output in JavaScript, exactly as the host would (load/direct-cell.ts). */
function directRows(scan: PlannedScan, shape: DirectShape): PageRows {
  const table = scan.occurrence.table;
  const context = { relation: qualifiedName(table), keyNames: scan.keyNames };
  return async (page) =>
    page.items.map((item) => shape.columns.map((c) => itemCell(item, c.def, table.columns, context)));
}

/**
 * A single-relation SELECT that needs no other row to produce a row: read a DynamoDB page, turn it
 * into rows, hand them out; OFFSET/LIMIT are applied here, and reading stops when LIMIT is met.
 */
function streamingSource(
  ctx: StatementContext,
  prepared: StreamPlan | RowsFromItemsPlan,
  shape: StreamingShape,
  rowsOf: PageRows,
): RowSource {
  const scan = prepared.scan;
  const signal: { current?: AbortSignal | undefined } = { current: ctx.signal };
  ctx.run.start(scan);
  let toSkip = shape.offset;
  let toEmit = shape.limit ?? Infinity;
  // Rows the consumer still wants: DynamoDB is asked ahead only for those (fetch/read-pages.ts). A
  // cursor that has come back for more is reading sequentially: it is read one result page ahead.
  const demand = { items: 0 };
  let calls = 0;
  let pages: AsyncGenerator<{ rows: Cell[][]; rcu: number }> | undefined;
  const buffer: Cell[][] = [];
  let finished = false;
  let closed = false;

  async function* generate(firstPage: number) {
    if (toEmit === 0) {
      // LIMIT 0 reads nothing; the host still runs the statement, over no rows, as Postgres plans it:
      // an error raised then is raised (`select id, 1 / 0 from t limit 0`: 22012).
      yield { rows: await rowsOf(NO_ITEMS, 0), rcu: 0 };
      return;
    }
    const client = await ctx.clients.clientFor(scan.occurrence.table.server);
    // A read much larger than the first result page starts with a request of that size: it comes back
    // in milliseconds whatever the table's size, and costs at most one request's rounding (0.5 RCU) more.
    const wanted = firstPage + shape.offset;
    const firstLimit = largeRead(scan, wanted) ? wanted : undefined;
    for await (const page of readAccess(client, scan.access, scan.input, scan.read, {
      signal,
      demand,
      ...(firstLimit !== undefined && { firstLimit }),
    })) {
      recordPage(ctx, scan, page);
      yield { rows: await rowsOf(page, toSkip + toEmit), rcu: page.consumedRcu };
    }
  }

  const close = async () => {
    if (closed) return;
    closed = true;
    await pages?.return(undefined);
    await dropTempTables(ctx, prepared.tempTables);
  };

  return {
    async next(pageSize, s) {
      if (s) signal.current = s;
      let consumed = 0;
      const ahead = ++calls > 1 ? pageSize : 0;
      pages ??= generate(pageSize);
      try {
        while (!finished && buffer.length < pageSize) {
          demand.items = Math.min(pageSize - buffer.length + ahead, toEmit + toSkip);
          const step = await pages.next();
          if (step.done) {
            finished = true;
            break;
          }
          consumed += step.value.rcu;
          let rows = step.value.rows;
          if (toSkip > 0) {
            const skip = Math.min(toSkip, rows.length);
            rows = rows.slice(skip);
            toSkip -= skip;
          }
          if (rows.length > toEmit) rows = rows.slice(0, toEmit);
          toEmit -= rows.length;
          for (const row of rows) buffer.push(row);
          if (toEmit <= 0) finished = true;
        }
      } catch (e) {
        await close();
        throw namingRelation(hostError(e, prepared.rewritten.originalPosition), scanNames(prepared.scans));
      }
      const rows = buffer.splice(0, pageSize);
      const done = finished && buffer.length === 0;
      if (done) await close();
      return { rows, done, consumedRcu: consumed };
    },
    close,
  };
}

/** More than twice the first result page by the estimate; a Scan of unknown size counts as large. */
function largeRead(scan: PlannedScan, firstPage: number): boolean {
  const rcu = scan.plan.estimatedRcu;
  if (rcu === null) return scan.access.operation === 'Scan';
  const items = ((rcu / (scan.plan.consistentRead ? 1 : 0.5)) * 4096) / Math.max(1, scan.avgItemBytes);
  return items > 2 * firstPage;
}
