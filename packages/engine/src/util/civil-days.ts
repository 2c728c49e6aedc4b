/**
 * Days between 2000-01-01 (Postgres's epoch) and a proleptic Gregorian date, for any year;
 * `year` is astronomical (1 BC is 0, 44 BC is -43).
 *   civilToDays(2000, 1, 1) → 0; civilToDays(2000, 3, 1) → 60; civilToDays(-43, 3, 15) → -746117
 */
export function civilToDays(year: number, month: number, day: number): number {
  // Count from 0000-03-01 so that the leap day ends each 4-year cycle.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - DAYS_0000_03_01_TO_2000_01_01;
}

/** The inverse of civilToDays: civilFromDays(-1) → { year: 1999, month: 12, day: 31 }. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + DAYS_0000_03_01_TO_2000_01_01;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * mp + 2) / 5) + 1,
  };
}

/** 0000-03-01 → 2000-01-01: five 400-year eras (each 146097 days) less Jan and Feb of 2000. */
const DAYS_0000_03_01_TO_2000_01_01 = 5 * 146_097 - 60;
