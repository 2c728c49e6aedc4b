import { describe, expect, it } from 'vitest';
import type { PlannedScan } from '../plan/statement/statement-plan';
import { RunStats } from './run-stats';

const plan = Object.freeze({
  relation: 'd.t',
  operation: 'Scan',
  estimatedRcu: 5,
  estimateNote: 'n',
  consumedRcu: null,
  scannedCount: null,
  returnedCount: null,
  pages: 0,
});
const scan = Object.freeze({ occurrence: {}, plan }) as unknown as PlannedScan;
const prepared = { scans: [scan] };

describe('RunStats: a run keeps its figures apart from the plan', () => {
  it('shows no figures before the scan runs, then the figures so far, live', () => {
    const run = new RunStats();
    const view = run.plan(prepared);
    expect(view.scans[0]).toMatchObject({
      relation: 'd.t',
      consumedRcu: null,
      scannedCount: null,
      returnedCount: null,
      pages: 0,
    });
    run.record(scan, { items: [1, 2], consumedRcu: 0.5, scannedCount: 4 });
    run.record(scan, { items: [3], consumedRcu: 1, scannedCount: 1 });
    expect(view.scans[0]).toMatchObject({ consumedRcu: 1.5, scannedCount: 5, returnedCount: 3, pages: 2 });
    expect(JSON.parse(JSON.stringify(view)).scans[0]).toMatchObject({
      operation: 'Scan',
      consumedRcu: 1.5,
      pages: 2,
    });
    expect(plan.consumedRcu).toBeNull();
    expect(() => ((view.scans[0] as { pages: number }).pages = 9)).toThrow(TypeError);
  });

  it('shows a scan as re-planned by this run, and a new run as planned', () => {
    const run = new RunStats();
    run.replan(scan, {
      ...scan,
      plan: { ...plan, operation: 'BatchGetItem', estimatedRcu: 1 },
    } as PlannedScan);
    expect(run.plan(prepared).scans[0]).toMatchObject({ operation: 'BatchGetItem', estimatedRcu: 1 });
    expect(run.current(scan).plan.operation).toBe('BatchGetItem');
    expect(new RunStats().plan(prepared).scans[0]).toMatchObject({ operation: 'Scan', estimatedRcu: 5 });
  });

  it("shows a re-plan in a view made before it, in the order of the plan's keys, with its counters still live", () => {
    const run = new RunStats();
    const view = run.plan(prepared);
    run.replan(scan, {
      ...scan,
      plan: { ...plan, operation: 'Query', estimatedRcu: 2 },
    } as PlannedScan);
    const stats = run.start(scan);
    stats.returnedCount = 7;
    expect(Object.keys(view.scans[0]!)).toEqual(Object.keys(plan));
    expect(JSON.parse(JSON.stringify(view.scans[0]))).toEqual({
      ...plan,
      operation: 'Query',
      estimatedRcu: 2,
      consumedRcu: 0,
      scannedCount: 0,
      returnedCount: 7,
    });
  });

  it('shows the RCU that planning read to sample the table, beside the plan and only in this run (issue 17, defect 8)', () => {
    const run = new RunStats();
    run.sampled(scan.occurrence, 3);
    expect(run.plan(prepared).scans[0]).toMatchObject({ samplingRcu: 3, consumedRcu: null });
    expect(JSON.parse(JSON.stringify(run.plan(prepared))).scans[0].samplingRcu).toBe(3);
    expect('samplingRcu' in plan).toBe(false);
    expect('samplingRcu' in new RunStats().plan(prepared).scans[0]!).toBe(false);
  });

  it('starts again from zero when a scan is read again', () => {
    const run = new RunStats();
    run.record(scan, { items: [1], consumedRcu: 2, scannedCount: 1 });
    run.start(scan);
    expect(run.of(scan)).toEqual({ consumedRcu: 0, scannedCount: 0, returnedCount: 0, pages: 0 });
  });
});
