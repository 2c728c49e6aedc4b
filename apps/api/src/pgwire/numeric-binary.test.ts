import { describe, expect, it } from 'vitest';
import { numericFromBinary, numericToBinary } from './numeric-binary';

describe('numeric binary form', () => {
  it('encodes as numeric_send does', () => {
    // numeric_send('-12.50'): ndigits 2, weight 0, sign 0x4000, dscale 2, digits 12, 5000
    expect(numericToBinary('-12.50').toString('hex')).toBe(
      '0002' + '0000' + '4000' + '0002' + '000c' + '1388',
    );
    // 0.0001: one digit (1) at weight -1, dscale 4
    expect(numericToBinary('0.0001').toString('hex')).toBe('0001' + 'ffff' + '0000' + '0004' + '0001');
    expect(numericToBinary('0').toString('hex')).toBe('0000' + '0000' + '0000' + '0000');
    expect(numericToBinary('NaN').toString('hex')).toBe('0000' + '0000' + 'c000' + '0000');
  });

  it.each([
    '0',
    '-12.50',
    '0.0001',
    '12345678901234567890123456789012345678',
    '-0.000000000000000000000000000000000001',
    '10000',
    '100000000.00',
    'NaN',
    'Infinity',
    '-Infinity',
  ])('%s reads back with every digit', (text) => expect(numericFromBinary(numericToBinary(text))).toBe(text));
});
