import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../plan/key-schema';
import type { TableStats } from '../plan/table-stats';
import { TableCache } from './table-cache';

const info = (name: string) => ({ name }) as unknown as TableInfo;
const stats = {
  itemCount: 1,
  avgItemBytes: 10,
  sizeBytes: 10,
  basis: 'describe-table',
  note: '',
} satisfies TableStats;

describe('TableCache', () => {
  function clock() {
    let now = 1_000;
    return { now: () => now, advance: (ms: number) => void (now += ms) };
  }

  it('reuses a DescribeTable for 30 s; a statement keeps the one it saw; the catalog keeps the last', () => {
    const c = clock();
    const cache = new TableCache(c);
    const first = info('t');
    cache.forStatement().describeCache.set('k', first);
    c.advance(29_000);
    const statement = cache.forStatement().describeCache;
    expect(statement.get('k')).toBe(first);
    c.advance(2_000);
    expect(statement.get('k')).toBe(first);
    expect(cache.forStatement().describeCache.get('k')).toBeUndefined();
    expect(cache.lastDescribed('k')).toBe(first);
    const second = info('t');
    cache.forStatement().describeCache.set('k', second);
    expect(cache.lastDescribed('k')).toBe(second);
    expect(cache.forStatement().describeCache.get('k')).toBe(second);
  });

  it('describes again after staleDescribes, the last result kept for the catalog', () => {
    const c = clock();
    const cache = new TableCache(c);
    const first = info('t');
    cache.forStatement().describeCache.set('k', first);
    c.advance(1_000);
    cache.staleDescribes();
    expect(cache.forStatement().describeCache.get('k')).toBeUndefined();
    expect(cache.lastDescribed('k')).toBe(first);
    const second = info('t');
    cache.forStatement().describeCache.set('k', second);
    c.advance(29_000);
    expect(cache.forStatement().describeCache.get('k')).toBe(second);
  });

  it('keeps statistics past their expiry, which expireStatistics brings forward to now', () => {
    const c = clock();
    const cache = new TableCache(c);
    const entry = { stats, expires: Date.now() + 60_000 };
    cache.forStatement().statsCache.set('s', entry);
    c.advance(120_000);
    expect(cache.forStatement().statsCache.get('s')).toBe(entry);
    cache.expireStatistics();
    const expired = cache.forStatement().statsCache.get('s');
    expect(expired?.stats).toBe(stats);
    expect(expired!.expires).toBeLessThanOrEqual(Date.now());
    const old = { stats, expires: Date.now() - 5_000 };
    cache.forStatement().statsCache.set('old', old);
    cache.expireStatistics();
    expect(cache.forStatement().statsCache.get('old')).toBe(old);
  });

  it("stores nothing a statement learnt after forgetTables: it may be the old keys' account", () => {
    const cache = new TableCache();
    const before = cache.forStatement();
    const alsoBefore = cache.forStatement();
    cache.forgetTables('endpoint|');
    // A DescribeTable and a sample, sent with the statement's clients before the keys changed, answer now.
    const old = info('t');
    const oldStats = { stats, expires: Date.now() + 60_000 };
    before.describeCache.set('endpoint|t', old);
    before.statsCache.set('endpoint|t', oldStats);
    expect(before.describeCache.get('endpoint|t')).toBe(old);
    expect(before.statsCache.get('endpoint|t')).toBe(oldStats);
    expect(cache.forStatement().describeCache.get('endpoint|t')).toBeUndefined();
    expect(cache.forStatement().statsCache.get('endpoint|t')).toBeUndefined();
    expect(cache.lastDescribed('endpoint|t')).toBeUndefined();
    // What a statement started after the change learns is shared — but not with one started before it.
    const fresh = info('t');
    cache.forStatement().describeCache.set('endpoint|t', fresh);
    expect(cache.forStatement().describeCache.get('endpoint|t')).toBe(fresh);
    expect(alsoBefore.describeCache.get('endpoint|t')).toBeUndefined();
    // Another server's tables are none of this: shared as before, for statements started before too.
    const other = info('u');
    alsoBefore.describeCache.set('elsewhere|u', other);
    expect(cache.forStatement().describeCache.get('elsewhere|u')).toBe(other);
    // What a statement sampled stays its own even once forgotten for the others.
    const mine = { stats, expires: Date.now() + 60_000 };
    const statement = cache.forStatement();
    statement.statsCache.set('endpoint|t', mine);
    cache.forgetTables('endpoint|');
    expect(statement.statsCache.get('endpoint|t')).toBe(mine);
    expect(cache.forStatement().statsCache.get('endpoint|t')).toBeUndefined();
  });

  it('remembers a few hundred forgotten servers one by one, then takes every earlier statement as stale', () => {
    const cache = new TableCache();
    const t = info('t');
    cache.forStatement().describeCache.set('kept|t', t);
    const before = cache.forStatement();
    for (let i = 0; i < 300; i++) cache.forgetTables(`gone${i}|`);
    // A statement from before then reads nothing shared (its own stays); one started after reads on.
    expect(before.describeCache.get('kept|t')).toBeUndefined();
    expect(cache.forStatement().describeCache.get('kept|t')).toBe(t);
  });
});
