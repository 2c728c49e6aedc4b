import { describe, expect, it } from 'vitest';
import { codePointCount, indexAfterCodePoints } from './code-point-count';

describe('codePointCount', () => {
  it('counts an astral character (two UTF-16 code units) as one', () => {
    expect(codePointCount('😀 x')).toBe(3);
    expect(codePointCount("select '😀😀';")).toBe(12);
  });

  it('counts an accent or CJK character (one code unit, 2-3 UTF-8 bytes) as one', () => {
    expect(codePointCount('ééééé')).toBe(5);
    expect(codePointCount('日本')).toBe(2);
  });

  it('counts a range of the text', () => {
    const text = 'a😀b😀c';
    expect(codePointCount(text, 1, 4)).toBe(2);
    expect(codePointCount(text, 4)).toBe(2);
    expect(codePointCount(text, 0, 0)).toBe(0);
  });

  it('agrees with iterating the string by code points', () => {
    for (const text of ["name = 'Zoë 東京 🍣' -- ünï", '🇫🇷 👩‍👩‍👧', 'lone \ud83d surrogate \ude00'])
      expect(codePointCount(text)).toBe([...text].length);
  });
});

describe('indexAfterCodePoints', () => {
  it('steps over an astral character as one', () => {
    expect(indexAfterCodePoints('😀 x', 2)).toBe(3);
    expect(indexAfterCodePoints("select '😀😀', x", 12)).toBe(14);
    expect(indexAfterCodePoints('ééé', 2)).toBe(2);
  });

  it('is the inverse of codePointCount, past the end too', () => {
    const text = 'a😀b😀c';
    for (let chars = 0; chars <= 7; chars++)
      expect(codePointCount(text, 0, indexAfterCodePoints(text, chars))).toBe(chars);
  });
});
