import { describe, expect, it } from 'vitest';
import { timeFromBinary, timeToBinary } from './time-binary';
import { Oid } from './type-oids';

const hex = (b: Buffer) => b.toString('hex');

describe('timeToBinary', () => {
  it('sends what time_send and timetz_send send', () => {
    expect(hex(timeToBinary('12:34:56.789', Oid.time))).toBe('0000000a8be62608');
    expect(hex(timeToBinary('24:00:00', Oid.time))).toBe('000000141dd76000');
    expect(hex(timeToBinary('12:00:00+05:30', Oid.timetz))).toBe('0000000a0eebb000ffffb2a8');
    expect(hex(timeToBinary('12:00:00.5-00:25:21', Oid.timetz))).toBe('0000000a0ef35120000005f1');
  });

  it('refuses what is not a time of its type', () => {
    expect(() => timeToBinary('12:00:00+01', Oid.time)).toThrow(
      expect.objectContaining({ sqlstate: '0A000' }),
    );
    expect(() => timeToBinary('12:00:00', Oid.timetz)).toThrow(
      expect.objectContaining({ sqlstate: '0A000' }),
    );
  });
});

describe('timeFromBinary', () => {
  it('reads time_recv and timetz_recv', () => {
    expect(timeFromBinary(Buffer.from('0000000a8be62608', 'hex'), Oid.time)).toBe('12:34:56.789000');
    expect(timeFromBinary(Buffer.from('0000000a0eebb000ffffb2a8', 'hex'), Oid.timetz)).toBe(
      '12:00:00.000000+05:30:00',
    );
    expect(timeFromBinary(Buffer.from('0000000a0ef35120000005f1', 'hex'), Oid.timetz)).toBe(
      '12:00:00.500000-00:25:21',
    );
  });
});
