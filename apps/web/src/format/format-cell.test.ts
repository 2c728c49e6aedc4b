import { describe, expect, it } from 'vitest';
import { formatCell, formatDuration, formatRcu } from './format-cell';
import { JSON_NULL, LosslessNumber, parseLosslessJson } from '../api/lossless-json';

describe('formatCell', () => {
  it('shows NULL as its own kind, distinct from the text "NULL" and empty text', () => {
    expect(formatCell(null, 'text').kind).toBe('null');
    expect(formatCell('NULL', 'text')).toMatchObject({ kind: 'text', display: 'NULL' });
    expect(formatCell('', 'text')).toMatchObject({ kind: 'text', display: '' });
  });
  it('shows JSON null as null in the JSON style, apart from SQL NULL (issue 17, defect 6)', () => {
    expect(formatCell(JSON_NULL, 'jsonb')).toEqual({
      kind: 'json-null',
      display: 'null',
      full: 'null',
      alignRight: false,
    });
    expect(formatCell(null, 'jsonb')).toEqual({ kind: 'null', display: 'NULL', full: '', alignRight: false });
  });
  it('keeps numeric and int8 strings exactly as given, right-aligned', () => {
    const digits = '12345678901234567890123456789012345678';
    expect(formatCell(digits, 'numeric')).toEqual({
      kind: 'number',
      display: digits,
      full: digits,
      alignRight: true,
    });
    expect(formatCell('9223372036854775807', 'bigint').display).toBe('9223372036854775807');
    expect(formatCell('0.10', 'numeric').display).toBe('0.10');
    expect(formatCell(42, 'integer')).toMatchObject({ kind: 'number', display: '42' });
  });
  it('renders JSON compactly with exact numbers', () => {
    const v = { n: new LosslessNumber('1.00000000000000000001'), tags: ['a'] };
    expect(formatCell(v, 'jsonb')).toMatchObject({
      kind: 'json',
      display: '{"n":1.00000000000000000001,"tags":["a"]}',
    });
    expect(formatCell('plain', 'jsonb').display).toBe('"plain"');
  });
  it('shows a jsonb number with the digits the API sent (1.10 stays 1.10)', () => {
    const cell = parseLosslessJson('{"d": 1.10, "n": 2}') as Record<string, never>;
    expect(formatCell(cell, 'jsonb').display).toBe('{"d":1.10,"n":2}');
  });
  it('formats booleans, bytea and multi-line text', () => {
    expect(formatCell(true, 'boolean').display).toBe('true');
    expect(formatCell('\\xdead', 'bytea').kind).toBe('bytes');
    expect(formatCell('a\nb', 'text')).toMatchObject({ display: 'a↵ b', full: 'a\nb' });
  });
  it('truncates long values for display only', () => {
    const long = 'x'.repeat(1000);
    const f = formatCell(long, 'text');
    expect(f.display.length).toBe(240);
    expect(f.full).toBe(long);
  });
});

describe('summaries', () => {
  it('formats RCU and durations', () => {
    expect(formatRcu(0.5)).toBe('0.5');
    expect(formatRcu(1234.56)).toBe('1,235');
    expect(formatRcu(null)).toBe('—');
    expect(formatDuration(3.14)).toBe('3.1 ms');
    expect(formatDuration(1530)).toBe('1.53 s');
  });
});

import { initialColumnWidth } from './column-width';

describe('initialColumnWidth', () => {
  it('fits the header or the widest early value, within bounds', () => {
    expect(initialColumnWidth({ name: 'id', type: 'int4' }, [[1]], 0)).toBe(72);
    const wide = initialColumnWidth({ name: 'note', type: 'text' }, [['x'.repeat(30)]], 0);
    expect(wide).toBeGreaterThan(200);
    expect(initialColumnWidth({ name: 'note', type: 'text' }, [['x'.repeat(500)]], 0)).toBeLessThanOrEqual(
      380,
    );
  });
});
