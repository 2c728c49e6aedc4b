import { describe, expect, it } from 'vitest';
import { RecordChunker, type Quoting, type RecordChunk } from './record-chunker';

const CSV: Quoting = { kind: 'csv', quote: 0x22, escape: 0x22 };
const TEXT: Quoting = { kind: 'text' };

/** The chunks of `input` pushed `step` bytes at a time, as text with their record counts. */
function chunks(
  quoting: Quoting,
  input: string,
  chunkBytes: number,
  step = input.length,
): [string, number][] {
  const c = new RecordChunker(quoting, chunkBytes, 1 << 20, () => 'COPY t');
  const bytes = new TextEncoder().encode(input);
  const out: RecordChunk[] = [];
  for (let i = 0; i < bytes.length; i += step) out.push(...c.push(bytes.subarray(i, i + step)));
  const last = c.end();
  if (last) out.push(last);
  return out.map((k) => [new TextDecoder().decode(k.bytes), k.lines]);
}

describe('RecordChunker', () => {
  it('cuts csv input on record boundaries only, never inside a quoted field, counting lines as Postgres', () => {
    const input = 'a,"x\ny"\nb,c\n"d\n\n",e\nf,g\n';
    // Postgres counts a newline inside quotes as a line: 'b,c' is line 3, 'f,g' line 7.
    expect(chunks(CSV, input, 1, 1)).toEqual([
      ['a,"x\ny"\n', 2],
      ['b,c\n', 1],
      ['"d\n\n",e\n', 3],
      ['f,g\n', 1],
    ]);
    expect(chunks(CSV, input, 10, 3)).toEqual([
      ['a,"x\ny"\nb,c\n', 3],
      ['"d\n\n",e\nf,g\n', 4],
    ]);
    // However it arrives, the records and their bytes are the same.
    for (const step of [1, 2, 5, 7, input.length]) {
      const got = chunks(CSV, input, 6, step);
      expect(got.map(([t]) => t).join('')).toBe(input);
      expect(got.reduce((n, [, r]) => n + r, 0)).toBe(7);
    }
  });

  it('knows the line each record starts on', () => {
    const c = new RecordChunker(CSV, 1 << 20, 1 << 20, () => 'COPY t');
    c.push(new TextEncoder().encode('a,"x\ny"\nb,c\n"d\n\n",e\nf,g\nh'));
    c.end();
    expect([1, 2, 3, 4, 5].map((n) => c.lineOf(n))).toEqual([1, 3, 4, 7, 8]);
  });

  it('treats doubled quotes as data, and an ESCAPE other than QUOTE only before a quote inside quotes', () => {
    expect(chunks(CSV, '"a""\nb",c\nd\n', 1)).toEqual([
      ['"a""\nb",c\n', 2],
      ['d\n', 1],
    ]);
    const backslash: Quoting = { kind: 'csv', quote: 0x22, escape: 0x5c };
    expect(chunks(backslash, '"a\\"\nb",c\nd\\\ne\n', 1)).toEqual([
      ['"a\\"\nb",c\n', 2],
      ['d\\\n', 1],
      ['e\n', 1],
    ]);
    // An escaped escape does not escape the quote after it.
    expect(chunks(backslash, '"a\\\\"\nb\n', 1)).toEqual([
      ['"a\\\\"\n', 1],
      ['b\n', 1],
    ]);
  });

  it('keeps a backslash-escaped newline inside its record in text format', () => {
    expect(chunks(TEXT, 'a\\\nb\tc\n\\\\\nd', 1)).toEqual([
      ['a\\\nb\tc\n', 1],
      ['\\\\\n', 1],
      ['d', 1],
    ]);
  });

  it('stops text input at the end-of-data marker, a line holding only \\., as Postgres does', () => {
    for (const step of [1, 2, 100]) {
      expect(chunks(TEXT, 'a\n\\.\nb\n', 1, step)).toEqual([
        ['a\n', 1],
        ['\\.\n', 1],
      ]);
      expect(chunks(TEXT, 'a\r\n\\.\r\nb\r\n', 100, step)).toEqual([['a\r\n\\.\r\n', 2]]);
    }
    // With more on its line it is the host's error (in csv a value).
    expect(chunks(TEXT, '\\.x\nb\n', 100)).toEqual([['\\.x\nb\n', 2]]);
    expect(chunks(CSV, '\\.x\nb\n', 100)).toEqual([['\\.x\nb\n', 2]]);
  });

  it('stops csv input at \\. alone on a line, as Postgres reads STDIN (psql sends it), leaving the line out', () => {
    for (const step of [1, 2, 100]) {
      expect(chunks(CSV, 'a\n\\.\nb\n', 1, step)).toEqual([['a\n', 1]]);
      expect(chunks(CSV, 'a\r\n\\.\r\nb\r\n', 100, step)).toEqual([['a\r\n', 1]]);
      expect(chunks(CSV, '\\.\n', 100, step)).toEqual([]);
    }
    // Inside a quoted field, or quoted itself, it is a value.
    expect(chunks(CSV, '"x\n\\.\n"\n"\\."\n', 100)).toEqual([['"x\n\\.\n"\n"\\."\n', 4]]);
  });

  it('gives nothing for empty input and counts an unterminated last line as a record', () => {
    expect(chunks(TEXT, '', 1)).toEqual([]);
    expect(chunks(CSV, 'a\nb', 100)).toEqual([['a\nb', 2]]);
  });

  it('refuses a record longer than its limit, naming the line, instead of buffering the rest', () => {
    const c = new RecordChunker(CSV, 4, 16, () => 'COPY t');
    expect(c.push(new TextEncoder().encode('a\nb\n"open'))).toHaveLength(1);
    expect(() => c.push(new TextEncoder().encode('x'.repeat(20)))).toThrow(
      expect.objectContaining({ sqlstate: '54000', context: 'COPY t, line 3' }),
    );
  });
});
