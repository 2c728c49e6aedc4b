import type { WireNextPage, WireProgress, WireScriptResult, WireStatement } from '../api/wire';
import { redactedOf } from '../sql/redactions';
import { editedRows, type RowsEdit } from '../edit/edited-rows';
import { isCancellation } from './cancellation';
import { statementView, type RunView, type StatementView } from '../state/run-view';

/** The last run of each editor tab. */
export interface Runs {
  readonly byTab: Readonly<Record<string, RunView>>;
}

/** What starts a run: ids and times come with it, so the reducer stays pure. */
export interface RunStart {
  readonly id: string;
  readonly requestId: string;
  readonly kind: RunView['kind'];
  readonly submitted: string;
  readonly base: number;
  /** Plans fetched for the cost guard, shown while it runs. */
  readonly preview: readonly (WireStatement | undefined)[];
  /** WCU estimates of the writes previewed before the run, by statement (null: not previewed). */
  readonly estimatedWcu?: readonly (number | null)[];
  readonly at: number;
}

/** A run's lifecycle (started → progress → finished / failed / cancelled), then its pages. */
export type RunAction =
  | { readonly type: 'started'; readonly tabId: string; readonly start: RunStart }
  | {
      readonly type: 'progress';
      readonly tabId: string;
      readonly runId: string;
      readonly progress: WireProgress;
    }
  | {
      readonly type: 'finished';
      readonly tabId: string;
      readonly runId: string;
      readonly result: WireScriptResult;
      readonly at: number;
    }
  | {
      readonly type: 'failed';
      readonly tabId: string;
      readonly runId: string;
      readonly message: string;
      readonly at: number;
    }
  | { readonly type: 'cancelled'; readonly tabId: string; readonly at: number }
  | { readonly type: 'statement-selected'; readonly tabId: string; readonly index: number }
  | { readonly type: 'page-requested'; readonly tabId: string; readonly index: number }
  | {
      readonly type: 'page-loaded';
      readonly tabId: string;
      readonly index: number;
      readonly page: WireNextPage;
    }
  | { readonly type: 'page-failed'; readonly tabId: string; readonly index: number }
  /** An edit made in the grid was written: its rows as DynamoDB now holds them (edit/edited-rows.ts). */
  | { readonly type: 'rows-edited'; readonly tabId: string; readonly index: number; readonly edit: RowsEdit };

export function initialRuns(byTab: Readonly<Record<string, RunView>>): Runs {
  return { byTab };
}

function startedRun(s: RunStart): RunView {
  return {
    id: s.id,
    requestId: s.requestId,
    kind: s.kind,
    submitted: s.submitted,
    base: s.base,
    redacted: null,
    status: 'running',
    progress: null,
    statements: [],
    error: null,
    startedAt: s.at,
    finishedAt: null,
    activeIndex: 0,
    preview: s.preview,
    ...(s.estimatedWcu && { estimatedWcu: s.estimatedWcu }),
    restored: null,
  };
}

/** The engine's answer to a run: its statements, its error (the failing statement is shown), its redactions. */
function finishedRun(r: RunView, result: WireScriptResult, at: number): RunView {
  return {
    ...r,
    status: isCancellation(result.error) ? 'cancelled' : result.error ? 'error' : 'done',
    redacted: redactedOf(result),
    statements: result.statements.map(statementView),
    error: result.error ?? null,
    finishedAt: at,
    activeIndex: result.error ? result.statements.length : Math.max(0, result.statements.length - 1),
  };
}

/** A page appended to a statement: rows, cursor, RCU and page count. */
function withPage(s: StatementView, page: WireNextPage): StatementView {
  return {
    ...s,
    rows: [...s.rows, ...page.rows],
    cursor: page.cursor,
    consumedRcu: s.consumedRcu + page.consumedRcu,
    pages: s.pages + 1,
    loading: false,
  };
}

const onRun = (runs: Runs, tabId: string, f: (r: RunView) => RunView): Runs => {
  const r = runs.byTab[tabId];
  if (!r) return runs;
  const next = f(r);
  return next === r ? runs : { ...runs, byTab: { ...runs.byTab, [tabId]: next } };
};

/** Only the run with this id, while it is running: a cancelled or replaced run ignores late answers. */
const onLive = (runs: Runs, tabId: string, runId: string, f: (r: RunView) => RunView): Runs =>
  onRun(runs, tabId, (r) => (r.id === runId && r.status === 'running' ? f(r) : r));

/** Like onLive, but a cancelled run still takes its answer: what it ran and spent before it stopped. */
const onAnswer = (runs: Runs, tabId: string, runId: string, f: (r: RunView) => RunView): Runs =>
  onRun(runs, tabId, (r) =>
    r.id === runId && (r.status === 'running' || r.status === 'cancelled') ? f(r) : r,
  );

const onStatement = (
  runs: Runs,
  tabId: string,
  index: number,
  f: (s: StatementView) => StatementView,
): Runs =>
  onRun(runs, tabId, (r) =>
    r.statements[index] ? { ...r, statements: r.statements.map((s, i) => (i === index ? f(s) : s)) } : r,
  );

/** The runs after `action`. */
export function runReducer(runs: Runs, action: RunAction): Runs {
  switch (action.type) {
    case 'started':
      return { ...runs, byTab: { ...runs.byTab, [action.tabId]: startedRun(action.start) } };
    case 'progress':
      return onLive(runs, action.tabId, action.runId, (r) => ({ ...r, progress: action.progress }));
    case 'finished':
      return onAnswer(runs, action.tabId, action.runId, (r) => finishedRun(r, action.result, action.at));
    case 'failed':
      return onLive(runs, action.tabId, action.runId, (r) => ({
        ...r,
        status: 'error',
        error: { message: action.message },
        finishedAt: action.at,
      }));
    case 'cancelled':
      return onRun(runs, action.tabId, (r) =>
        r.status === 'running' ? { ...r, status: 'cancelled', finishedAt: action.at } : r,
      );
    case 'statement-selected':
      return onRun(runs, action.tabId, (r) => ({ ...r, activeIndex: action.index }));
    case 'page-requested':
      return onStatement(runs, action.tabId, action.index, (s) => ({ ...s, loading: true }));
    case 'page-loaded':
      return onStatement(runs, action.tabId, action.index, (s) => withPage(s, action.page));
    case 'page-failed':
      return onStatement(runs, action.tabId, action.index, (s) => ({ ...s, loading: false }));
    case 'rows-edited':
      return onStatement(runs, action.tabId, action.index, (s) => ({
        ...s,
        rows: editedRows(s.rows, action.edit),
      }));
  }
}
