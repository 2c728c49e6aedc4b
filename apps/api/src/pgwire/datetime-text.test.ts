import { describe, expect, it } from 'vitest';
import { dateOrderDayFirst, dateTimeParts } from './datetime-text';
import { Oid } from './type-oids';

describe('dateTimeParts', () => {
  it('reads every DateStyle the host prints', () => {
    const noon = { kind: 'finite', days: 74, micros: 43_200_000_000n };
    expect(dateTimeParts('2000-03-15', Oid.date)).toEqual({
      kind: 'finite',
      days: 74,
      micros: 0n,
      offset: null,
    });
    expect(dateTimeParts('2000-03-15 12:00:00+05:30', Oid.timestamptz)).toEqual({ ...noon, offset: 19_800 });
    expect(dateTimeParts('2000-03-15 12:00:00-00:25:21', Oid.timestamptz)).toEqual({
      ...noon,
      offset: -1521,
    });
    expect(dateTimeParts('15.03.2000 12:00:00 UTC', Oid.timestamptz)).toEqual({ ...noon, offset: 0 });
    expect(dateTimeParts('03/15/2000 12:00:00 -03', Oid.timestamptz, false)).toEqual({
      ...noon,
      offset: -10_800,
    });
    expect(dateTimeParts('15/03/2000 12:00:00 +1030', Oid.timestamptz, true)).toEqual({
      ...noon,
      offset: 37_800,
    });
    expect(dateTimeParts('Wed Mar 15 12:00:00 2000', Oid.timestamp)).toEqual({ ...noon, offset: null });
    expect(dateTimeParts('Wed 15 Mar 12:00:00 2000 GMT', Oid.timestamptz)).toEqual({ ...noon, offset: 0 });
    expect(dateTimeParts('-infinity', Oid.date)).toEqual({ kind: '-infinity' });
  });

  it('refuses text that is not a date, naming the type asked for', () => {
    expect(() => dateTimeParts('tomorrow', Oid.timestamp)).toThrow(
      expect.objectContaining({ sqlstate: '0A000', message: expect.stringContaining('oid 1114') }),
    );
  });
});

describe('dateOrderDayFirst', () => {
  it.each([
    ['SQL, DMY', true],
    ['Postgres, MDY', false],
    ['ISO, YMD', false],
    [undefined, undefined],
  ])('DateStyle %s prints day first: %s', (style, dayFirst) =>
    expect(dateOrderDayFirst(style)).toBe(dayFirst),
  );
});
