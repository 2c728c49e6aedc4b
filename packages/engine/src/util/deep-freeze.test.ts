import { describe, expect, it } from 'vitest';
import { deepFreeze } from './deep-freeze';

describe('deepFreeze', () => {
  it('makes nested objects and arrays read-only', () => {
    const v = deepFreeze({ a: { b: [1, { c: 2 }] } });
    expect(() => {
      (v.a.b[1] as { c: number }).c = 3;
    }).toThrow(TypeError);
    expect(() => (v.a.b as number[]).push(4)).toThrow(TypeError);
  });
});
