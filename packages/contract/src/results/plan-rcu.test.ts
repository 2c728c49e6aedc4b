import { describe, expect, it } from 'vitest';
import type { ScanPlan } from './plan';
import { planRcu, samplingRcu } from './plan-rcu';

const scan = (consumedRcu: number | null, sampling?: number) =>
  ({ consumedRcu, ...(sampling !== undefined && { samplingRcu: sampling }) }) as ScanPlan;

describe('planRcu (issue 17, defect 8)', () => {
  it('counts the samples read for estimates beside what the scans read', () => {
    const plan = { scans: [scan(0.5), scan(null, 3), scan(2, 1.5)] };
    expect(planRcu(plan)).toBe(7);
    expect(samplingRcu(plan)).toBe(4.5);
  });
  it('is 0 without a plan or a sample', () => {
    expect(planRcu(null)).toBe(0);
    expect(samplingRcu({ scans: [scan(1)] })).toBe(0);
  });
});
