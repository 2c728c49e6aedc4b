import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ScriptResult } from '../results/script-result';
import { JsonText } from './json-text';
import { LosslessNumber, parseLosslessJson, stringifyLossless } from './lossless-json';
import type { Received } from './received';

const BIG = '12345678901234567890123456789012345678';

describe('parseLosslessJson', () => {
  it('parses ordinary JSON like JSON.parse', () => {
    const text = '{"a":[1,2.5,-300,1e+21,true,false,null,"x\\"y\\u00e9"],"b":{}}';
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
  it('keeps a number as sent when a double would write it otherwise (trailing zeros, exponents)', () => {
    const v = parseLosslessJson('{"d": 1.10, "z": 0.50, "e": 1e5, "m": -0, "w": 100, "p": 2.5}') as Record<
      string,
      unknown
    >;
    expect(String(v.d)).toBe('1.10');
    expect(v.d).toBeInstanceOf(LosslessNumber);
    expect(String(v.z)).toBe('0.50');
    expect(String(v.e)).toBe('1e5');
    expect(String(v.m)).toBe('-0');
    expect(v.w).toBe(100);
    expect(v.p).toBe(2.5);
    expect(stringifyLossless(parseLosslessJson('[1.10,2.000,3]'))).toBe('[1.10,2.000,3]');
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

describe('stringifyLossless against JSON.stringify (seeded random values)', () => {
  /** A small deterministic generator (mulberry32), so a failure names its seed. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const SCALARS = [
    0,
    -0,
    1.5,
    -7,
    1e21,
    NaN,
    Infinity,
    true,
    false,
    null,
    undefined,
    '',
    'é"\\\n\u0000</',
    () => 1,
  ];
  const value = (next: () => number, depth: number, verbatim: boolean): unknown => {
    const roll = next();
    if (verbatim && roll < 0.1) return new LosslessNumber(`${Math.floor(next() * 1e6)}.${'0'.repeat(20)}1`);
    if (verbatim && roll < 0.15) return new JsonText(`{"n": ${BIG}, "s": "x"}`);
    if (depth > 3 || roll < 0.5) return SCALARS[Math.floor(next() * SCALARS.length)];
    if (roll < 0.55) return new Date(Math.floor(next() * 1e12));
    const size = Math.floor(next() * 4);
    if (roll < 0.8) return Array.from({ length: size }, () => value(next, depth + 1, verbatim));
    return Object.fromEntries(
      Array.from({ length: size }, (_, i) => [`k${i}"`, value(next, depth + 1, verbatim)]),
    );
  };
  /** The reference: each verbatim value stands in as a unique string, then its text replaces it. */
  const reference = (v: unknown, indent: number): string | undefined => {
    const texts: string[] = [];
    const swap = (x: unknown): unknown => {
      if (x instanceof LosslessNumber || x instanceof JsonText)
        return `@@verbatim${texts.push(x.text) - 1}@@`;
      if (Array.isArray(x)) return x.map(swap);
      if (x && typeof x === 'object' && !(x instanceof Date))
        return Object.fromEntries(Object.entries(x).map(([k, m]) => [k, swap(m)]));
      return x;
    };
    const text = JSON.stringify(swap(v), null, indent);
    return text?.replace(/"@@verbatim(\d+)@@"/g, (_, i: string) => texts[Number(i)]!);
  };

  it.each([0, 2])(
    'writes what JSON.stringify writes, verbatim values as their text (indent %i)',
    (indent) => {
      for (let seed = 1; seed <= 400; seed++) {
        const next = random(seed);
        const v = value(next, 0, seed % 2 === 0);
        expect([seed, stringifyLossless(v, indent)]).toEqual([seed, reference(v, indent) ?? 'undefined']);
      }
    },
  );
});

describe('JsonText', () => {
  it('refuses JSON.stringify, which would round its numbers', () => {
    expect(() => JSON.stringify({ j: new JsonText(BIG) })).toThrow(/stringifyLossless/);
  });
  it('arrives parsed', () => {
    expectTypeOf<Received<ScriptResult<JsonText>>>().toEqualTypeOf<ScriptResult>();
  });
});
