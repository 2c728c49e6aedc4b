import { describe, expect, it } from 'vitest';
import { intervalFromBinary, intervalToBinary } from './interval-binary';

const hex = (b: Buffer) => b.toString('hex');

describe('intervalToBinary', () => {
  // interval_send of each interval, and the host's output of it under each IntervalStyle (PGlite's own).
  it.each([
    [
      '000000036c966ee0000000030000000e', // 1 year 2 mons 3 days 04:05:06.7
      [
        '1 year 2 mons 3 days 04:05:06.7',
        '@ 1 year 2 mons 3 days 4 hours 5 mins 6.7 secs',
        '+1-2 +3 +4:05:06.7',
        'P1Y2M3DT4H5M6.7S',
      ],
    ],
    [
      'fffffffc9369912000000003fffffff2', // -1 year -2 mons +3 days -04:05:06.7
      [
        '-1 years -2 mons +3 days -04:05:06.7',
        '@ 1 year 2 mons -3 days 4 hours 5 mins 6.7 secs ago',
        '-1-2 +3 -4:05:06.7',
        'P-1Y-2M3DT-4H-5M-6.7S',
      ],
    ],
    ['0000000000000000fffffffd00000000', ['-3 days', '@ 3 days ago', '-3 0:00:00', 'P-3D']],
    [
      'fffffffffff0bdc00000000100000000',
      ['1 day -00:00:01', '@ 1 day -1 sec', '+0-0 +1 -0:00:01', 'P1DT-1S'],
    ],
    ['fffffffffff85ee00000000000000000', ['-00:00:00.5', '@ 0.5 secs ago', '-0:00:00.5', 'PT-0.5S']],
    ['00000000000000000000000000000000', ['00:00:00', '@ 0', '0', 'PT0S']],
    ['000000000000000000000000ffffffff', ['-1 mons', '@ 1 mon ago', '-0-1', 'P-1M']],
    [
      'fffffff36d596400fffffffe00000000',
      ['-2 days -15:00:00', '@ 2 days 15 hours ago', '-2 15:00:00', 'P-2DT-15H'],
    ],
  ])('%s from every IntervalStyle', (bytes, texts) => {
    for (const text of texts) expect(hex(intervalToBinary(text)), text).toBe(bytes);
  });

  it('refuses what is not an interval, naming the type', () => {
    expect(() => intervalToBinary('soon')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('oid 1186') }),
    );
  });
});

describe('intervalFromBinary', () => {
  it('writes each field signed, so no IntervalStyle spreads a sign', () => {
    expect(intervalFromBinary(Buffer.from('fffffffc9369912000000003fffffff2', 'hex'))).toBe(
      '-14 mons +3 days -04:05:06.700000',
    );
    expect(intervalFromBinary(intervalToBinary('P1Y2M3DT4H5M6.7S'))).toBe(
      '+14 mons +3 days +04:05:06.700000',
    );
  });
});
