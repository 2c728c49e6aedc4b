import { describe, expect, it } from 'vitest';
import { civilFromDays, civilToDays } from './civil-days';

describe('civil days', () => {
  it('counts proleptic Gregorian days from 2000-01-01 both ways', () => {
    expect(civilToDays(2000, 3, 1)).toBe(60);
    expect(civilToDays(1970, 1, 1)).toBe(-10957);
    for (const days of [-2451545, -746117, -1, 0, 59, 60, 365, 366, 2145031948])
      expect(civilToDays(...(Object.values(civilFromDays(days)) as [number, number, number]))).toBe(days);
  });
});
