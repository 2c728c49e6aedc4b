import { describe, expect, it } from 'vitest';
import { byteToCharOffsets } from './byte-offsets';

/** Checks the map against Buffer's own UTF-8 encoding of every prefix. */
function checkAll(text: string) {
  const toChar = byteToCharOffsets(text);
  let chars = 0;
  for (const ch of text) {
    const byte = Buffer.byteLength(text.slice(0, chars));
    expect(toChar(byte)).toBe(chars);
    chars += ch.length;
  }
  expect(toChar(Buffer.byteLength(text))).toBe(text.length);
}

describe('byteToCharOffsets', () => {
  it('ASCII: identity', () => {
    const f = byteToCharOffsets('select 1');
    expect(f(0)).toBe(0);
    expect(f(7)).toBe(7);
    expect(f(100)).toBe(100);
  });

  it('2-byte characters (accents)', () => {
    const f = byteToCharOffsets('é = x');
    expect(f(0)).toBe(0);
    expect(f(2)).toBe(1);
    expect(f(3)).toBe(2);
    expect(f(6)).toBe(5);
  });

  it('3-byte characters (CJK)', () => {
    const f = byteToCharOffsets("'日本' x");
    expect(f(1)).toBe(1);
    expect(f(4)).toBe(2);
    expect(f(7)).toBe(3);
    expect(f(9)).toBe(5);
  });

  it('4-byte characters (emoji) are two UTF-16 code units', () => {
    const f = byteToCharOffsets('😀a😀b');
    expect(f(4)).toBe(2);
    expect(f(5)).toBe(3);
    expect(f(9)).toBe(5);
    expect(f(10)).toBe(6);
  });

  it('a byte inside a multi-byte character maps to that character', () => {
    const f = byteToCharOffsets('xé😀');
    expect(f(2)).toBe(1);
    expect(f(4)).toBe(2);
    expect(f(5)).toBe(2);
  });

  it('beyond the end → the text length', () => {
    expect(byteToCharOffsets('é')(50)).toBe(1);
  });

  it('agrees with UTF-8 for mixed text', () => {
    checkAll("select * from t where name = 'Zoë 東京 🍣' and x > 1 -- ünïcödé");
    checkAll('🇫🇷 flags 👩‍👩‍👧 and ZWJ');
  });
});
