import { describe, expect, it } from 'vitest';
import { LosslessNumber } from '../api/lossless-json';
import { cellMatches, normalizeFilter } from './row-filter';

describe('row filter', () => {
  it('normalizes the typed text', () => {
    expect(normalizeFilter('  Alice ')).toBe('alice');
    expect(normalizeFilter('   ')).toBe('');
  });

  it('matches text case-insensitively anywhere in the cell', () => {
    expect(cellMatches('Alice Liddell', 'text', normalizeFilter('LIDD'))).toBe(true);
    expect(cellMatches('Alice Liddell', 'text', normalizeFilter('bob'))).toBe(false);
    expect(cellMatches('a\nb', 'text', 'a\nb')).toBe(true);
  });

  it('matches numbers on every digit they were sent with', () => {
    expect(cellMatches('12345678901234567890.123456789012345678', 'numeric', '012345678')).toBe(true);
    expect(cellMatches(42, 'int4', '42')).toBe(true);
    expect(cellMatches(42, 'int4', '43')).toBe(false);
  });

  it('matches booleans, bytea and JSON by the text the grid shows', () => {
    expect(cellMatches(true, 'boolean', 'true')).toBe(true);
    expect(cellMatches(false, 'boolean', 'true')).toBe(false);
    expect(cellMatches('\\xDEADbeef', 'bytea', normalizeFilter('deadBEEF'))).toBe(true);
    expect(
      cellMatches(
        { city: 'Lisbon', n: new LosslessNumber('1.00000000000000000001') },
        'jsonb',
        normalizeFilter('"CITY":"lisbon"'),
      ),
    ).toBe(true);
    expect(
      cellMatches({ n: new LosslessNumber('1.00000000000000000001') }, 'jsonb', '00000000000000000001'),
    ).toBe(true);
  });

  it('never matches NULL, even when the text typed is "null"', () => {
    expect(cellMatches(null, 'text', 'null')).toBe(false);
    expect(cellMatches('null', 'text', 'null')).toBe(true);
    expect(cellMatches(null, 'text', '')).toBe(true);
  });
});
