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
    cache.describesForStatement().set('k', first);
    c.advance(29_000);
    const statement = cache.describesForStatement();
    expect(statement.get('k')).toBe(first);
    c.advance(2_000);
    expect(statement.get('k')).toBe(first);
    expect(cache.describesForStatement().get('k')).toBeUndefined();
    expect(cache.lastDescribed('k')).toBe(first);
    const second = info('t');
    cache.describesForStatement().set('k', second);
    expect(cache.lastDescribed('k')).toBe(second);
    expect(cache.describesForStatement().get('k')).toBe(second);
  });

  it('describes again after staleDescribes, the last result kept for the catalog', () => {
    const c = clock();
    const cache = new TableCache(c);
    const first = info('t');
    cache.describesForStatement().set('k', first);
    c.advance(1_000);
    cache.staleDescribes();
    expect(cache.describesForStatement().get('k')).toBeUndefined();
    expect(cache.lastDescribed('k')).toBe(first);
    const second = info('t');
    cache.describesForStatement().set('k', second);
    c.advance(29_000);
    expect(cache.describesForStatement().get('k')).toBe(second);
  });

  it('keeps statistics past their expiry, which expireStatistics brings forward to now', () => {
    const c = clock();
    const cache = new TableCache(c);
    const entry = { stats, expires: Date.now() + 60_000 };
    cache.statistics.set('s', entry);
    c.advance(120_000);
    expect(cache.statistics.get('s')).toBe(entry);
    cache.expireStatistics();
    const expired = cache.statistics.get('s');
    expect(expired?.stats).toBe(stats);
    expect(expired!.expires).toBeLessThanOrEqual(Date.now());
    const old = { stats, expires: Date.now() - 5_000 };
    cache.statistics.set('old', old);
    cache.expireStatistics();
    expect(cache.statistics.get('old')).toBe(old);
  });
});
