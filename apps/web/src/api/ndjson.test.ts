import { describe, expect, it } from 'vitest';
import { NdjsonSplitter } from './ndjson';

describe('NdjsonSplitter', () => {
  it('returns complete lines and buffers the tail', () => {
    const s = new NdjsonSplitter();
    expect(s.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(s.push(':2}\n\n{"c":3}')).toEqual(['{"b":2}']);
    expect(s.end()).toEqual(['{"c":3}']);
  });
});
