import { describe, expect, it } from 'vitest';
import { timestampFromBinary, timestampToBinary } from './timestamp-binary';
import { Oid } from './type-oids';

const hex = (b: Buffer) => b.toString('hex');

describe('timestampToBinary', () => {
  it('sends what timestamp_send sends, ±infinity and BC included', () => {
    expect(hex(timestampToBinary('infinity', Oid.timestamp))).toBe('7fffffffffffffff');
    expect(hex(timestampToBinary('-infinity', Oid.timestamptz))).toBe('8000000000000000');
    expect(timestampToBinary('2000-01-01 00:00:01.5', Oid.timestamp).readBigInt64BE(0)).toBe(1_500_000n);
    // timestamp_send('0044-03-15 12:00:00.5 BC')
    expect(hex(timestampToBinary('0044-03-15 12:00:00.5 BC', Oid.timestamp))).toBe('ff1af9e8fb4e7120');
  });

  // timestamptz_send('2026-10-25 02:30+02') as the host prints it under each DateStyle and TimeZone.
  it.each([
    ['2026-10-25 02:30:00+02', undefined], // ISO, Europe/Berlin
    ['2026-10-25 00:30:00+00', undefined], // ISO, UTC
    ['2026-10-25 06:15:00+05:45', undefined], // ISO, Asia/Kathmandu
    ['2026-10-24 21:30:00-03', undefined], // ISO, America/Sao_Paulo
    ['25.10.2026 00:30:00 UTC', undefined], // German, UTC
    ['25.10.2026 06:15:00 +0545', undefined], // German, Asia/Kathmandu
    ['10/25/2026 00:30:00 UTC', false], // SQL, MDY
    ['25/10/2026 00:30:00 GMT', true], // SQL, DMY
    ['Sun Oct 25 00:30:00 2026 UTC', undefined], // Postgres, MDY
    ['Sat 24 Oct 21:30:00 2026 -03', undefined], // Postgres, DMY, America/Sao_Paulo
  ])('reads timestamptz %s in UTC', (text, dayFirst) => {
    expect(hex(timestampToBinary(text, Oid.timestamptz, dayFirst))).toBe('0003019e15109200');
  });

  it.each([
    ['0044-03-15 12:00:00.5 BC', undefined],
    ['15.03.0044 12:00:00.5 BC', undefined],
    ['03/15/0044 12:00:00.5 BC', false],
    ['Fri 15 Mar 12:00:00.5 0044 BC', undefined],
    ['Fri Mar 15 12:00:00.5 0044 BC', undefined],
  ])('reads timestamp %s', (text, dayFirst) => {
    expect(hex(timestampToBinary(text, Oid.timestamp, dayFirst))).toBe('ff1af9e8fb4e7120');
  });

  it('refuses a zone abbreviation that does not say its offset (CET, IST, LMT), naming timestamptz', () => {
    for (const text of ['25.10.2026 02:30:00 CEST', '03/12/2026 13:01:06.265 IST', '01.01.1900 00:00:00 '])
      expect(() => timestampToBinary(text, Oid.timestamptz, true)).toThrow(
        expect.objectContaining({ sqlstate: '0A000', message: expect.stringContaining('oid 1184') }),
      );
  });
});

describe('timestampFromBinary', () => {
  it.each([
    ['2026-11-30 12:34:56.789012', Oid.timestamp],
    ['0044-03-15 12:00:00.500000 BC', Oid.timestamp],
    ['2026-11-30 12:34:56.000001+00', Oid.timestamptz],
    ['0044-03-15 12:00:00.000000+00 BC', Oid.timestamptz],
    ['infinity', Oid.timestamptz],
    ['-infinity', Oid.timestamp],
  ])('%s reads back as ISO', (text, oid) => {
    expect(timestampFromBinary(timestampToBinary(text, oid), oid)).toBe(text);
  });
});
