import { describe, expect, it } from 'vitest';
import { copyRecords } from './copy-records';
import type { Quoting } from './record-chunker';

const CSV: Quoting = { kind: 'csv', quote: 0x22, escape: 0x22 };
const TEXT: Quoting = { kind: 'text' };

function records(input: string, quoting: Quoting): string[] {
  return copyRecords(new TextEncoder().encode(input), quoting).map((r) => new TextDecoder().decode(r));
}

describe('copyRecords', () => {
  it("cuts text output at each newline: a value's own newline is escaped there", () => {
    expect(records('1\ta\\nb\n2\t\\N\n', TEXT)).toEqual(['1\ta\\nb\n', '2\t\\N\n']);
  });

  it('keeps a newline inside a quoted csv field in its record, and the header a record of its own', () => {
    expect(records('a,b\n1,"x\ny"\n2,""""\n3,\n', CSV)).toEqual(['a,b\n', '1,"x\ny"\n', '2,""""\n', '3,\n']);
  });

  it("follows csv's own QUOTE and ESCAPE", () => {
    const quoting: Quoting = { kind: 'csv', quote: 0x27, escape: 0x5c };
    expect(records("'a\\'\nb',1\n'',2\n", quoting)).toEqual(["'a\\'\nb',1\n", "'',2\n"]);
  });

  it('gives nothing for no output, and a last record without its newline as it is', () => {
    expect(records('', TEXT)).toEqual([]);
    expect(records('', CSV)).toEqual([]);
    expect(records('1\n2', TEXT)).toEqual(['1\n', '2']);
  });
});
