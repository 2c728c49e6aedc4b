import { describe, expect, it } from 'vitest';
import { LosslessNumber, parseLosslessJson, stringifyLossless } from './lossless-json';
import { NdjsonSplitter } from './ndjson';
import { takeTokenFromUrl } from './token';

describe('parseLosslessJson', () => {
  it('parses ordinary JSON like JSON.parse', () => {
    const text = '{"a":[1,2.5,-3e2,true,false,null,"x\\"y\\u00e9"],"b":{}}';
    expect(parseLosslessJson(text)).toEqual(JSON.parse(text));
  });
  it('keeps 38-digit numbers exactly', () => {
    const v = parseLosslessJson('{"n":12345678901234567890123456789012345678,"f":0.1}') as Record<string, unknown>;
    expect(v.n).toBeInstanceOf(LosslessNumber);
    expect(String(v.n)).toBe('12345678901234567890123456789012345678');
    expect(v.f).toBe(0.1);
  });
  it('round-trips through stringifyLossless', () => {
    const text = '{"n":[99999999999999999999.000000000000000001,1],"s":"a"}';
    expect(stringifyLossless(parseLosslessJson(text))).toBe(text);
    expect(stringifyLossless(parseLosslessJson('{"a":[1]}'), 2)).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
  it('rejects bad JSON', () => {
    expect(() => parseLosslessJson('{"a":}')).toThrow(SyntaxError);
    expect(() => parseLosslessJson('[1] x')).toThrow(SyntaxError);
  });
});

describe('NdjsonSplitter', () => {
  it('returns complete lines and buffers the tail', () => {
    const s = new NdjsonSplitter();
    expect(s.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(s.push(':2}\n\n{"c":3}')).toEqual(['{"b":2}']);
    expect(s.end()).toEqual(['{"c":3}']);
  });
});

describe('takeTokenFromUrl', () => {
  it('removes the token and keeps the rest', () => {
    expect(takeTokenFromUrl('http://127.0.0.1:5480/?token=abc&x=1#h')).toEqual({ token: 'abc', cleanPath: '/?x=1#h' });
    expect(takeTokenFromUrl('http://127.0.0.1:5480/')).toEqual({ token: null, cleanPath: '/' });
  });
});
