import { describe, expect, it } from 'vitest';
import {
  compareDecimals,
  decimalInteger,
  fitsNumeric,
  formatDecimal,
  isCanonicalDecimal,
  normalizeNumber,
  parseDecimal,
  pgNumericText,
  scaledInteger,
} from './decimal';

describe('parseDecimal / formatDecimal', () => {
  it.each([
    ['1.50e2', { negative: false, digits: '15', point: 3 }, '150'],
    ['-0.0025', { negative: true, digits: '25', point: -2 }, '-0.0025'],
    ['007.10', { negative: false, digits: '71', point: 1 }, '7.1'],
    ['+.5', { negative: false, digits: '5', point: 0 }, '0.5'],
    ['-0e5', { negative: false, digits: '', point: 0 }, '0'],
    ['1' + '0'.repeat(200), { negative: false, digits: '1', point: 201 }, '1' + '0'.repeat(200)],
  ])('%s → %j → %s', (text, value, formatted) => {
    expect(parseDecimal(text)).toEqual(value);
    expect(formatDecimal(parseDecimal(text)!)).toBe(formatted);
  });

  it.each(['', '.', '-', 'e5', '1e', '1.2.3', ' 1', '1 ', 'NaN', '-Infinity', '0x10'])(
    '%j is not decimal text',
    (text) => {
      expect(parseDecimal(text)).toBeNull();
    },
  );
});

describe('isCanonicalDecimal: already in formatDecimal form', () => {
  it.each(['0', '7', '-7', '12.5', '-0.5', '0.0001', '100', '12345678901234567890123456789012345678'])(
    '%s is',
    (text) => {
      expect(isCanonicalDecimal(text)).toBe(true);
      expect(formatDecimal(parseDecimal(text)!)).toBe(text);
    },
  );
  it.each(['-0', '0.0', '1.50', '007', '+1', '.5', '1.', '1e2', '-0.0', ''])('%j is not', (text) => {
    expect(isCanonicalDecimal(text)).toBe(false);
  });
});

describe('normalizeNumber', () => {
  it.each([
    ['0', '0'],
    ['42', '42'],
    ['+42', '42'],
    ['-42', '-42'],
    ['007', '7'],
    ['1.50', '1.5'],
    ['1.', '1'],
    ['.5', '0.5'],
    ['-.5', '-0.5'],
    ['0.000123', '0.000123'],
    ['1.50e2', '150'],
    ['1.5E+2', '150'],
    ['12e3', '12000'],
    ['1e-5', '0.00001'],
    ['-2.5e-3', '-0.0025'],
    ['123.456e1', '1234.56'],
    ['0e10', '0'],
    ['-0', '0'],
    ['-0.0', '0'],
    ['-0e5', '0'],
    ['000.000', '0'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeNumber(input)).toBe(expected);
  });

  it('keeps all 38 significant digits, exactly', () => {
    const d38 = '12345678901234567890123456789012345678';
    expect(normalizeNumber(d38)).toBe(d38);
    expect(normalizeNumber('-' + d38)).toBe('-' + d38);
    expect(normalizeNumber('0.' + d38)).toBe('0.' + d38);
    expect(normalizeNumber('1234567890.1234567890123456789012345678')).toBe(
      '1234567890.1234567890123456789012345678',
    );
    expect(normalizeNumber('9'.repeat(38))).toBe('9'.repeat(38));
  });

  it('rejects 39 significant digits (DynamoDB would reject or round them)', () => {
    expect(normalizeNumber('1'.repeat(39))).toBeNull();
    expect(normalizeNumber('1.' + '1'.repeat(38))).toBeNull();
    expect(normalizeNumber('0.' + '1'.repeat(39))).toBeNull();
  });

  it('counts significant digits, not leading or trailing zeros', () => {
    expect(normalizeNumber('1' + '0'.repeat(38))).toBe('1' + '0'.repeat(38));
    expect(normalizeNumber('0000' + '1'.repeat(38) + '.000')).toBe('1'.repeat(38));
    expect(normalizeNumber('0.000' + '1'.repeat(38))).toBe('0.000' + '1'.repeat(38));
  });

  it("respects DynamoDB's magnitude range (1E-130 .. 9.99E+125)", () => {
    expect(normalizeNumber('1e125')).toBe('1' + '0'.repeat(125));
    expect(normalizeNumber('1e126')).toBeNull();
    expect(normalizeNumber('1e-130')).toBe('0.' + '0'.repeat(129) + '1');
    expect(normalizeNumber('1e-131')).toBeNull();
  });

  it.each(['', '.', '-', 'abc', '1e', 'e5', '1.2.3', '1,5', '0x10', 'NaN', 'Infinity', '1 2', ' 1'])(
    'rejects %j',
    (input) => {
      expect(normalizeNumber(input)).toBeNull();
    },
  );
});

describe('compareDecimals', () => {
  it.each([
    ['1', '2', -1],
    ['2', '10', -1],
    ['10', '9', 1],
    ['-10', '-9', -1],
    ['-9', '-10', 1],
    ['-1', '1', -1],
    ['1', '-1', 1],
    ['1.5', '1.25', 1],
    ['1.25', '1.5', -1],
    ['0.5', '0.5', 0],
    ['0.1', '-0.1', 1],
    ['-0.25', '-0.3', 1],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345677', 1],
    ['0.00000000000000000000000000000000000001', '0.00000000000000000000000000000000000002', -1],
    ['99999999999999999999999999999999999999', '100000000000000000000000000000000000000', -1],
    ['0', '0.0001', -1],
    ['7', '7', 0],
  ])('compareDecimals(%s, %s) = %i', (a, b, expected) => {
    expect(Math.sign(compareDecimals(a, b))).toBe(expected);
  });

  it('compares exactly where floats cannot', () => {
    const a = '9007199254740993';
    const b = '9007199254740992';
    expect(Number(a) === Number(b)).toBe(true);
    expect(compareDecimals(a, b)).toBe(1);
  });
});

describe('pgNumericText (Postgres numeric output)', () => {
  it.each([
    ['007.50', '7.50'],
    ['1.5E+2', '150'],
    ['1.0E+2', '100'],
    ['-0.0', '0.0'],
    ['-0', '0'],
    ['.5', '0.5'],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
    ['-1e-3', '-0.001'],
  ])('%s → %s', (input, output) => expect(pgNumericText(input)).toBe(output));
});

describe('compareDecimals in any notation', () => {
  it.each([
    ['1.50', '1.5', 0],
    ['-0', '0.000', 0],
    ['9', '1e1', -1],
    ['1E+2', '99.999', 1],
    ['-1e-3', '-0.0009', -1],
    ['007', '7', 0],
  ])('compareDecimals(%s, %s) = %i', (a, b, expected) => {
    expect(Math.sign(compareDecimals(a, b))).toBe(expected);
  });
  it('refuses text that is not a number rather than ordering it', () => {
    expect(() => compareDecimals('1', 'abc')).toThrow(/abc/);
  });
});

describe('fitsNumeric: numeric(p, s) after rounding half away from zero', () => {
  const fits = (text: string, p: number, s: number) => fitsNumeric(parseDecimal(text)!, p, s);
  it('numeric(5, 2): three digits before the point once rounded', () => {
    expect(fits('999.994', 5, 2)).toBe(true);
    expect(fits('-999.994', 5, 2)).toBe(true);
    expect(fits('999.995', 5, 2)).toBe(false);
    expect(fits('-999.995', 5, 2)).toBe(false);
    expect(fits('1000', 5, 2)).toBe(false);
    expect(fits('0.001', 5, 2)).toBe(true);
    expect(fits('0', 5, 2)).toBe(true);
  });
  it('numeric(3, 0) rounds the fraction away', () => {
    expect(fits('999.4', 3, 0)).toBe(true);
    expect(fits('999.5', 3, 0)).toBe(false);
    expect(fits('0.5', 1, 0)).toBe(true);
  });
  it('a negative scale rounds left of the point: numeric(5, -2) holds up to 9999949', () => {
    expect(fits('12300', 5, -2)).toBe(true);
    expect(fits('9999949', 5, -2)).toBe(true);
    expect(fits('9999950', 5, -2)).toBe(false);
    expect(fits('49', 5, -2)).toBe(true);
  });
  it('a scale beyond the precision: numeric(3, 5) holds magnitudes below 0.009995', () => {
    expect(fits('0.009994', 3, 5)).toBe(true);
    expect(fits('-0.009994', 3, 5)).toBe(true);
    expect(fits('0.009995', 3, 5)).toBe(false);
    expect(fits('0.01', 3, 5)).toBe(false);
    expect(fits('0.000004', 3, 5)).toBe(true);
  });
});

describe('decimalInteger / scaledInteger', () => {
  it('decimalInteger: integral values exactly, else null', () => {
    expect(decimalInteger('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(decimalInteger('12345678901234567890123456789012345678')).toBe(
      12345678901234567890123456789012345678n,
    );
    expect(decimalInteger('0')).toBe(0n);
    expect(decimalInteger('1e2')).toBe(100n);
    expect(decimalInteger('1.5')).toBeNull();
    expect(decimalInteger('0.001')).toBeNull();
    expect(decimalInteger('x')).toBeNull();
  });
  it('scaledInteger truncates toward zero', () => {
    expect(scaledInteger(parseDecimal('1700000000.25')!, 6)).toBe(1700000000250000n);
    expect(scaledInteger(parseDecimal('-1.2345678')!, 6)).toBe(-1234567n);
    expect(scaledInteger(parseDecimal('0.0000004')!, 6)).toBe(0n);
    expect(scaledInteger(parseDecimal('86400')!, 0)).toBe(86400n);
  });
});
