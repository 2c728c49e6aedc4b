import { describe, expect, it } from 'vitest';
import { scanPlan } from '../test-support/wire-fixtures';
import { scanPredicates } from './scan-predicates';

describe('scanPredicates', () => {
  it("lists a BatchGetItem's keys, and how many more it reads", () => {
    const p = scanPredicates(
      scanPlan({ operation: 'BatchGetItem', keys: ["id = 'a'", "id = 'b'"], keyCount: 25 }),
    );
    expect(p.keys).toEqual(["id = 'a'", "id = 'b'"]);
    expect(p.moreKeys).toBe(23);
    expect(scanPredicates(scanPlan({ keyConditionText: "id = 'a'" })).keys).toBeNull();
  });

  it("moves the join's conditions out of the residual filters", () => {
    const p = scanPredicates(
      scanPlan({
        pushed: ['customer_id IN (1 value read from public.users)'],
        residual: ['o.customer_id = u.user_id', "lower(o.note) = 'x'"],
        joinConditions: ['o.customer_id = u.user_id'],
      }),
    );
    expect(p.residual).toEqual(["lower(o.note) = 'x'"]);
    expect(p.join).toEqual(['o.customer_id = u.user_id']);
    expect(p.pushed).toEqual(['customer_id IN (1 value read from public.users)']);
  });

  it('a plan without joinConditions keeps its residual as it is', () => {
    expect(scanPredicates(scanPlan({ residual: ['a = b'] })).residual).toEqual(['a = b']);
  });
});
