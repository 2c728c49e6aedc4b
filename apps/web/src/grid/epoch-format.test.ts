import { describe, expect, it } from 'vitest';
import { LosslessNumber } from '../api/lossless-json';
import { formatEpoch } from './epoch-format';

describe('formatEpoch', () => {
  it('shows epoch milliseconds and seconds as UTC timestamps, exactly', () => {
    expect(formatEpoch('1735823873907', 'epoch-ms')).toBe('2025-01-02 13:17:53.907 UTC');
    expect(formatEpoch(1700000000, 'epoch-s')).toBe('2023-11-14 22:13:20 UTC');
    expect(formatEpoch('1.5', 'epoch-s')).toBe('1970-01-01 00:00:01.5 UTC');
    expect(formatEpoch(new LosslessNumber('1700000000.123456789'), 'epoch-s')).toBe(
      '2023-11-14 22:13:20.123456789 UTC',
    );
    expect(formatEpoch('-1000', 'epoch-ms')).toBe('1969-12-31 23:59:59 UTC');
  });

  it('leaves what is not such a number alone', () => {
    expect(formatEpoch(null, 'epoch-s')).toBeNull();
    expect(formatEpoch('abc', 'epoch-s')).toBeNull();
    expect(formatEpoch('99999999999999999999', 'epoch-ms')).toBeNull();
    expect(formatEpoch(true, 'epoch-ms')).toBeNull();
  });
});
