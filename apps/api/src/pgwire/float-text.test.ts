import { describe, expect, it } from 'vitest';
import { floatText } from './float-text';

// Expected texts are what PostgreSQL 17 prints for `select <n>::float8` / `::float4`.
describe('floatText', () => {
  it.each([
    [1e15, '1e+15'],
    [1e14, '100000000000000'],
    [123456789012345.6, '123456789012345.6'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [-2.5, '-2.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-0, '-0'],
    [0, '0'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('float8 %s → %s', (n, text) => expect(floatText(n, 'double precision')).toBe(text));

  it.each([
    [100000, '100000'],
    [1000000, '1e+06'],
    [0.1, '0.1'],
    [3.1415927, '3.1415927'],
    [-1234.5, '-1234.5'],
  ])('float4 %s → %s', (n, text) => expect(floatText(n, 'real')).toBe(text));
});
