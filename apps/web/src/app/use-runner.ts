import { useCallback, useLayoutEffect, useReducer, useRef } from 'react';
import { api, ApiError, newRequestId } from '../api/client';
import { failureLine } from '../api/failure-text';
import type { CatalogSnapshot, WirePlan, WirePreviewStatement, WireScriptResult } from '../api/wire';
import type { RowsEdit } from '../edit/edited-rows';
import type { EditorBridge } from '../editor/editor-bridge';
import { guardDecision, guardInputs, mayRead, withItemCounts, type GuardDecision } from '../guard/cost-guard';
import { withWritePreview } from '../guard/with-write-preview';
import { previewIndexes, previewNeed } from '../preview/write-preview';
import { productionWrites, withReasons } from '../servers/production-writes';
import { isCancellation } from '../run/cancellation';
import { initialRuns, runReducer } from '../run/run-reducer';
import { redactedOf, type SentSecrets } from '../sql/redactions';
import { splitStatements } from '../sql/split-statements';
import type { RunView } from '../state/run-view';
import { newId } from '../state/workspace';

/** A cursor that is gone already (its session expired, 404) needs no word; any other failure does. */
function closeFailed(e: unknown, notify: (text: string) => void): void {
  if (!(e instanceof ApiError && e.status === 404))
    notify(`Closing the last result's cursor failed: ${failureLine(e)}`);
}

/**
 * DynamoDB's ItemCount of each table an unfiltered UPDATE/DELETE would change (DescribeTable only:
 * no item is read). A failure is said, and the guard asks without the count.
 */
async function itemCounts(
  decision: GuardDecision,
  notify: (text: string) => void,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const r of decision.reasons) {
    if (r.kind !== 'unfiltered-write' || !r.server) continue;
    try {
      counts.set(r.relation, (await api.describe(r.server, r.table, 0)).itemCount ?? 0);
    } catch (e) {
      notify(`Could not count the items of ${r.table}: ${failureLine(e)}`);
    }
  }
  return counts;
}

type Previewed = { readonly statementIndex: number; readonly preview: WirePreviewStatement };

/**
 * The script's writes previewed in the tab's session (POST /api/preview; nothing is written) when it
 * has an UPDATE or DELETE of a foreign table whose read is not too expensive to do twice
 * (preview/write-preview.ts). A failure is said and the guard asks as it would without a preview.
 */
async function previewWrites(
  sql: string,
  session: string,
  statements: readonly { readonly sql: string; readonly plan: WirePlan | null }[],
  need: ReturnType<typeof previewNeed>,
  notify: (text: string) => void,
): Promise<Previewed[]> {
  if (need !== 'preview') return [];
  try {
    const answer = await api.preview(sql, session);
    if (answer.error) notify(`The write preview stopped: ${answer.error.message}`);
    const at = previewIndexes(
      statements.map((s) => s.sql),
      answer.statements,
    );
    return answer.statements.map((preview, i) => ({ statementIndex: at[i]!, preview }));
  } catch (e) {
    notify(`The write preview failed: ${failureLine(e)}`);
    return [];
  }
}

export interface RunnerDeps {
  readonly bridge: EditorBridge;
  readonly activeTabId: string;
  /** The cost guard's Scan threshold in RCU. */
  readonly threshold: number;
  /** Which servers are production (a write through one is confirmed first). */
  readonly catalog: CatalogSnapshot | null;
  /** Shows the cost guard; resolves true to run anyway. */
  readonly confirm: (decision: GuardDecision) => Promise<boolean>;
  /**
   * After a run (not an explain) in tab `tabId`: history, catalog refresh. `redactedSql` is the SQL with its
   * secrets masked by the engine, null when no answer said (a transport failure).
   */
  readonly onFinished: (
    tabId: string,
    redactedSql: string | null,
    result: WireScriptResult | null,
    error?: string,
  ) => void;
  readonly notify: (text: string) => void;
  /** The engine found secrets in the SQL a tab sent (run or explain, whether it failed or not). */
  readonly onSecretsSent: (tabId: string, sent: SentSecrets, stored: boolean) => void;
  /** Runs restored after a reload, by tab (read once). */
  readonly initialRuns: Record<string, RunView>;
}

/**
 * The I/O of runs (run-reducer.ts decides the state): explain for the cost guard, stream with
 * progress, cancel and next pages, for the editor tab that is active when they start.
 * The flow: target text → plan (explain) → cost guard → stream with progress → result / error marker.
 */
export function useRunner(input: RunnerDeps) {
  const { bridge } = input;
  const [runs, dispatch] = useReducer(runReducer, input.initialRuns, initialRuns);
  // What the async flows read when they get there: the latest committed inputs and runs.
  const deps = useRef(input);
  const runsRef = useRef(runs);
  useLayoutEffect(() => {
    deps.current = input;
    runsRef.current = runs;
  });

  /**
   * The plans of a script that may read, whether the user lets it run (the cost guard, with the
   * previews of its writes), and the WCU each previewed write was estimated at (null: not previewed).
   */
  const guard = useCallback(
    async (
      sql: string,
      session: string,
    ): Promise<{ plans: WireScriptResult | null; ok: boolean; estimatedWcu?: (number | null)[] }> => {
      const spans = splitStatements(sql);
      if (!mayRead(spans.map((s) => s.text))) return { plans: null, ok: true };
      // Planned in the tab's session: its settings and search_path are the run's.
      const plans = await api.explain(sql, session).catch((e: unknown) => {
        deps.current.notify(`The cost guard could not plan the statement: ${failureLine(e)}`);
        return null;
      });
      const statements = guardInputs(
        spans.map((s) => s.text),
        plans,
      );
      const statementPlans = statements.map((s) => s.plan);
      const { threshold, notify } = deps.current;
      const need = previewNeed(statements, threshold);
      const previews = await previewWrites(sql, session, statements, need, notify);
      const estimatedWcu = spans.map(
        (_, i) => previews.find((p) => p.statementIndex === i)?.preview.estimatedWcu ?? null,
      );
      const planned = withWritePreview(
        withReasons(
          guardDecision(statements, { scanRcuThreshold: threshold }),
          productionWrites(statementPlans, deps.current.catalog),
        ),
        previews,
        need,
      );
      if (!planned.confirm) return { plans, ok: true, estimatedWcu };
      const decision = withItemCounts(planned, await itemCounts(planned, notify));
      const ok = await deps.current.confirm(decision);
      bridge.focus();
      return { plans, ok, estimatedWcu };
    },
    [bridge],
  );

  const execute = useCallback(
    async (mode: 'current' | 'all' | 'explain') => {
      const tabId = deps.current.activeTabId;
      if (runsRef.current.byTab[tabId]?.status === 'running') return;
      const t = bridge.target(mode === 'all' ? 'all' : 'current');
      if (!t) return;
      bridge.markRunning(t.base, t.base + t.sql.length);
      bridge.showError(null, t.sql, t.base);
      const explainOnly = mode === 'explain';
      const { plans, ok, estimatedWcu } = explainOnly
        ? { plans: null, ok: true, estimatedWcu: undefined }
        : await guard(t.sql, tabId);
      if (!ok) {
        bridge.clearRunning();
        return;
      }

      const runId = newId('r');
      const requestId = newRequestId();
      // The previous result of this tab goes away: free its open cursors on the server.
      for (const sv of runsRef.current.byTab[tabId]?.statements ?? [])
        if (sv.cursor)
          void api.close(sv.cursor, tabId).catch((e: unknown) => closeFailed(e, deps.current.notify));
      const kind = explainOnly ? 'explain' : 'run';
      const start = {
        id: runId,
        requestId,
        kind,
        submitted: t.sql,
        base: t.base,
        preview: plans?.statements ?? [],
        ...(estimatedWcu && { estimatedWcu }),
        at: Date.now(),
      } as const;
      dispatch({ type: 'started', tabId, start });
      try {
        const result = explainOnly
          ? await api.explain(t.sql, tabId)
          : await api.stream(
              t.sql,
              requestId,
              (progress) => dispatch({ type: 'progress', tabId, runId, progress }),
              undefined,
              tabId,
            );
        dispatch({ type: 'finished', tabId, runId, result, at: Date.now() });
        // A cancel is not an error: no marker (the results say what it had read).
        if (deps.current.activeTabId === tabId)
          bridge.showError(isCancellation(result.error) ? null : result.error, t.sql, t.base);
        const redacted = redactedOf(result);
        if (redacted?.redactions.length) {
          const sent = { submitted: t.sql, base: t.base, redactions: redacted.redactions };
          deps.current.onSecretsSent(tabId, sent, !explainOnly && !result.error);
        }
        if (!explainOnly) deps.current.onFinished(tabId, redacted?.redactedSql ?? null, result);
      } catch (e) {
        const message = failureLine(e);
        dispatch({ type: 'failed', tabId, runId, message, at: Date.now() });
        if (!explainOnly) deps.current.onFinished(tabId, null, null, message);
      } finally {
        setTimeout(() => bridge.clearRunning(), 600);
      }
    },
    [bridge, guard],
  );

  const cancel = useCallback(() => {
    const tabId = deps.current.activeTabId;
    const r = runsRef.current.byTab[tabId];
    if (!r || r.status !== 'running') return;
    void api
      .cancel(r.requestId)
      .catch((e: unknown) => deps.current.notify(`Cancel failed: ${failureLine(e)}`));
    dispatch({ type: 'cancelled', tabId, at: Date.now() });
    deps.current.notify('Statement cancelled');
  }, []);

  const selectStatement = useCallback((index: number) => {
    dispatch({ type: 'statement-selected', tabId: deps.current.activeTabId, index });
  }, []);

  const nextPage = useCallback(async (index: number) => {
    const tabId = deps.current.activeTabId;
    const cursor = runsRef.current.byTab[tabId]?.statements[index]?.cursor;
    if (!cursor) return;
    dispatch({ type: 'page-requested', tabId, index });
    try {
      dispatch({ type: 'page-loaded', tabId, index, page: await api.next(cursor, tabId) });
    } catch (e) {
      dispatch({ type: 'page-failed', tabId, index });
      deps.current.notify(`Next page failed: ${failureLine(e)}`);
    }
  }, []);

  /** A grid edit was written: the statement's rows take what the write returned. */
  const editRows = useCallback((tabId: string, index: number, edit: RowsEdit) => {
    dispatch({ type: 'rows-edited', tabId, index, edit });
  }, []);

  return {
    runs: runs.byTab,
    execute,
    cancel,
    selectStatement,
    nextPage,
    guard,
    editRows,
  };
}
