import { describe, expect, it } from 'vitest';
import { JSON_NULL, LosslessNumber } from '../api/lossless-json';
import { rangeTsv } from './range-tsv';

describe('rangeTsv', () => {
  it('copies a block with exact values, NULL empty, JSON as JSON', () => {
    expect(
      rangeTsv([
        ['u1', '12345678901234567890.123456789012345678', { n: new LosslessNumber('1.10') }],
        ['u2', null, JSON_NULL],
        ['u3', 7, true],
      ]),
    ).toBe('u1\t12345678901234567890.123456789012345678\t{"n":1.10}\nu2\t\tnull\nu3\t7\ttrue');
  });

  it('quotes a value holding a tab or a line break, or starting with a quote', () => {
    expect(rangeTsv([['a\tb', 'c\nd', '"hi" he said', 'say "hi"']])).toBe(
      '"a\tb"\t"c\nd"\t"""hi"" he said"\tsay "hi"',
    );
  });
});
