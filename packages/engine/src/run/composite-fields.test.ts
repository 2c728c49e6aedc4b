import { describe, expect, it } from 'vitest';
import { compositeFields } from './composite-fields';

describe('compositeFields', () => {
  it('keeps every field, as written', () => {
    expect(compositeFields('(1,"a b",)', [0, 1, 2])).toBe('(1,"a b",)');
  });
  it('skips quoted fields holding commas, doubled quotes and backslashes', () => {
    expect(compositeFields('("(0,1)","a,""b\\\\,",,0.30000000000000004)', [2, 3])).toBe(
      '(,0.30000000000000004)',
    );
    expect(compositeFields('("x\\",y",7)', [1])).toBe('(7)');
  });
  it('picks fields in between', () => {
    expect(compositeFields('("(0,1)","a,b",,0.1)', [1, 3])).toBe('("a,b",0.1)');
    expect(compositeFields('(1,2,"(0,1)",4)', [0, 1, 3])).toBe('(1,2,4)');
  });
  it('keeps empty (NULL) and empty-string fields apart', () => {
    expect(compositeFields('(,,"")', [1, 2])).toBe('(,"")');
  });
});
