import { describe, expect, it } from 'vitest';
import { intervalText } from './interval-text';

// [Postgres's text output with IntervalStyle = postgres, encode(interval_send(v), 'hex')], from PGlite.
const CASES: [string, string][] = [
  ['1 year 2 mons -3 days +04:05:06.5', '000000036c9361a0fffffffd0000000e'],
  ['00:00:00', '00000000000000000000000000000000'],
  ['-1 days', '0000000000000000ffffffff00000000'],
  ['1 mon -1 days +02:00:00', '00000001ad274800ffffffff00000001'],
  ['-04:05:06.000001', 'fffffffc93743f7f0000000000000000'],
  ['100:00:00', '00000053d1ac10000000000000000000'],
  ['-1 years -2 mons', '000000000000000000000000fffffff2'],
  ['1 day -00:00:01', 'fffffffffff0bdc00000000100000000'],
  ['1 year 1 mon 1 day', '0000000000000000000000010000000d'],
  ['infinity', '7fffffffffffffff7fffffff7fffffff'],
  ['-infinity', '80000000000000008000000080000000'],
  ['-1 years +2 days -03:00:00', 'fffffffd7c45140000000002fffffff4'],
  ['1 mon 00:00:00.25', '000000000003d0900000000000000001'],
  ['2147483647 days', '00000000000000007fffffff00000000'],
  ['-178000000 years', '00000000000000000000000080af3a00'],
];

describe('intervalText', () => {
  it.each(CASES)('%s', (text, hex) => {
    expect(intervalText(hex)).toBe(text);
  });
});
