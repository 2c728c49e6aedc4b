import { describe, expect, it } from 'vitest';
import { binaryToText, textToBinary } from './binary-values';
import { Oid } from './type-oids';

describe('binary values', () => {
  it('encodes what the *_send functions send', () => {
    expect(textToBinary('t', Oid.bool).toString('hex')).toBe('01');
    expect(textToBinary('-2', Oid.int2).toString('hex')).toBe('fffe');
    expect(textToBinary('70000', Oid.int4).toString('hex')).toBe('00011170');
    expect(textToBinary('9223372036854775807', Oid.int8).toString('hex')).toBe('7fffffffffffffff');
    expect(textToBinary('1.5', Oid.float8).toString('hex')).toBe('3ff8000000000000');
    expect(textToBinary('\\xdead', Oid.bytea).toString('hex')).toBe('dead');
    expect(textToBinary('2000-01-02', Oid.date).toString('hex')).toBe('00000001');
    expect(textToBinary('2000-01-01 00:00:01.5', Oid.timestamp).readBigInt64BE(0)).toBe(1_500_000n);
    expect(textToBinary('2000-01-01 01:00:00+01', Oid.timestamptz).readBigInt64BE(0)).toBe(0n);
    expect(textToBinary('{"a":1}', Oid.jsonb).toString()).toBe('\u0001{"a":1}');
  });

  it.each([
    ['f', Oid.bool],
    ['-32768', Oid.int2],
    ['2147483647', Oid.int4],
    ['-9223372036854775808', Oid.int8],
    ['0.25', Oid.float4],
    ['-1.5e-300', Oid.float8],
    ['héllo', Oid.text],
    ['\\x00ff', Oid.bytea],
    ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', Oid.uuid],
    ['123.4500', Oid.numeric],
    ['1999-12-31', Oid.date],
    ['2026-11-30 12:34:56.789012', Oid.timestamp],
    ['2026-11-30 12:34:56.000001+00', Oid.timestamptz],
  ])('%s (oid %i) reads back', (text, oid) => expect(binaryToText(textToBinary(text, oid), oid)).toBe(text));

  it('refuses a type it cannot encode, with SQLSTATE 0A000', () => {
    expect(() => textToBinary('(1,2)', 600)).toThrow(expect.objectContaining({ sqlstate: '0A000' }));
  });
});
