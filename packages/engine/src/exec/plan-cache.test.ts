import { describe, expect, it } from 'vitest';
import type { StatementContext } from './context';
import { PlanCache } from './plan-cache';
import type { PreparedForeign } from './prepare-foreign';

/** The cache's freshness rules, on plain objects (the integration test runs it through the engine). */
describe('PlanCache', () => {
  const info = { name: 't' } as never;
  const stats = { basis: 'describe' };
  const plan = { consumedRcu: null, pages: 0 };
  const prepared = { scans: [{ plan, info }] } as unknown as PreparedForeign;
  const deps = [{ describeKey: 'd', statsKey: 's', info, stats }];

  function ctx(over: { info?: unknown; stats?: unknown; expires?: number } = {}): StatementContext {
    const statsCache = new Map([['s', { stats: over.stats ?? stats, expires: over.expires ?? Date.now() + 60_000 }]]);
    return { notices: [], statsCache, describeCache: { get: () => ('info' in over ? over.info : info), set: () => undefined } } as unknown as StatementContext;
  }

  it('hands out a copy whose plan a run can fill in without touching the cached one', () => {
    const cache = new PlanCache();
    cache.set('select 1', prepared, ['a notice'], deps);
    const c = ctx();
    const hit = cache.get(c, 'select 1')!;
    expect(hit.scans[0]!.plan).not.toBe(plan);
    hit.scans[0]!.plan.pages = 7;
    expect(cache.get(ctx(), 'select 1')!.scans[0]!.plan.pages).toBe(0);
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
});
