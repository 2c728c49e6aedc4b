import { useCallback, useRef, useState } from 'react';
import { api, newRequestId } from '../api/client';
import type { WireScriptResult } from '../api/wire';
import type { EditorBridge } from '../editor/editor-bridge';
import { download } from '../export/download';
import { toCsv } from '../export/to-csv';
import { toJson } from '../export/to-json';
import { guardDecision, mayRead, type GuardDecision } from '../guard/cost-guard';
import { redactedOf, type SentSecrets } from '../sql/redactions';
import { splitStatements } from '../sql/split-statements';
import { statementView, type RunView, type StatementView } from '../state/run-view';
import { newId } from '../state/workspace';

export interface RunnerDeps {
  readonly bridge: EditorBridge;
  readonly activeTabId: () => string;
  readonly threshold: () => number;
  /** Shows the cost guard; resolves true to run anyway. */
  readonly confirm: (decision: GuardDecision) => Promise<boolean>;
  /**
   * After a run (not an explain): history, catalog refresh. `redactedSql` is the SQL with its
   * secrets masked by the engine, null when no answer said (a transport failure).
   */
  readonly onFinished: (redactedSql: string | null, result: WireScriptResult | null, error?: string) => void;
  readonly notify: (text: string) => void;
  /** The engine found secrets in the SQL a tab sent (run or explain, whether it failed or not). */
  readonly onSecretsSent: (tabId: string, sent: SentSecrets, stored: boolean) => void;
  /** Runs restored after a reload, by tab (read once). */
  readonly initialRuns: Record<string, RunView>;
}

/**
 * Runs, explains, cancels and pages statements for the editor tabs: each tab keeps its last run.
 * The flow: target text → plan (explain) → cost guard → stream with progress → result / error marker.
 */
export function useRunner(input: RunnerDeps) {
  const deps = useRef(input);
  deps.current = input;
  const { bridge } = input;
  const [runs, setRuns] = useState<Record<string, RunView>>(() => input.initialRuns);
  const runsRef = useRef(runs);
  runsRef.current = runs;
  const [exporting, setExporting] = useState(false);

  const updateRun = useCallback((tabId: string, f: (r: RunView) => RunView) => {
    setRuns((rs) => (rs[tabId] ? { ...rs, [tabId]: f(rs[tabId]) } : rs));
  }, []);


  const execute = useCallback(
    async (mode: 'current' | 'all' | 'explain') => {
      const tabId = deps.current.activeTabId();
      if (runsRef.current[tabId]?.status === 'running') return;
      const t = bridge.target(mode === 'all' ? 'all' : 'current');
      if (!t) return;
      bridge.markRunning(t.base, t.base + t.sql.length);
      bridge.showError(null, t.sql, t.base);
      const explainOnly = mode === 'explain';

      let plans: WireScriptResult | null = null;
      const spans = splitStatements(t.sql);
      if (!explainOnly && mayRead(spans.map((s) => s.text))) {
        plans = await api.explain(t.sql).catch(() => null);
        const decision = guardDecision(
          spans.map((s, i) => ({ sql: s.text, plan: plans?.statements[i]?.plan ?? null })),
          { scanRcuThreshold: deps.current.threshold() },
        );
        if (decision.confirm) {
          const ok = await deps.current.confirm(decision);
          bridge.focus();
          if (!ok) {
            bridge.clearRunning();
            return;
          }
        }
      }

      const requestId = newRequestId();
      const view: RunView = {
        id: newId('r'),
        requestId,
        kind: explainOnly ? 'explain' : 'run',
        submitted: t.sql,
        base: t.base,
        redacted: null,
        status: 'running',
        progress: null,
        statements: [],
        error: null,
        startedAt: Date.now(),
        finishedAt: null,
        activeIndex: 0,
        preview: plans?.statements ?? [],
        restored: null,
      };
      // The previous result of this tab goes away: free its open cursors on the server.
      for (const sv of runsRef.current[tabId]?.statements ?? []) if (sv.cursor) void api.close(sv.cursor).catch(() => undefined);
      setRuns((rs) => ({ ...rs, [tabId]: view }));
      try {
        const result = explainOnly
          ? await api.explain(t.sql)
          : await api.stream(t.sql, requestId, (p) => updateRun(tabId, (r) => (r.id === view.id ? { ...r, progress: p } : r)));
        const redacted = redactedOf(result);
        updateRun(tabId, (r) =>
          r.id !== view.id || r.status === 'cancelled'
            ? r
            : {
                ...r,
                status: result.error ? 'error' : 'done',
                redacted,
                statements: result.statements.map(statementView),
                error: result.error ?? null,
                finishedAt: Date.now(),
                activeIndex: result.error ? result.statements.length : Math.max(0, result.statements.length - 1),
              },
        );
        if (deps.current.activeTabId() === tabId) bridge.showError(result.error, t.sql, t.base);
        if (redacted?.redactions.length) {
          deps.current.onSecretsSent(tabId, { submitted: t.sql, base: t.base, redactions: redacted.redactions }, !explainOnly && !result.error);
        }
        if (!explainOnly) deps.current.onFinished(redacted?.redactedSql ?? null, result);
      } catch (e) {
        const message = (e as Error).message;
        updateRun(tabId, (r) => (r.id !== view.id || r.status === 'cancelled' ? r : { ...r, status: 'error', error: { message }, finishedAt: Date.now() }));
        if (!explainOnly) deps.current.onFinished(null, null, message);
      } finally {
        setTimeout(() => bridge.clearRunning(), 600);
      }
    },
    [bridge, updateRun],
  );

  const cancel = useCallback(() => {
    const tabId = deps.current.activeTabId();
    const r = runsRef.current[tabId];
    if (!r || r.status !== 'running') return;
    void api.cancel(r.requestId).catch(() => undefined);
    updateRun(tabId, (x) => ({ ...x, status: 'cancelled', finishedAt: Date.now() }));
    deps.current.notify('Statement cancelled');
  }, [updateRun]);

  const nextPage = useCallback(
    async (index: number) => {
      const tabId = deps.current.activeTabId();
      const sv = runsRef.current[tabId]?.statements[index];
      if (!sv?.cursor) return;
      const setStmt = (f: (s: StatementView) => StatementView) =>
        updateRun(tabId, (r) => ({ ...r, statements: r.statements.map((s, i) => (i === index ? f(s) : s)) }));
      setStmt((s) => ({ ...s, loading: true }));
      try {
        const page = await api.next(sv.cursor);
        setStmt((s) => ({ ...s, rows: [...s.rows, ...page.rows], cursor: page.cursor, consumedRcu: s.consumedRcu + page.consumedRcu, pages: s.pages + 1, loading: false }));
      } catch (e) {
        setStmt((s) => ({ ...s, loading: false }));
        deps.current.notify(`Next page failed: ${(e as Error).message}`);
      }
    },
    [updateRun],
  );

  const exportResult = useCallback(
    async (index: number, format: 'csv' | 'json') => {
      const tabId = deps.current.activeTabId();
      const sv = runsRef.current[tabId]?.statements[index];
      if (!sv) return;
      setExporting(true);
      try {
        let rows = sv.rows;
        let cursor = sv.cursor;
        let rcu = 0;
        let pages = 0;
        while (cursor) {
          const page = await api.next(cursor);
          rows = [...rows, ...page.rows];
          cursor = page.cursor;
          rcu += page.consumedRcu;
          pages++;
        }
        if (pages) {
          updateRun(tabId, (r) => ({
            ...r,
            statements: r.statements.map((s, i) => (i === index ? { ...s, rows, cursor: null, consumedRcu: s.consumedRcu + rcu, pages: s.pages + pages } : s)),
          }));
        }
        const cols = sv.stmt.columns;
        const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
        if (format === 'csv') download(`dynascope-${stamp}.csv`, toCsv(cols, rows), 'text/csv');
        else download(`dynascope-${stamp}.json`, toJson(cols, rows), 'application/json');
        deps.current.notify(`Exported ${rows.length.toLocaleString('en-US')} rows`);
      } catch (e) {
        deps.current.notify(`Export failed: ${(e as Error).message}`);
      } finally {
        setExporting(false);
      }
    },
    [updateRun],
  );

  return { runs, updateRun, execute, cancel, nextPage, exportResult, exporting };
}
