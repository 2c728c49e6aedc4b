import { describe, expect, it } from 'vitest';
import { readsAsInteger } from './reads-as-integer';

describe('readsAsInteger', () => {
  it('reads whitespace around, a sign and decimal digits', () => {
    for (const text of ['42', ' 42 ', '+7', '-5', '-0', '007', '\t\n\r\v\f1\f', ' +0 '])
      expect(readsAsInteger(text, 'int4'), JSON.stringify(text)).toBe(true);
  });

  it('leaves to the host a decimal point, an exponent, another notation, no digits', () => {
    for (const text of [
      '4.2',
      '1.0',
      '1.',
      '.5',
      '1e2',
      '0x10',
      '0o17',
      '0b101',
      '1_000',
      '',
      ' ',
      '+',
      '- 1',
      '1 2',
      'abc',
      '\u00a05',
      '٣',
      '１',
    ])
      expect(readsAsInteger(text, 'int4'), JSON.stringify(text)).toBe(false);
  });

  it("takes the type's range, edges included", () => {
    expect(readsAsInteger('32767', 'int2')).toBe(true);
    expect(readsAsInteger('-32768', 'int2')).toBe(true);
    expect(readsAsInteger('32768', 'int2')).toBe(false);
    expect(readsAsInteger('-32769', 'int2')).toBe(false);
    expect(readsAsInteger(' 2147483647 ', 'int4')).toBe(true);
    expect(readsAsInteger('-2147483648', 'int4')).toBe(true);
    expect(readsAsInteger('2147483648', 'int4')).toBe(false);
    expect(readsAsInteger('-2147483649', 'int4')).toBe(false);
    expect(readsAsInteger('99999999999', 'int4')).toBe(false);
    expect(readsAsInteger('99999999999', 'int8')).toBe(true);
    expect(readsAsInteger('9223372036854775807', 'int8')).toBe(true);
    expect(readsAsInteger('-9223372036854775808', 'int8')).toBe(true);
    expect(readsAsInteger('9223372036854775808', 'int8')).toBe(false);
    expect(readsAsInteger('-9223372036854775809', 'int8')).toBe(false);
    expect(readsAsInteger('0000000000000000000000000000042', 'int2')).toBe(true);
    expect(readsAsInteger('1'.repeat(400), 'int8')).toBe(false);
  });

  it('is false for a type that is no integer type', () => {
    expect(readsAsInteger('5', 'numeric')).toBe(false);
    expect(readsAsInteger('5', 'text')).toBe(false);
  });
});
