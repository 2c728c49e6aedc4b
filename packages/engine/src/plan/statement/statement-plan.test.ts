import { describe, expect, it } from 'vitest';
import { loadParser, parseOne } from '../../parse/parse';
import { RunStats } from '../../run/run-stats';
import { explainLines } from './explain-text';
import { hostOnlyPlan, isForeignPlan } from './statement-plan';

// The describe below parses while it is collected: the parser (WASM) must be loaded by then.
await loadParser();

describe('the host-only plan: a statement over no foreign table', () => {
  const text = 'select now(), 1 + 2 as three';
  const ast = parseOne(text);

  it('is a frozen plan without scans, temp tables or rewrite', () => {
    const plan = hostOnlyPlan(text, ast);
    expect(plan).toMatchObject({
      shape: 'host-only',
      ast,
      boundText: text,
      scans: [],
      fields: [],
      tempTables: [],
    });
    expect(plan.rewritten.text).toBe(text);
    expect(plan.rewritten.originalPosition(7)).toBe(7);
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.scans)).toBe(true);
    expect(Object.isFrozen(plan.rewritten)).toBe(true);
    expect(isForeignPlan(plan)).toBe(false);
  });

  it('names its shape in the plan view and on EXPLAIN’s Execution line', () => {
    const view = new RunStats().plan(hostOnlyPlan(text, ast));
    expect(view).toEqual({ shape: 'host-only', scans: [] });
    expect(explainLines(view, { analyzed: false, verbose: false })).toEqual([
      'Execution: host-only (no foreign table: the host runs the statement alone; nothing is read from DynamoDB)',
    ]);
  });
});
