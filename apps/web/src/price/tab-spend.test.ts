import { describe, expect, it } from 'vitest';
import { TabSpend } from './tab-spend';

describe('TabSpend', () => {
  it('counts each run once, at its latest figures, per tab', () => {
    const s = new TabSpend();
    s.record('t1', 'r1', { rcu: 1, wcu: 0 });
    s.record('t1', 'r1', { rcu: 3, wcu: 0 });
    s.record('t1', 'r2', { rcu: 0.5, wcu: 2 });
    s.record('t2', 'r3', { rcu: 7, wcu: 0 });
    expect(s.total('t1')).toEqual({ rcu: 3.5, wcu: 2 });
    expect(s.total('t2')).toEqual({ rcu: 7, wcu: 0 });
    expect(s.total('none')).toEqual({ rcu: 0, wcu: 0 });
  });
});
