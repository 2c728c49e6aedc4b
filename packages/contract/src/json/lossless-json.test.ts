import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ScriptResult } from '../results/script-result';
import { JsonText } from './json-text';
import { LosslessNumber, parseLosslessJson, stringifyLossless } from './lossless-json';
import type { Received } from './received';

const BIG = '12345678901234567890123456789012345678';

describe('parseLosslessJson', () => {
  it('parses ordinary JSON like JSON.parse', () => {
    const text = '{"a":[1,2.5,-3e2,true,false,null,"x\\"y\\u00e9"],"b":{}}';
    expect(parseLosslessJson(text)).toEqual(JSON.parse(text));
  });
  it('keeps 38-digit numbers exactly', () => {
    const v = parseLosslessJson(`{"n":${BIG},"f":0.1}`) as Record<string, unknown>;
    expect(v.n).toBeInstanceOf(LosslessNumber);
    expect(String(v.n)).toBe(BIG);
    expect(v.f).toBe(0.1);
  });
  it('keeps integers beyond 2^53', () => {
    expect(String(parseLosslessJson('9007199254740993'))).toBe('9007199254740993');
    expect(parseLosslessJson('9007199254740992')).toBe(9007199254740992);
  });
  it('takes the last of duplicate keys, like JSON.parse (a json cell may have them)', () => {
    expect(parseLosslessJson('{"a":1,"a":2}')).toEqual({ a: 2 });
  });
  it('rejects bad JSON', () => {
    expect(() => parseLosslessJson('{"a":}')).toThrow(SyntaxError);
    expect(() => parseLosslessJson('[1] x')).toThrow(SyntaxError);
  });
});

describe('stringifyLossless', () => {
  it('round-trips what parseLosslessJson read', () => {
    const text = '{"n":[99999999999999999999.000000000000000001,1],"s":"a"}';
    expect(stringifyLossless(parseLosslessJson(text))).toBe(text);
  });
  it('indents like JSON.stringify', () => {
    const value = { a: [1, { b: null }], c: {}, d: [] };
    expect(stringifyLossless(value, 2)).toBe(JSON.stringify(value, null, 2));
    expect(stringifyLossless(parseLosslessJson('{"a":[1]}'), 2)).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
  it('writes JsonText verbatim, so json cells keep their digits and their text', () => {
    const rows = [[new JsonText(`{"zip": ${BIG}, "city": "Oslo"}`), '01ff', 3]];
    expect(stringifyLossless(rows)).toBe(`[[{"zip": ${BIG}, "city": "Oslo"},"01ff",3]]`);
  });
  it('leaves out what JSON.stringify leaves out', () => {
    const value = { a: undefined, b: () => 1, c: [undefined, NaN], d: new Date(0) };
    expect(stringifyLossless(value)).toBe(JSON.stringify(value));
  });
});

describe('JsonText', () => {
  it('refuses JSON.stringify, which would round its numbers', () => {
    expect(() => JSON.stringify({ j: new JsonText(BIG) })).toThrow(/stringifyLossless/);
  });
  it('arrives parsed', () => {
    expectTypeOf<Received<ScriptResult<JsonText>>>().toEqualTypeOf<ScriptResult>();
  });
});
