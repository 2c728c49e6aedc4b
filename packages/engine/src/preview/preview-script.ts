import { planRcu } from '@dynascope/contract';
import { retryBudgetFromSetting, withRetryBudget } from '../dynamo/retry-budget';
import { EngineError, SqlState } from '../errors';
import { as, kindOf } from '../parse/ast';
import { parseScriptUntilError } from '../parse/parse';
import type { StatementContext } from '../run/context';
import { statementError } from '../run/statement-error';
import { runStatement, type StatementOutcome } from '../run/run-statement';
import { modifyingCtes } from '../run/modifying-ctes';
import type { EngineErrorInfo, WritePreviewResult } from '../types';
import type { Session } from '../session/session';
import { WritePreview } from './write-preview';
import { governed, statementScope } from '../dynamo/governor/statement-governor';
import { timedSignal, untimed, type TimedSignal } from '../session/statement-timeout';

const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt']);
const COMMANDS: Readonly<Record<string, string>> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
};

/**
 * The write a statement is previewed as: its own INSERT/UPDATE/DELETE, else its first data-modifying
 * WITH query's (null: it writes nothing).
 *   with u as (update t set n = 1 returning *) select * from u → UPDATE, no WHERE
 */
export function previewedWrite(
  node: unknown,
  text: string,
): { readonly command: string; readonly hasWhere: boolean } | null {
  const kind = kindOf(node) ?? '';
  const write = WRITES.has(kind)
    ? { kind, node }
    : (modifyingCtes(node, text)
        ?.top.map((cte) => ({ kind: kindOf(cte.node) ?? '', node: cte.node }))
        .find((cte) => WRITES.has(cte.kind)) ?? null);
  if (!write) return null;
  const where = (as(write.node, 'UpdateStmt') ?? as(write.node, 'DeleteStmt'))?.whereClause;
  return { command: COMMANDS[write.kind]!, hasWhere: where !== undefined && where !== null };
}
const ROLLBACK = Symbol('the preview rolls its host changes back');

/**
 * `POST /api/preview`: each INSERT/UPDATE/DELETE of a script on a foreign table, run as it would run
 * in the session (its settings, its transaction block's held writes), with its writes recorded in a
 * WritePreview (preview/preview-sink.ts) instead of sent, and inside a host transaction (a
 * savepoint in a block) rolled back afterwards: nothing is written anywhere. A statement with a
 * data-modifying WITH query is previewed as that query's write (its rows and WCU; the statement's
 * own writes too). Other statements are not run. The first failure ends the preview, as in a script.
 *   update t set n = n + 1 where id = 'a' → { rowCount: 1, sample: [{ before: {id, n: 1}, after: {id, n: 2} }], estimatedWcu: 1 }
 */
export async function previewScript(
  sql: string,
  session: Session,
  contextFor: (statementIndex: number, signal: AbortSignal | undefined) => StatementContext,
  signal?: AbortSignal,
): Promise<WritePreviewResult> {
  const { statements: parsed, error: syntaxError } = parseScriptUntilError(sql);
  const result: { statements: WritePreviewResult['statements']; error?: EngineErrorInfo } = {
    statements: [],
  };
  let confirmWritesOver = 1;
  for (let i = 0; i < parsed.length; i++) {
    const stmt = parsed[i]!;
    const kind = kindOf(stmt.node) ?? '';
    const write = previewedWrite(stmt.node, stmt.text);
    if (!write) continue;
    // Its reads are a statement's: timed by statement_timeout and paced by the governor.
    let timed: TimedSignal = untimed(signal);
    try {
      const settings = await session.view().settings();
      timed = timedSignal(settings.statementTimeoutMs, signal);
      const ctx0 = contextFor(i, timed.signal);
      confirmWritesOver = confirmThreshold(settings.confirmWritesOver);
      // Inside the user's transaction block the write would be held (atomic): the preview's own
      // host transaction below must not make it look so.
      const preview = new WritePreview(ctx0.host.inTransaction());
      const ctx: StatementContext = { ...ctx0, preview };
      await session.beforeStatement(kind, stmt.node);
      let out: StatementOutcome | undefined;
      await ctx.host
        .transaction(async () => {
          const scope = statementScope(session, settings, timed.signal, ctx.notices);
          out = await withRetryBudget(retryBudgetFromSetting(settings.retryBudgetSeconds), () =>
            governed(scope, () => runStatement(ctx, stmt.node, stmt.text, false)),
          );
          throw ROLLBACK;
        })
        .catch((e: unknown) => {
          if (e !== ROLLBACK) throw e;
        })
        .finally(() => session.afterStatement(kind));
      const plan = out?.plan;
      if (!plan?.write) continue;
      const { command, hasWhere } = write;
      result.statements.push({
        statementIndex: i,
        sql: stmt.text,
        command,
        rowCount: preview.rows,
        sample: await preview.sampleRows(ctx.host),
        estimatedWcu: preview.wcu,
        atomic: preview.atomic,
        hasWhere,
        needsConfirmation:
          (command === 'UPDATE' || command === 'DELETE') &&
          (preview.rows > confirmWritesOver || (command === 'DELETE' && !hasWhere)),
        // Nothing was written: the write's counters stay at zero.
        plan: { ...plan, write: { ...plan.write, requests: 0, itemsWritten: 0, consumedWcu: 0 } },
        // What the scans read, the samples for their estimates, and the items an INSERT looked up.
        consumedRcu: planRcu(plan) + preview.lookupRcu,
      });
    } catch (e) {
      result.error = statementError(e, i, stmt, timed.signal);
      break;
    } finally {
      timed.done();
    }
  }
  if (syntaxError && !result.error) result.error = syntaxError.toInfo(parsed.length);
  return { ...result, confirmWritesOver };
}

/** `dynascope.confirm_writes_over`: a whole number of rows, 1 when unset. */
function confirmThreshold(text: string | null): number {
  if (text === null) return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new EngineError(
      SqlState.invalidParameterValue,
      `invalid value for parameter "dynascope.confirm_writes_over": "${text}"`,
      { hint: 'a whole number of rows: UPDATE and DELETE changing more ask for confirmation' },
    );
  return n;
}
