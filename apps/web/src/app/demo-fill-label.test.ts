import { describe, expect, it } from 'vitest';
import { demoFillLabel } from './demo-fill-label';

describe('demoFillLabel', () => {
  it('shows the count while loading, says queries see the items so far, and nothing when done', () => {
    const loading = demoFillLabel({ table: 'events', written: 42_000, total: 200_000, state: 'loading' });
    expect(loading?.text).toBe('Loading demo events 42,000 / 200,000');
    expect(loading?.title).toMatch(/queries on it see the items loaded so far/);
    expect(demoFillLabel({ table: 'events', written: 200_000, total: 200_000, state: 'done' })).toBeNull();
    expect(demoFillLabel(null)).toBeNull();
  });

  it('says where a failed fill stopped and why', () => {
    const failed = demoFillLabel({
      table: 'events',
      written: 1_250,
      total: 200_000,
      state: 'failed',
      message: 'connect ECONNREFUSED',
    });
    expect(failed?.text).toBe('Demo events: loading stopped at 1,250');
    expect(failed?.title).toMatch(/ECONNREFUSED/);
  });
});
