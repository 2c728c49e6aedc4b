import { describe, expect, it } from 'vitest';
import { itemSize } from './item-size';

describe('itemSize (as DynamoDB bills an item)', () => {
  it('names plus values: strings in UTF-8 bytes, binary bytes, booleans 1', () => {
    expect(itemSize({ id: { S: 'u1' } })).toBe(4);
    expect(itemSize({ é: { S: '✓' }, b: { B: new Uint8Array(5) }, t: { BOOL: true } })).toBe(
      2 + 3 + 1 + 5 + 1 + 1,
    );
  });

  it('numbers: one byte per two significant digits plus one; leading and trailing zeros do not count (fixed defect)', () => {
    // DEFECT: trailing zeros were counted, so 1000000 was priced at 5 bytes instead of 2.
    expect(itemSize({ n: { N: '1000000' } })).toBe(1 + 2);
    expect(itemSize({ n: { N: '0.000123' } })).toBe(1 + 3);
    expect(itemSize({ n: { N: '-12345' } })).toBe(1 + 4);
    expect(itemSize({ n: { N: '0' } })).toBe(1 + 1);
    expect(itemSize({ n: { N: '12345678901234567890123456789012345678' } })).toBe(1 + 20);
  });

  it('lists and maps: 3 bytes each plus 1 per element', () => {
    expect(itemSize({ l: { L: [{ N: '10' }, { S: 'ab' }] } })).toBe(1 + 3 + (1 + 2) + (1 + 2));
    expect(itemSize({ m: { M: { k: { BOOL: false } } } })).toBe(1 + 3 + 1 + 1 + 1);
  });
});
