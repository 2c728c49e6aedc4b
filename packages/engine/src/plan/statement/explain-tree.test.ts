import { describe, expect, it } from 'vitest';
import type { Plan, ScanPlan } from '../../types';
import { explainTree, type ScanFigures } from './explain-tree';

/** A scan's plan with what explainTree reads of it that these cases set (the rest absent). */
const scan = (relation: string, estimatedRcu: number | null, more: Partial<ScanPlan> = {}): ScanPlan =>
  ({
    relation,
    residual: [],
    request: { operation: 'Scan', input: {} },
    alternatives: [],
    limit: null,
    estimatedRcu,
    estimateBasis: estimatedRcu === null ? 'unknown' : 'describe-table',
    returnedCount: null,
    pages: 0,
    ...more,
  }) as Partial<ScanPlan> as ScanPlan;

type Node = Record<string, unknown> & { Plans?: Node[] };
const explained = (plan: Plan, figures: Map<ScanPlan, ScanFigures>, analyzed = false) =>
  explainTree(plan, { analyzed, verbose: false, figures: { scan: (s) => figures.get(s) } }).Plan as Node;
const figured = (estimatedItems: number, itemBytes = 100): ScanFigures => ({
  estimatedItems,
  itemBytes,
  firstMs: null,
  lastMs: null,
});

describe('explainTree: costs, rows and widths', () => {
  it("a Hash Join probes with the read of more expected items (Outer) and hashes the other's (Inner)", () => {
    const big = scan('public.big', 40);
    const small = scan('public.small', 2);
    const join = explained(
      { shape: 'engine-hash-join', engineJoin: 'b.k = s.k', scans: [small, big] },
      new Map([
        [big, figured(1000)],
        [small, figured(10)],
      ]),
    );
    expect(join).toMatchObject({ 'Node Type': 'Hash Join', 'Startup Cost': 42, 'Total Cost': 42 });
    expect(join.Plans!.map((p) => [p['Node Type'], p['Parent Relationship'], p['Relation Name']])).toEqual([
      ['Foreign Scan', 'Outer', 'public.big'],
      ['Hash', 'Inner', undefined],
    ]);
    expect(join.Plans![1]).toMatchObject({
      'Startup Cost': 2,
      'Total Cost': 2,
      'Plan Rows': 10,
      'Plan Width': 100,
    });
    expect(join.Plans![1]!.Plans![0]).toMatchObject({
      'Parent Relationship': 'Outer',
      'Relation Name': 'public.small',
    });
  });

  it('a read without statistics has no cost, rows or width (the text says `Estimated RCU: unknown`), nor what is over it', () => {
    const unknown = scan('public.u', null);
    const plan = explained(
      { shape: 'materialise-in-host', scans: [unknown, scan('public.k', 1)] },
      new Map([[unknown, figured(0, 1024)]]),
    );
    expect(plan).toMatchObject({ 'Node Type': 'Result', 'Total Cost': null, 'Plan Rows': null });
    expect(plan.Plans![0]).toMatchObject({
      'Parent Relationship': 'Member',
      'Startup Cost': null,
      'Total Cost': null,
      'Plan Rows': null,
      'Plan Width': null,
    });
  });

  it("a top-N's key read is its Scan's child, whose cost includes it; a LIMIT bounds the rows", () => {
    const topN = scan('public.t', 8, {
      limit: 50,
      keyFetch: {
        operation: 'BatchGetItem',
        maxKeys: 10,
        projection: null,
        estimatedRcu: 5,
        consumedRcu: null,
        returnedCount: null,
        requests: 0,
        readScanAgain: null,
      },
    });
    const plan = explained({ shape: 'streaming-evaluation', scans: [topN] }, new Map([[topN, figured(400)]]));
    expect(plan).toMatchObject({ 'Startup Cost': 0, 'Total Cost': 13, 'Plan Rows': 50, 'Estimated RCU': 8 });
    expect(plan.Plans![0]).toMatchObject({
      'Parent Relationship': 'Outer',
      'Total Cost': 5,
      'Plan Rows': 10,
    });
  });

  it('under ANALYZE a read that sent no request never ran (loops 0), as Postgres says of a node never executed', () => {
    const skipped = scan('public.s', 0);
    const plan = explained(
      { shape: 'rows-from-items', scans: [skipped] },
      new Map([[skipped, figured(0)]]),
      true,
    );
    expect(plan).toMatchObject({
      'Actual Startup Time': 0,
      'Actual Total Time': 0,
      'Actual Rows': 0,
      'Actual Loops': 0,
    });
  });
});
