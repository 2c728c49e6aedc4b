import { EngineError } from '../errors';
import { parseOne } from '../parse/parse';
import { checkCostGuard } from '../plan/statement/cost-guard';
import { prepareFunctionReads, type FunctionReads } from '../plan/statement/function-reads';
import { dropTempTables } from '../plan/statement/prepare-foreign';
import type { Cell, Plan } from '../types';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import { loadScan } from './load-scan';
import { arraySource, type RowSource } from './row-source';
import { hostDdl } from '../session/temp-tables';

/** What running the rewritten statement gives back (run-statement.ts's StatementOutcome). */
interface Ran {
  readonly source: RowSource;
  readonly plan: Plan | null;
}

/** Runs a statement the engine runs (runStatement), in execute or plan-only mode. */
export type RunText<T extends Ran> = (text: string, ast: unknown, planOnly: boolean) => Promise<T>;

/**
 * A statement calling SQL functions that read foreign tables (plan/statement/function-reads.ts): the
 * cost guard over the functions' reads and the statement's own, then the functions' reads loaded,
 * their copies created, the statement run calling them, its rows collected, and the copies and temp
 * tables dropped. Its plan lists the functions' Scans first. Null when it calls no such function.
 */
export async function runWithFunctionReads<T extends Ran>(
  ctx: StatementContext,
  text: string,
  ast: unknown,
  planOnly: boolean,
  run: RunText<T>,
): Promise<T | null> {
  const reads = await prepareFunctionReads(ctx, text, ast);
  if (!reads) return null;
  const dropped: string[] = [];
  try {
    // Outside a block in a read-write block of their own: default_transaction_read_only may be on.
    for (const copy of reads.copies) {
      await hostDdl(ctx.host, copy.create).catch((e: unknown) => Promise.reject(hostError(e)));
      dropped.push(copy.drop);
    }
    const rewritten = parseOne(reads.text);
    const inBody = ctx.run.plan({ scans: reads.scans });
    const guard = (await ctx.settings()).maxStatementRcu;
    if (!planOnly && guard !== null) {
      const own = await atPosition(reads, run(reads.text, rewritten, true));
      checkCostGuard(guard, [...inBody.scans, ...(own.plan?.scans ?? [])], ctx.notices);
    }
    if (!planOnly) for (const scan of reads.scans) await loadScan(ctx, scan);
    const out = await atPosition(reads, run(reads.text, rewritten, planOnly));
    const rows: Cell[][] = [];
    for (let done = planOnly; !done;) {
      const page = await out.source.next(10_000, ctx.signal);
      rows.push(...page.rows);
      done = page.done;
    }
    const plan: Plan = { ...out.plan, scans: [...inBody.scans, ...(out.plan?.scans ?? [])] };
    return { ...out, source: arraySource(rows), plan };
  } finally {
    for (const drop of dropped) await hostDdl(ctx.host, drop).catch(() => undefined);
    await dropTempTables(ctx, reads.tempTables);
  }
}

/** Whether a statement calls SQL functions that read foreign tables (PREPARE keeps such a statement). */
export async function callsFunctionReads(
  ctx: StatementContext,
  text: string,
  ast: unknown,
): Promise<boolean> {
  const reads = await prepareFunctionReads(ctx, text, ast);
  if (reads) await dropTempTables(ctx, reads.tempTables);
  return reads !== null;
}

/** An error at a position of the rewritten statement, at the position the user wrote. */
async function atPosition<T>(reads: FunctionReads, running: Promise<T>): Promise<T> {
  try {
    return await running;
  } catch (e) {
    if (e instanceof EngineError && e.position !== undefined) e.position = reads.originalPosition(e.position);
    throw e;
  }
}
