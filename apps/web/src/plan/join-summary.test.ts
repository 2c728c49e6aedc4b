import { describe, expect, it } from 'vitest';
import type { WireScan } from '../api/wire';
import { joinSummary } from './join-summary';

const scan = { relation: 'dynamodb.orders' } as WireScan;

describe('joinSummary', () => {
  it('says the engine hash-joins, and on what, when the plan carries engineJoin', () => {
    expect(joinSummary({ scans: [scan, scan], engineJoin: 'c.id = o.customer' })).toEqual({
      where: 'engine',
      title: 'Joined in the engine',
      detail: 'hash join on',
      condition: 'c.id = o.customer',
    });
  });

  it('says Postgres joins two or more scans without it', () => {
    expect(joinSummary({ scans: [scan, scan] })).toMatchObject({
      where: 'host',
      title: 'Combined locally in Postgres',
      condition: null,
    });
    expect(joinSummary({ scans: [scan, scan, scan] })?.where).toBe('host');
  });

  it('has nothing to say about one scan, none, or no plan', () => {
    expect(joinSummary({ scans: [scan] })).toBeNull();
    expect(joinSummary({ scans: [] })).toBeNull();
    expect(joinSummary(null)).toBeNull();
  });
});
