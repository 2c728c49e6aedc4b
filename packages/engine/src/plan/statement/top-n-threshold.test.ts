import { describe, expect, it } from 'vitest';
import type { TopNThreshold } from './local-shape';
import { thresholdFilter } from './top-n-threshold';

/**
 * The condition a top-N's later requests carry (top-n-threshold.ts): the items at least as good as
 * the worst kept, and every item of another type; none when the value cannot be a comparand.
 * That DynamoDB applies it as Postgres orders is test/integration/page-filters.test.ts's.
 */
const desc: TopNThreshold = { attribute: 'ts', type: 'N', typed: false, descending: true };
const asc: TopNThreshold = { attribute: 'kind', type: 'S', typed: false, descending: false };

describe('thresholdFilter: the worst kept value in, the request condition out', () => {
  it('descending keeps values >= the worst kept, ascending <=; other types always', () => {
    expect(thresholdFilter(desc, 1700000000123n)).toEqual({
      expression: '#pf0 >= :pf0 OR NOT attribute_type(#pf0, :pf1)',
      names: { '#pf0': 'ts' },
      values: { ':pf0': { N: '1700000000123' }, ':pf1': { S: 'N' } },
    });
    expect(thresholdFilter(asc, 'Über')).toEqual({
      expression: '#pf0 <= :pf0 OR NOT attribute_type(#pf0, :pf1)',
      names: { '#pf0': 'kind' },
      values: { ':pf0': { S: 'Über' }, ':pf1': { S: 'S' } },
    });
  });

  it('a key attribute of the table read by a Scan: the comparison alone (every item holds it, of its type)', () => {
    expect(thresholdFilter({ ...desc, typed: true }, 7n)).toEqual({
      expression: '#pf0 >= :pf0',
      names: { '#pf0': 'ts' },
      values: { ':pf0': { N: '7' } },
    });
  });

  it('sends a numeric with its exact digits', () => {
    expect(thresholdFilter(desc, { unscaled: -5, scale: 2 })?.values[':pf0']).toEqual({ N: '-0.05' });
    expect(
      thresholdFilter(desc, { unscaled: 12345678901234567890123456789012345678n, scale: 10 })?.values[':pf0'],
    ).toEqual({ N: '1234567890123456789012345678.9012345678' });
    expect(thresholdFilter(desc, 42)?.values[':pf0']).toEqual({ N: '42' });
  });

  it('sends none for a value DynamoDB would refuse as a comparand', () => {
    // 39 significant digits: beyond DynamoDB's 38.
    expect(thresholdFilter(desc, { unscaled: 10n ** 38n + 1n, scale: 0 })).toBeNull();
    expect(thresholdFilter(asc, '')).toBeNull();
    expect(thresholdFilter(asc, 'x'.repeat(1025))).toBeNull();
    expect(thresholdFilter(asc, 'x'.repeat(1024))).not.toBeNull();
    // A value of another kind than the threshold's type.
    expect(thresholdFilter(asc, 5n)).toBeNull();
    expect(thresholdFilter(desc, 'x')).toBeNull();
  });
});
