import { describe, expect, it } from 'vitest';
import type { WireStatement } from '../api/wire';
import { answer, progress as progressFrame, statement } from '../test-support/wire-fixtures';
import { initialRuns, runReducer, type RunAction, type Runs } from './run-reducer';

const stmt = (over: Partial<WireStatement> = {}) => statement({ cursor: 'c1', consumedRcu: 0.5, ...over });

const start = {
  id: 'r1',
  requestId: 'q1',
  kind: 'run' as const,
  submitted: 'select id from t',
  base: 4,
  preview: [],
  at: 100,
};
const started = (): Runs => runReducer(initialRuns({}), { type: 'started', tabId: 't1', start });
const apply = (runs: Runs, ...actions: RunAction[]) => actions.reduce(runReducer, runs);
const progress = progressFrame();

describe('runReducer: the lifecycle', () => {
  it('starts a running run in its tab, replacing the last one', () => {
    const r = started().byTab.t1!;
    expect(r).toMatchObject({
      id: 'r1',
      status: 'running',
      submitted: 'select id from t',
      base: 4,
      startedAt: 100,
      finishedAt: null,
    });
    expect(r).toMatchObject({
      statements: [],
      error: null,
      redacted: null,
      progress: null,
      restored: null,
      activeIndex: 0,
    });
    const again = runReducer(started(), { type: 'started', tabId: 't1', start: { ...start, id: 'r2' } });
    expect(again.byTab.t1!.id).toBe('r2');
  });

  it('shows progress of the live run only', () => {
    expect(
      runReducer(started(), { type: 'progress', tabId: 't1', runId: 'r1', progress }).byTab.t1!.progress,
    ).toEqual(progress);
    const other = started();
    expect(runReducer(other, { type: 'progress', tabId: 't1', runId: 'old', progress })).toBe(other);
  });

  it('finishes with the statements, the last one active, and the redactions', () => {
    const result = answer([stmt(), stmt({ cursor: null })], { redactedSql: 'select id from t' });
    const r = runReducer(started(), { type: 'finished', tabId: 't1', runId: 'r1', result, at: 200 }).byTab
      .t1!;
    expect(r).toMatchObject({ status: 'done', finishedAt: 200, activeIndex: 1, error: null });
    expect(r.redacted).toEqual({ redactedSql: 'select id from t', redactions: [] });
    expect(r.statements.map((s) => [s.cursor, s.pages, s.loading])).toEqual([
      ['c1', 1, false],
      [null, 1, false],
    ]);
  });

  it('finishes with an error: the failing statement (after those that ran) is active', () => {
    const result = answer([stmt()], {
      error: { message: 'boom', statementIndex: 1 },
      redactedSql: 'select x',
    });
    const r = runReducer(started(), { type: 'finished', tabId: 't1', runId: 'r1', result, at: 200 }).byTab
      .t1!;
    expect(r).toMatchObject({ status: 'error', activeIndex: 1, error: { message: 'boom' } });
    expect(r.redacted).toEqual({ redactedSql: 'select x', redactions: [] });
  });

  it('fails without an answer', () => {
    const r = runReducer(started(), {
      type: 'failed',
      tabId: 't1',
      runId: 'r1',
      message: 'Failed to fetch',
      at: 300,
    }).byTab.t1!;
    expect(r).toMatchObject({ status: 'error', error: { message: 'Failed to fetch' }, finishedAt: 300 });
  });

  it('is cancelled while running; then ignores a transport failure, another cancel and other runs', () => {
    const cancelled = runReducer(started(), { type: 'cancelled', tabId: 't1', at: 150 });
    expect(cancelled.byTab.t1).toMatchObject({ status: 'cancelled', finishedAt: 150 });
    const late = apply(
      cancelled,
      { type: 'finished', tabId: 't1', runId: 'old', result: answer([stmt()]), at: 200 },
      { type: 'failed', tabId: 't1', runId: 'r1', message: 'x', at: 200 },
      { type: 'cancelled', tabId: 't1', at: 210 },
    );
    expect(late).toBe(cancelled);
    // Its own late answer is taken (cancellation.test.ts): what ran and what it cost before the cancel.
    const answered = apply(cancelled, {
      type: 'finished',
      tabId: 't1',
      runId: 'r1',
      result: answer([stmt()]),
      at: 200,
    });
    expect(answered.byTab.t1).toMatchObject({ status: 'done', finishedAt: 200 });
    expect(runReducer(initialRuns({}), { type: 'cancelled', tabId: 't1', at: 1 }).byTab).toEqual({});
  });
});

describe('runReducer: results', () => {
  const done = () =>
    runReducer(started(), {
      type: 'finished',
      tabId: 't1',
      runId: 'r1',
      result: answer([stmt(), stmt()]),
      at: 200,
    });

  it('selects a statement', () => {
    expect(
      runReducer(done(), { type: 'statement-selected', tabId: 't1', index: 0 }).byTab.t1!.activeIndex,
    ).toBe(0);
  });

  it('loads a next page: loading, then rows appended with cursor, RCU and page count', () => {
    const loading = runReducer(done(), { type: 'page-requested', tabId: 't1', index: 0 });
    expect(loading.byTab.t1!.statements[0]!.loading).toBe(true);
    const page = { rows: [['b'], ['c']], cursor: null, consumedRcu: 1 };
    const s = runReducer(loading, { type: 'page-loaded', tabId: 't1', index: 0, page }).byTab.t1!
      .statements[0]!;
    expect(s).toMatchObject({
      rows: [['a'], ['b'], ['c']],
      cursor: null,
      consumedRcu: 1.5,
      pages: 2,
      loading: false,
    });
    expect(
      runReducer(loading, { type: 'page-failed', tabId: 't1', index: 0 }).byTab.t1!.statements[0],
    ).toMatchObject({ loading: false, pages: 1 });
    expect(
      runReducer(loading, { type: 'page-loaded', tabId: 't1', index: 0, page }).byTab.t1!.statements[1]!.rows,
    ).toEqual([['a']]);
  });

  it('takes an edit written from the grid into that statement only, cursor and RCU as they were', () => {
    const edited = apply(
      done(),
      { type: 'rows-edited', tabId: 't1', index: 1, edit: { kind: 'append', row: ['b'] } },
      { type: 'rows-edited', tabId: 't1', index: 1, edit: { kind: 'replace', at: 0, row: ['A'] } },
    ).byTab.t1!;
    expect(edited.statements[1]).toMatchObject({ rows: [['A'], ['b']], cursor: 'c1', consumedRcu: 0.5 });
    expect(edited.statements[0]!.rows).toEqual([['a']]);
  });

  it('leaves other tabs and missing statements alone', () => {
    const runs = done();
    expect(runReducer(runs, { type: 'page-requested', tabId: 't1', index: 5 })).toBe(runs);
    expect(runReducer(runs, { type: 'statement-selected', tabId: 'zz', index: 0 })).toBe(runs);
  });
});
