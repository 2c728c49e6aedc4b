import { describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import type { ScanPlan } from '../../types';
import { checkCostGuard } from './cost-guard';

const scan = (over: Partial<ScanPlan>) =>
  ({
    relation: 'public.orders',
    operation: 'Scan',
    index: null,
    estimatedRcu: 1.5,
    estimateNote: 'at most 1 Query(s)',
    ...over,
  }) as ScanPlan;

/** The error the guard raises for `scans` under `limit`. */
const refusal = (limit: string, scans: ScanPlan[]): EngineError => {
  try {
    checkCostGuard(limit, scans, []);
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('the guard let the statement run');
};

describe('checkCostGuard', () => {
  it('guards the estimate, not the most a join-restricted read can cost', () => {
    expect(() => checkCostGuard('2', [scan({ estimatedRcuRange: { min: 0, max: 146 } })], [])).not.toThrow();
  });

  it('names the range of the costliest scan when it refuses', () => {
    const e = refusal('1', [scan({ estimatedRcuRange: { min: 0, max: 146 } })]);
    expect(e.sqlstate).toBe('54000');
    expect(e.detail).toBe('Scan of public.orders: ~1.5 RCU (0–146 as the run decides) (at most 1 Query(s))');
    expect(refusal('1', [scan({})]).detail).toBe('Scan of public.orders: ~1.5 RCU (at most 1 Query(s))');
  });
});
