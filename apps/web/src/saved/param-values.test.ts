import { describe, expect, it } from 'vitest';
import type { SavedQueryParam } from '@dynascope/contract';
import { canonicalType, paramValues } from './param-values';

const p = (type: string | undefined, example: string): SavedQueryParam => ({
  name: '$1',
  example,
  ...(type === undefined ? {} : { type }),
});

describe('paramValues', () => {
  it('keeps numbers as the text typed, all their digits', () => {
    expect(paramValues([p('numeric', '1')], ['12345678901234567890.123456789'])).toEqual({
      ok: true,
      values: ['12345678901234567890.123456789'],
    });
    expect(paramValues([p('bigint', '1')], ['9223372036854775807'])).toEqual({
      ok: true,
      values: ['9223372036854775807'],
    });
  });

  it('uses the example for an empty field and text as typed for an untyped parameter', () => {
    expect(paramValues([p('int', '7'), p(undefined, 'c1')], ['', '  c 2 '])).toEqual({
      ok: true,
      values: ['7', '  c 2 '],
    });
  });

  it('refuses what the type cannot read, with the reason in the field that holds it', () => {
    expect(paramValues([p('text', 'a'), p('integer', '1'), p('int2', '1')], ['x', '1.5', '40000'])).toEqual({
      ok: false,
      errors: [null, 'a whole number (integer)', 'out of range for smallint (-32768 to 32767)'],
    });
    expect(paramValues([p('date', '2024-01-01')], ['31/01/2024'])).toEqual({
      ok: false,
      errors: ['a date: YYYY-MM-DD'],
    });
  });

  it('reads booleans and bytea as the editors do', () => {
    expect(paramValues([p('bool', 'f'), p('bytea', '00')], ['Yes', '00FF'])).toEqual({
      ok: true,
      values: ['true', '\\x00ff'],
    });
  });
});

describe('canonicalType', () => {
  it('names aliases as the editors do; none is text', () => {
    expect(canonicalType('INT8')).toBe('bigint');
    expect(canonicalType('numeric(10,2)')).toBe('numeric(10,2)');
    expect(canonicalType(undefined)).toBe('text');
  });
});
