import { describe, expect, it } from 'vitest';
import { formatRcu } from '../format/format-cell';
import { scanPlan } from '../test-support/wire-fixtures';
import { nextPageEstimate, nextPageLabel } from './next-page-estimate';

const plan = (...scans: Parameters<typeof scanPlan>[0][]) => ({ scans: scans.map((s) => scanPlan(s)) });

describe('nextPageEstimate', () => {
  it('is the average page while the estimate leaves more, and says the rest may all be read', () => {
    // The case: a filtered Scan's first page read 6 RCU of a ~160 RCU table.
    expect(nextPageEstimate(plan({ estimatedRcu: 160 }), 12, 2)).toEqual({ rcu: 6, upTo: 148 });
  });

  it('never expects more than the estimate leaves', () => {
    expect(nextPageEstimate(plan({ estimatedRcu: 100 }), 90, 2)).toEqual({ rcu: 10, upTo: null });
  });

  it('once the estimate is spent, expects nothing (rows buffered) but allows another page', () => {
    // The other case: "~53 RCU" for a page that cost 0 after the Scan had read the table.
    expect(nextPageEstimate(plan({ estimatedRcu: 159 }), 159, 3)).toEqual({ rcu: 0, upTo: 53 });
  });

  it('adds the scans of a join, taking the most a join-restricted read can cost as the bound', () => {
    const join = plan({ estimatedRcu: 0.5 }, { estimatedRcu: 1.5, estimatedRcuRange: { min: 0, max: 146 } });
    expect(nextPageEstimate(join, 1, 1)).toEqual({ rcu: 1, upTo: 145.5 });
  });

  it('leaves sampling for estimates out of what the read cost', () => {
    expect(nextPageEstimate(plan({ estimatedRcu: 20, samplingRcu: 4 }), 8, 1)).toEqual({ rcu: 4, upTo: 16 });
  });

  it('is the average alone when the estimate is unknown, and null before any page', () => {
    expect(nextPageEstimate(plan({ estimatedRcu: null }), 6, 1)).toEqual({ rcu: 6, upTo: null });
    expect(nextPageEstimate(null, 3, 2)).toEqual({ rcu: 1.5, upTo: null });
    expect(nextPageEstimate(plan({ estimatedRcu: 10 }), null, 1)).toBeNull();
    expect(nextPageEstimate(plan({ estimatedRcu: 10 }), 2, 0)).toBeNull();
  });
});

describe('nextPageLabel', () => {
  it('gives the likely figure and, when higher, the most', () => {
    expect(nextPageLabel({ rcu: 6, upTo: 148 }, formatRcu)).toBe('~6 RCU, up to ~148');
    expect(nextPageLabel({ rcu: 1.25, upTo: null }, formatRcu)).toBe('~1.3 RCU');
    expect(nextPageLabel(null, formatRcu)).toBe('~? RCU');
  });
});
