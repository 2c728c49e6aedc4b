import { describe, expect, it } from 'vitest';
import { numericKey } from './direct-join';

describe('numericKey', () => {
  it('gives equal numbers one spelling, as Postgres numeric equality sees them', () => {
    expect(['1.50', '1.5', '01.5', '+1.500'].map(numericKey)).toEqual(['1.5', '1.5', '1.5', '1.5']);
    expect(['0', '-0', '0.00', '-0.0', '000'].map(numericKey)).toEqual(['0', '0', '0', '0', '0']);
    expect(['10', '100', '10.01', '-10.10'].map(numericKey)).toEqual(['10', '100', '10.01', '-10.1']);
    expect(numericKey('12345678901234567890123456789012345678')).toBe(
      '12345678901234567890123456789012345678',
    );
    expect(numericKey('.5')).toBe('0.5');
  });
});
