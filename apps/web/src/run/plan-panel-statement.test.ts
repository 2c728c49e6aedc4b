import { describe, expect, it } from 'vitest';
import { answer, progress, scanPlan, statement } from '../test-support/wire-fixtures';
import { initialRuns, runReducer, type RunStart } from './run-reducer';
import { planPanelStatement } from './plan-panel-statement';

const stmt = (sql: string) => statement({ sql });
const start: RunStart = {
  id: 'r',
  requestId: 'q',
  kind: 'run',
  submitted: 'a; b',
  base: 0,
  preview: [stmt('plan a'), stmt('plan b')],
  at: 0,
};
const running = () => runReducer(initialRuns({}), { type: 'started', tabId: 't', start });

describe('planPanelStatement', () => {
  it("carries what the cost guard's plan read sampling for estimates to the result (issue 17, defect 8)", () => {
    const sampledPlan = statement({ plan: { scans: [scanPlan({ samplingRcu: 2 })] } });
    const guarded = runReducer(initialRuns({}), {
      type: 'started',
      tabId: 't',
      start: { ...start, submitted: 'a', preview: [sampledPlan] },
    });
    const done = runReducer(guarded, {
      type: 'finished',
      tabId: 't',
      runId: 'r',
      result: answer([stmt('a')]),
      at: 1,
    });
    expect(planPanelStatement(done.byTab.t!)).toEqual({
      statement: stmt('a'),
      mode: 'result',
      guardSamplingRcu: 2,
    });
    expect(planPanelStatement(running().byTab.t!)).not.toHaveProperty('guardSamplingRcu');
  });

  it('previews the plan of the statement in progress while a run runs', () => {
    expect(planPanelStatement(running().byTab.t!)).toEqual({ statement: stmt('plan a'), mode: 'preview' });
    const frame = progress({ statementIndex: 1 });
    const second = runReducer(running(), { type: 'progress', tabId: 't', runId: 'r', progress: frame }).byTab
      .t!;
    expect(planPanelStatement(second).statement).toEqual(stmt('plan b'));
  });

  it('shows the selected statement afterwards; for the failing one its own plan, not the last one that ran', () => {
    const done = runReducer(running(), {
      type: 'finished',
      tabId: 't',
      runId: 'r',
      result: answer([stmt('a'), stmt('b')]),
      at: 1,
    });
    expect(
      planPanelStatement(runReducer(done, { type: 'statement-selected', tabId: 't', index: 0 }).byTab.t!),
    ).toEqual({ statement: stmt('a'), mode: 'result' });
    const failed = runReducer(running(), {
      type: 'finished',
      tabId: 't',
      runId: 'r',
      result: answer([stmt('a')], { error: { message: 'x', statementIndex: 1 } }),
      at: 1,
    });
    expect(planPanelStatement(failed.byTab.t!)).toEqual({
      statement: stmt('plan b'),
      mode: 'failed',
      statementIndex: 1,
    });
    expect(
      planPanelStatement(runReducer(failed, { type: 'statement-selected', tabId: 't', index: 0 }).byTab.t!),
    ).toEqual({ statement: stmt('a'), mode: 'result' });
    // Not planned before the run (the cost guard did not ask): no plan, rather than another statement's.
    const unplanned = runReducer(
      runReducer(initialRuns({}), { type: 'started', tabId: 't', start: { ...start, preview: [] } }),
      {
        type: 'finished',
        tabId: 't',
        runId: 'r',
        result: answer([], { error: { message: 'x', statementIndex: 0 } }),
        at: 1,
      },
    );
    expect(planPanelStatement(unplanned.byTab.t!)).toEqual({
      statement: null,
      mode: 'failed',
      statementIndex: 0,
    });
  });

  it('shows the plan of a cancelled statement as cancelled', () => {
    const cancelled = runReducer(running(), { type: 'cancelled', tabId: 't', at: 2 });
    expect(planPanelStatement(cancelled.byTab.t!)).toEqual({
      statement: stmt('plan a'),
      mode: 'cancelled',
      statementIndex: 0,
    });
  });

  it('carries the items a stopped statement had scanned by its last progress report (session 39)', () => {
    const reported = runReducer(running(), {
      type: 'progress',
      tabId: 't',
      runId: 'r',
      progress: progress({ statementIndex: 0, itemsScanned: 6267, consumedRcu: 72 }),
    });
    const cancelled = runReducer(reported, { type: 'cancelled', tabId: 't', at: 2 });
    expect(planPanelStatement(cancelled.byTab.t!)).toEqual({
      statement: stmt('plan a'),
      mode: 'cancelled',
      statementIndex: 0,
      stoppedItemsScanned: 6267,
    });
    // A report of another statement says nothing of this one.
    const failedLater = runReducer(reported, {
      type: 'finished',
      tabId: 't',
      runId: 'r',
      result: answer([stmt('a')], { error: { message: 'x', statementIndex: 1 } }),
      at: 1,
    });
    expect(planPanelStatement(failedLater.byTab.t!)).not.toHaveProperty('stoppedItemsScanned');
  });

  it('carries what a failed statement had consumed (review h4 item 9)', () => {
    const failed = runReducer(running(), {
      type: 'finished',
      tabId: 't',
      runId: 'r',
      result: answer([], { error: { message: 'x', statementIndex: 0, consumedRcu: 0.5 } }),
      at: 1,
    });
    expect(planPanelStatement(failed.byTab.t!)).toEqual({
      statement: stmt('plan a'),
      mode: 'failed',
      statementIndex: 0,
      stoppedRcu: 0.5,
    });
  });

  it('says explain for an explain, nothing without a run', () => {
    const explain = runReducer(initialRuns({}), {
      type: 'started',
      tabId: 't',
      start: { ...start, kind: 'explain' },
    });
    expect(planPanelStatement(explain.byTab.t!)).toEqual({ statement: null, mode: 'explain' });
    expect(planPanelStatement(null)).toEqual({ statement: null, mode: 'result' });
  });

  it('gives the write preview’s WCU estimate of the statement shown, while it runs and after', () => {
    const previewed = runReducer(initialRuns({}), {
      type: 'started',
      tabId: 't',
      start: { ...start, estimatedWcu: [null, 12] },
    });
    expect(planPanelStatement(previewed.byTab.t!)).toEqual({ statement: stmt('plan a'), mode: 'preview' });
    const second = runReducer(previewed, {
      type: 'progress',
      tabId: 't',
      runId: 'r',
      progress: progress({ statementIndex: 1 }),
    });
    expect(planPanelStatement(second.byTab.t!).estimatedWcu).toBe(12);
    const done = runReducer(second, {
      type: 'finished',
      tabId: 't',
      runId: 'r',
      result: answer([stmt('a'), stmt('b')]),
      at: 1,
    });
    expect(planPanelStatement(done.byTab.t!)).toEqual({
      statement: stmt('b'),
      mode: 'result',
      estimatedWcu: 12,
    });
    const selected = runReducer(done, { type: 'statement-selected', tabId: 't', index: 0 });
    expect(planPanelStatement(selected.byTab.t!)).toEqual({ statement: stmt('a'), mode: 'result' });
  });

  it('carries the pages loaded after the first: their RCU with the first, and whether more remain', () => {
    const first = statement({ sql: 'a', cursor: 'c1', consumedRcu: 5.5 });
    const done = runReducer(running(), {
      type: 'finished',
      tabId: 't',
      runId: 'r',
      result: answer([first]),
      at: 1,
    });
    expect(planPanelStatement(done.byTab.t!)).toEqual({ statement: first, mode: 'result' });
    const next = (runs: typeof done, cursor: string | null) =>
      runReducer(runs, {
        type: 'page-loaded',
        tabId: 't',
        index: 0,
        page: { rows: [['x']], cursor, consumedRcu: 5.5 },
      });
    const second = next(done, 'c2');
    expect(planPanelStatement(second.byTab.t!)).toEqual({
      statement: first,
      mode: 'result',
      pages: { count: 2, consumedRcu: 11, more: true },
    });
    expect(planPanelStatement(next(second, null).byTab.t!).pages).toEqual({
      count: 3,
      consumedRcu: 16.5,
      more: false,
    });
  });
});
