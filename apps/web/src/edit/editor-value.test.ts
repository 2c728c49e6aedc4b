import { describe, expect, it } from 'vitest';
import { JSON_NULL, LosslessNumber } from '../api/lossless-json';
import { editorKind, editorText, parseEditorText } from './editor-value';

describe('typed editors', () => {
  it('picks an editor by type', () => {
    expect(
      [
        'boolean',
        'integer',
        'bigint',
        'numeric',
        'numeric(10,2)',
        'double precision',
        'date',
        'timestamp with time zone',
        'jsonb',
        'bytea',
        'text',
        'character varying',
      ].map(editorKind),
    ).toEqual([
      'boolean',
      'integer',
      'integer',
      'number',
      'number',
      'number',
      'date',
      'timestamp',
      'json',
      'bytea',
      'text',
      'text',
    ]);
  });

  it('keeps numbers as their text, checks integers and their range', () => {
    expect(parseEditorText('12345678901234567890.123456789012345678', 'numeric')).toEqual({
      ok: true,
      value: '12345678901234567890.123456789012345678',
    });
    expect(parseEditorText(' +1e3 ', 'numeric')).toEqual({ ok: true, value: '1e3' });
    expect(parseEditorText('NaN', 'numeric')).toEqual({ ok: true, value: 'NaN' });
    expect(parseEditorText('12,5', 'numeric').ok).toBe(false);
    expect(parseEditorText('9223372036854775807', 'bigint')).toEqual({
      ok: true,
      value: '9223372036854775807',
    });
    expect(parseEditorText('9223372036854775808', 'bigint')).toEqual({
      ok: false,
      error: 'out of range for bigint (-9223372036854775808 to 9223372036854775807)',
    });
    expect(parseEditorText('4.2', 'integer')).toEqual({ ok: false, error: 'a whole number (integer)' });
  });

  it('reads booleans, dates, timestamps and bytea', () => {
    expect(parseEditorText('false', 'boolean')).toEqual({ ok: true, value: false });
    expect(parseEditorText('maybe', 'boolean').ok).toBe(false);
    expect(parseEditorText('2024-02-03', 'date')).toEqual({ ok: true, value: '2024-02-03' });
    expect(parseEditorText('03/02/2024', 'date').ok).toBe(false);
    expect(parseEditorText('2024-02-03 10:11:12.5+01', 'timestamp with time zone')).toEqual({
      ok: true,
      value: '2024-02-03 10:11:12.5+01',
    });
    expect(parseEditorText('2024-02-03T10:11:12Z', 'timestamp without time zone').ok).toBe(true);
    expect(parseEditorText('\\x00FF 10', 'bytea')).toEqual({ ok: true, value: '\\x00ff10' });
    expect(parseEditorText('0g', 'bytea').ok).toBe(false);
    expect(parseEditorText(' keep spaces ', 'text')).toEqual({ ok: true, value: ' keep spaces ' });
  });

  it('tells JSON null from SQL NULL and keeps JSON digits', () => {
    expect(parseEditorText('null', 'jsonb')).toEqual({ ok: true, value: JSON_NULL });
    const parsed = parseEditorText('{"n": 12345678901234567890123}', 'jsonb');
    expect(parsed.ok && parsed.value).toEqual({ n: new LosslessNumber('12345678901234567890123') });
    expect(parseEditorText('{"a": }', 'jsonb')).toMatchObject({ ok: false });
    expect(editorText(JSON_NULL, 'jsonb')).toBe('null');
    expect(editorText(null, 'jsonb')).toBe('');
    expect(editorText({ a: [1] }, 'jsonb')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(editorText('12.50', 'numeric')).toBe('12.50');
  });
});
