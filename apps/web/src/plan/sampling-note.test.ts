import { describe, expect, it } from 'vitest';
import { scanPlan } from '../test-support/wire-fixtures';
import { explainReadNote, samplingNote } from './sampling-note';

const sampled = (rcu: number) => ({ scans: [scanPlan({ samplingRcu: rcu }), scanPlan({})] });

describe('samplingNote (issue 17, defect 8)', () => {
  it('says what sampling for estimates read, once per table', () => {
    expect(samplingNote(sampled(3))).toBe(
      "Sampling read 3 RCU for estimates (in the statement's RCU; once per table, then cached)",
    );
  });
  it("names the cost guard's sample when the guard's plan read it before the run", () => {
    expect(samplingNote({ scans: [scanPlan({})] }, 1.5)).toBe(
      "The cost guard's plan read 1.5 RCU sampling for estimates before the run",
    );
    expect(samplingNote(sampled(2), 1)).toContain(' · ');
  });
  it('says nothing when nothing was read for estimates', () => {
    expect(samplingNote({ scans: [scanPlan({})] })).toBeNull();
    expect(samplingNote(null)).toBeNull();
  });
});

describe('explainReadNote', () => {
  it('an EXPLAIN reads no items, but says what its sample read', () => {
    expect(explainReadNote(sampled(3))).toBe('No items were read; sampling for estimates read 3 RCU.');
    expect(explainReadNote({ scans: [scanPlan({})] })).toBe('No items were read.');
    expect(explainReadNote(null)).toBe('No items were read.');
  });
});
