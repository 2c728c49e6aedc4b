import { describe, expect, it } from 'vitest';
import { Lru, deepFreeze } from './lru';

describe('Lru', () => {
  it('evicts the least recently used entry, counting reads as uses', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });
});

describe('deepFreeze', () => {
  it('makes nested objects and arrays read-only', () => {
    const v = deepFreeze({ a: { b: [1, { c: 2 }] } });
    expect(() => {
      (v.a.b[1] as { c: number }).c = 3;
    }).toThrow(TypeError);
    expect(() => (v.a.b as number[]).push(4)).toThrow(TypeError);
  });
});
