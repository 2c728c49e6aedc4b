import { describe, expect, it } from 'vitest';
import { compareDecimals } from './compare-decimal';

/** Sorts with the comparator, so whole orders can be asserted at once. */
const sorted = (xs: string[]) => [...xs].sort(compareDecimals);

describe('compareDecimals', () => {
  it('orders numbers a double cannot tell apart', () => {
    expect(
      compareDecimals('100000000000000000000000000000000000001', '99999999999999999999999999999999999999'),
    ).toBe(1);
    expect(
      compareDecimals('12345678901234567890123456789012345678', '12345678901234567890123456789012345679'),
    ).toBe(-1);
    expect(compareDecimals('0.100000000000000000000000000000000001', '0.1')).toBe(1);
    expect(compareDecimals('-9223372036854775808', '-9223372036854775807')).toBe(-1);
    // Sanity check: the pairs above are equal as doubles, so only an exact comparison sorts them.
    expect(Number('12345678901234567890123456789012345678')).toBe(
      Number('12345678901234567890123456789012345679'),
    );
  });

  it('orders negatives, fractions and zero', () => {
    expect(compareDecimals('-2', '-1.5')).toBe(-1);
    expect(compareDecimals('-1.5', '-2')).toBe(1);
    expect(compareDecimals('-0.001', '0')).toBe(-1);
    expect(compareDecimals('0.5', '0.49999999999999999999999999')).toBe(1);
    expect(sorted(['10', '9', '-10', '-9', '0', '0.25', '-0.25', '100'])).toEqual([
      '-10',
      '-9',
      '-0.25',
      '0',
      '0.25',
      '9',
      '10',
      '100',
    ]);
  });

  it('treats equal values written differently as equal', () => {
    expect(compareDecimals('1.50', '1.5')).toBe(0);
    expect(compareDecimals('007', '7.000')).toBe(0);
    expect(compareDecimals('-0', '0')).toBe(0);
    expect(compareDecimals('0.000', '0')).toBe(0);
    expect(compareDecimals('1e3', '1000')).toBe(0);
    expect(compareDecimals('1.5E-3', '0.0015')).toBe(0);
  });

  it('reads exponents as JavaScript and Postgres print them', () => {
    expect(compareDecimals('1e+21', '999999999999999999999')).toBe(1);
    expect(compareDecimals('1e-7', '0.0000002')).toBe(-1);
    expect(compareDecimals('-1e-7', '-0.0000002')).toBe(1);
    expect(sorted(['2e2', '3e1', '1e3', '-5e0'])).toEqual(['-5e0', '3e1', '2e2', '1e3']);
  });

  it('puts -Infinity first, then numbers, Infinity and NaN last, as Postgres does', () => {
    expect(
      sorted(['NaN', '1', 'Infinity', '-Infinity', '-1e300', '99999999999999999999999999999999999999']),
    ).toEqual(['-Infinity', '-1e300', '1', '99999999999999999999999999999999999999', 'Infinity', 'NaN']);
    expect(compareDecimals('NaN', 'NaN')).toBe(0);
    expect(compareDecimals('Infinity', 'Infinity')).toBe(0);
    expect(compareDecimals('-Infinity', '-Infinity')).toBe(0);
  });

  it('sorts text that is not a number after every number', () => {
    expect(sorted(['$5.00', 'NaN', '3', 'abc'])).toEqual(['3', 'NaN', '$5.00', 'abc']);
  });
});
