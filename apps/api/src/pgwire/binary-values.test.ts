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
    ['0044-03-15', Oid.date],
    ['0044-03-15 BC', Oid.date],
    ['infinity', Oid.date],
    ['-infinity', Oid.timestamptz],
    ['12:34:56.789000', Oid.time],
    ['12:34:56.789000-05:30:00', Oid.timetz],
    ['-14 mons +3 days -04:05:06.700000', Oid.interval],
  ])('%s (oid %i) reads back', (text, oid) => expect(binaryToText(textToBinary(text, oid), oid)).toBe(text));

  it('sends dates, times, intervals and arrays as the host sends them', () => {
    const hex = (text: string, oid: number) => textToBinary(text, oid).toString('hex');
    expect(hex('infinity', Oid.date)).toBe('7fffffff');
    expect(hex('-infinity', Oid.date)).toBe('80000000');
    expect(hex('0044-03-15 BC', Oid.date)).toBe('fff49d7b');
    expect(hex('infinity', Oid.timestamptz)).toBe('7fffffffffffffff');
    expect(hex('-infinity', Oid.timestamp)).toBe('8000000000000000');
    expect(hex('12:34:56.789', Oid.time)).toBe('0000000a8be62608');
    expect(hex('12:00:00+05:30', Oid.timetz)).toBe('0000000a0eebb000ffffb2a8');
    expect(hex('1 year 2 mons 3 days 04:05:06.7', Oid.interval)).toBe('000000036c966ee0000000030000000e');
    expect(hex('{1,NULL,3}', 1007)).toBe(
      '00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003',
    );
    // Elements in the session's DateStyle: date[] under SQL, DMY.
    expect(textToBinary('{15/03/0044 BC,NULL}', 1182, true).subarray(20, 28).toString('hex')).toBe(
      '00000004fff49d7b',
    );
  });

  it.each([
    ['{"1",NULL,"3"}', 1007],
    ['{{"a","b"},{"c d","\\""}}', 1009],
    ['[0:0]={"2000-01-01"}', 1182],
    ['{"12:34:56.789000"}', 1183],
    ['{"+14 mons +3 days +04:05:06.700000"}', 1187],
  ])('array parameter %s (oid %i) reads back', (text, oid) =>
    expect(binaryToText(textToBinary(text, oid), oid)).toBe(text),
  );

  it('refuses a type it cannot encode, with SQLSTATE 0A000 naming it', () => {
    expect(() => textToBinary('(1,2)', 600)).toThrow(expect.objectContaining({ sqlstate: '0A000' }));
    expect(() => textToBinary('(0,0),1', 718)).toThrow(
      expect.objectContaining({
        sqlstate: '0A000',
        message: 'binary format for type oid 718 is not supported',
      }),
    );
    expect(() => binaryToText(Buffer.alloc(12), 1017)).toThrow(
      expect.objectContaining({ message: 'binary format for type oid 1017 is not supported' }),
    );
  });
});
