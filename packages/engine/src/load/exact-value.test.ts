import { describe, expect, it } from 'vitest';
import type { ColumnDef } from '../catalog/foreign-table';
import { compareCodePoints } from '@dynascope/contract';
import { addScaled, compareValues, parseScaled, parseValue, scaledText, valueKind } from './exact-value';

const column = (typname: string, typmod = -1, collation: string | null = null): ColumnDef => ({
  name: 'c',
  type: typname,
  typname,
  elementTypname: null,
  typmod,
  notNull: false,
  collation,
});

describe('exact values', () => {
  it('orders strings by UTF-8 bytes (the C collation), not by UTF-16 code units', () => {
    const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    const words = ['', 'a', 'A', 'ab', 'Über', 'über', '\uFF21', '😀', '😀a', '\uE000', '\uD7FF', '東', 'z'];
    for (const a of words)
      for (const b of words) expect(Math.sign(compareCodePoints(a, b)), `${a} vs ${b}`).toBe(byBytes(a, b));
    // JavaScript's own order puts the emoji (a surrogate pair) before U+FF21.
    expect('😀' < '\uFF21').toBe(true);
    expect(compareCodePoints('😀', '\uFF21')).toBeGreaterThan(0);
  });

  it('keeps numeric display scales and every digit', () => {
    expect(parseScaled('1.50')).toEqual({ unscaled: 150n, scale: 2 });
    expect(parseScaled('1.5E+2')).toEqual({ unscaled: 150n, scale: 0 });
    expect(parseScaled('-0.000001')).toEqual({ unscaled: -1n, scale: 6 });
    const sum = addScaled(parseScaled('99999999999999999999999999999999999999'), parseScaled('0.001'));
    expect(scaledText(sum)).toBe('99999999999999999999999999999999999999.001');
    expect(scaledText(addScaled(parseScaled('-2.5'), parseScaled('2.45')))).toBe('-0.05');
    expect(scaledText({ unscaled: 0n, scale: 3 })).toBe('0.000');
  });

  it('compares numerics and integers exactly', () => {
    const n = (s: string) => parseValue('numeric', JSON.stringify(s));
    expect(compareValues('numeric', n('1.5'), n('1.50'))).toBe(0);
    expect(compareValues('numeric', n('-0.000001'), n('0'))).toBeLessThan(0);
    expect(
      compareValues('numeric', n('12345678901234567890.1'), n('12345678901234567890.09')),
    ).toBeGreaterThan(0);
    const i = (s: string) => parseValue('integer', JSON.stringify(s));
    expect(compareValues('integer', i('9223372036854775807'), i('9223372036854775806'))).toBeGreaterThan(0);
    expect(compareValues('boolean', false, true)).toBeLessThan(0);
  });

  it('handles only the kinds it can compare exactly', () => {
    expect(valueKind(column('int4'), true, true)).toBe('integer');
    expect(valueKind(column('numeric', 655366), false, true)).toBeNull();
    expect(valueKind(column('text', -1, 'default'), true, true)).toBe('text');
    expect(valueKind(column('text', -1, 'default'), true, false)).toBeNull();
    expect(valueKind(column('text', -1, 'default'), false, false)).toBe('text');
    expect(valueKind(column('text', -1, 'unicode'), true, true)).toBeNull();
    expect(valueKind(column('varchar', 9, 'default'), false, true)).toBeNull();
    expect(valueKind(column('float8'), false, true)).toBeNull();
  });
});
