import { describe, expect, it } from 'vitest';
import { limitsGeneration, registerLimits } from '../../dynamo/governor/table-limits';
import type { StatementContext } from '../../run/context';
import { PlanCache } from './plan-cache';
import type { StatementPlan } from './statement-plan';

/** The cache's freshness rules, on plain objects (the integration test runs it through the engine). */
describe('PlanCache', () => {
  const info = { name: 't' } as never;
  const stats = { basis: 'describe' };
  const prepared = Object.freeze({
    scans: Object.freeze([Object.freeze({ plan: Object.freeze({ consumedRcu: null, pages: 0 }), info })]),
  }) as unknown as StatementPlan;
  const deps = [{ describeKey: 'd', statsKey: 's', info, stats, anyAge: false, limits: limitsGeneration() }];

  function ctx(
    over: { info?: unknown; stats?: unknown; expires?: number; noStats?: boolean } = {},
  ): StatementContext {
    const statsCache = new Map(
      over.noStats
        ? []
        : [['s', { stats: over.stats ?? stats, expires: over.expires ?? Date.now() + 60_000 }]],
    );
    return {
      notices: [],
      statsCache,
      describeCache: { get: () => ('info' in over ? over.info : info), set: () => undefined },
    } as unknown as StatementContext;
  }

  it('hands out the cached plan itself (a frozen value: a run keeps its figures apart) and replays its notices', () => {
    const cache = new PlanCache();
    cache.set('select 1', prepared, ['a notice'], deps);
    const c = ctx();
    expect(cache.get(c, 'select 1')).toBe(prepared);
    expect(c.notices).toEqual(['a notice']);
  });

  it('misses once the DescribeTable result or the statistics are not the ones the plan used', () => {
    const cache = new PlanCache();
    cache.set('q', prepared, [], deps);
    expect(cache.get(ctx({ info: undefined }), 'q')).toBeNull();
    expect(cache.get(ctx({ info: { name: 't' } }), 'q')).toBeNull();
    expect(cache.get(ctx({ stats: { basis: 'sample' } }), 'q')).toBeNull();
    expect(cache.get(ctx({ expires: Date.now() - 1 }), 'q')).toBeNull();
    expect(cache.get(ctx(), 'other text')).toBeNull();
    expect(cache.get(ctx(), 'q')).not.toBeNull();
    cache.clear();
    expect(cache.get(ctx(), 'q')).toBeNull();
  });

  it("keeps a read by key's plan on the same statistics past their expiry", () => {
    const cache = new PlanCache();
    cache.set('k', prepared, [], [{ ...deps[0]!, anyAge: true }]);
    expect(cache.get(ctx({ expires: Date.now() - 1 }), 'k')).toBe(prepared);
    expect(cache.get(ctx({ stats: { basis: 'sample' }, expires: Date.now() - 1 }), 'k')).toBeNull();
  });

  it("keeps a read by key's plan made with no statistics while there are still none (a lookup is planned from DescribeTable alone)", () => {
    const cache = new PlanCache();
    cache.set('k', prepared, [], [{ ...deps[0]!, stats: undefined, anyAge: true }]);
    expect(cache.get(ctx({ noStats: true }), 'k')).toBe(prepared);
    // Statistics read since (a sample for another statement): planned again with them.
    expect(cache.get(ctx(), 'k')).toBeNull();
    // A Scan planned with none is never reused without fresh ones.
    cache.set('s', prepared, [], [{ ...deps[0]!, stats: undefined }]);
    expect(cache.get(ctx({ noStats: true }), 's')).toBeNull();
  });

  it('misses once the throughput limits options put on a DynamoDB table changed (the plan shows them)', () => {
    const cache = new PlanCache();
    cache.set('q', prepared, [], [{ ...deps[0]!, limits: limitsGeneration() }]);
    expect(cache.get(ctx(), 'q')).toBe(prepared);
    const source = { oid: 1, server: { name: 's', options: {} }, options: { table: 't' } };
    registerLimits('plan-cache|t', source, { read: { perSecond: 5, source: 'table' }, write: null });
    expect(cache.get(ctx(), 'q')).toBeNull();
    cache.set('q', prepared, [], [{ ...deps[0]!, limits: limitsGeneration() }]);
    // The same limits registered again change nothing.
    registerLimits('plan-cache|t', source, { read: { perSecond: 5, source: 'table' }, write: null });
    expect(cache.get(ctx(), 'q')).toBe(prepared);
  });
});
