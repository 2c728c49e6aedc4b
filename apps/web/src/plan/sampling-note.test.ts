import { describe, expect, it } from 'vitest';
import { scanPlan } from '../test-support/wire-fixtures';
import { samplingNote } from './sampling-note';

const sampled = (rcu: number) => ({ scans: [scanPlan({ samplingRcu: rcu }), scanPlan({})] });

describe('samplingNote (issue 17, defect 8)', () => {
  it('says what sampling for estimates read, once per table', () => {
    expect(samplingNote(sampled(3))).toBe(
      'Sampling read 3 RCU for estimates (counted above; once per table, then cached)',
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
