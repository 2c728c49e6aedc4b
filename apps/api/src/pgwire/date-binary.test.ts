import { describe, expect, it } from 'vitest';
import { civilToDays } from '@dynascope/engine';
import { dateFromBinary, dateToBinary } from './date-binary';

const hex = (b: Buffer) => b.toString('hex');

describe('dateToBinary', () => {
  it('sends what date_send sends, ±infinity and BC included', () => {
    expect(hex(dateToBinary('2000-01-01'))).toBe('00000000');
    expect(hex(dateToBinary('2000-01-02'))).toBe('00000001');
    expect(hex(dateToBinary('infinity'))).toBe('7fffffff');
    expect(hex(dateToBinary('-infinity'))).toBe('80000000');
    // date_send('0044-03-15 BC'): astronomical year -43, 746117 days before 2000-01-01.
    expect(hex(dateToBinary('0044-03-15 BC'))).toBe('fff49d7b');
    expect(dateToBinary('4713-11-24 BC').readInt32BE(0)).toBe(-2451179);
    expect(dateToBinary('5874897-12-31').readInt32BE(0)).toBe(2145031948);
    expect(dateToBinary('10000-01-01').readInt32BE(0)).toBe(civilToDays(10000, 1, 1));
  });

  // The host's own output of '0044-03-15 BC' under each DateStyle.
  it.each([
    ['0044-03-15 BC', undefined], // ISO, either order
    ['15.03.0044 BC', undefined], // German is always day first
    ['03/15/0044 BC', false], // SQL, MDY
    ['15/03/0044 BC', true], // SQL, DMY
    ['03-15-0044 BC', false], // Postgres, MDY
    ['15-03-0044 BC', true], // Postgres, DMY
  ])('reads %s (day first: %s)', (text, dayFirst) => {
    expect(hex(dateToBinary(text, dayFirst))).toBe('fff49d7b');
  });

  it('refuses, rather than guesses, a day/month order it does not know', () => {
    expect(() => dateToBinary('01/02/2000')).toThrow(
      expect.objectContaining({ sqlstate: '0A000', message: expect.stringContaining('oid 1082') }),
    );
  });
});

describe('dateFromBinary', () => {
  it.each([
    '2000-01-01',
    '1999-12-31',
    '0044-03-15 BC',
    '0001-01-01 BC',
    '5874897-12-31',
    'infinity',
    '-infinity',
  ])('%s reads back as ISO', (text) => expect(dateFromBinary(dateToBinary(text))).toBe(text));
});
