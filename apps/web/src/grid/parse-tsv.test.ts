import { describe, expect, it } from 'vitest';
import { parseTsv } from './parse-tsv';
import { rangeTsv } from './range-tsv';

describe('parseTsv', () => {
  it('splits tabs and line breaks (LF, CRLF, CR) and drops the one trailing line break', () => {
    expect(parseTsv('a\tb\nc\td')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseTsv('a\rb\n')).toEqual([['a'], ['b']]);
  });

  it('keeps empty fields and empty rows inside the text', () => {
    expect(parseTsv('\tx\t\n\nz')).toEqual([['', 'x', ''], [''], ['z']]);
    expect(parseTsv('\n')).toEqual([['']]);
    expect(parseTsv('')).toEqual([]);
  });

  it('reads quoted fields with tabs, line breaks and doubled quotes', () => {
    expect(parseTsv('"a\tb"\t"line 1\r\nline 2"\n"say ""hi"""\tx')).toEqual([
      ['a\tb', 'line 1\r\nline 2'],
      ['say "hi"', 'x'],
    ]);
    // A quote inside a field that does not start with one is text.
    expect(parseTsv('5" disk\tok')).toEqual([['5" disk', 'ok']]);
    // An unclosed quote takes the rest.
    expect(parseTsv('"open\tx\ny')).toEqual([['open\tx\ny']]);
  });

  it('keeps ragged rows as they are', () => {
    expect(parseTsv('a\tb\tc\nd\ne\tf\n')).toEqual([['a', 'b', 'c'], ['d'], ['e', 'f']]);
  });

  it('reads back what the grid copies, exact numbers and JSON included', () => {
    const cells = [
      ['u1', 'a\tb', '12345678901234567890.12'],
      ['u2', null, '"quoted" start'],
      ['u3', 'two\nlines', '{"a":[1,2]}'],
    ];
    expect(parseTsv(rangeTsv(cells))).toEqual([
      ['u1', 'a\tb', '12345678901234567890.12'],
      ['u2', '', '"quoted" start'],
      ['u3', 'two\nlines', '{"a":[1,2]}'],
    ]);
  });
});
