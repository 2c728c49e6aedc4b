import { describe, expect, it } from 'vitest';
import { compareCodePoints } from './compare-code-points';

describe('compareCodePoints', () => {
  it('orders by code point, as the C collation does: upper case before lower case', () => {
    expect(['b', 'a', 'B', 'A', 'ab', ''].sort(compareCodePoints)).toEqual(['', 'A', 'B', 'a', 'ab', 'b']);
    expect(compareCodePoints('é', 'z')).toBe(1);
    expect(compareCodePoints('same', 'same')).toBe(0);
  });

  it('orders characters above U+FFFF after U+E000..U+FFFF, unlike UTF-16 code units', () => {
    const fullwidthTilde = '\uFF5E';
    const emoji = '😀'; // U+1F600, the surrogate pair D83D DE00
    expect(fullwidthTilde < emoji).toBe(false);
    expect(compareCodePoints(fullwidthTilde, emoji)).toBe(-1);
    expect(compareCodePoints(emoji, fullwidthTilde)).toBe(1);
    expect(compareCodePoints('😀', '😁')).toBe(-1);
    expect(compareCodePoints('a😀', 'a\uD7FF')).toBe(1);
  });
});
