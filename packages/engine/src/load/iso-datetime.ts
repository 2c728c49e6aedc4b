import { EngineError } from '../errors';
import { civilFromDays, civilToDays } from '../util/civil-days';

export type DateTimeType = 'date' | 'timestamp' | 'timestamptz';

/** How Postgres names the types in its input errors. */
const TYPE_NAMES: Record<DateTimeType, string> = {
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamp with time zone',
};

/** The ISO 8601 texts a date/time column takes from an item (load/coerce.ts isIso8601). */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})([.,]\d+)?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const USECS_PER_DAY = 86_400_000_000n;
/** Postgres's limit on a numeric time zone displacement: 15:59. */
const MAX_DISPLACEMENT_SECONDS = (15 * 60 + 59) * 60;

/**
 * The output of a date/time text that load/coerce.ts let through (isIso8601, or epochToIso's) once
 * read into a date, timestamp or timestamptz column, as the host outputs it under DateStyle ISO and
 * TimeZone UTC — or the host's error for it (SQLSTATE and message), as Postgres's datetime input
 * decides (src/backend/utils/adt/datetime.c): fractions rounded to microseconds as `rint` rounds a
 * double, 24:00:00 and a leap second's :60 rolled into the next day or minute, year 0 out of range,
 * a displacement beyond ±15:59 out of range, a comma before the fraction not read at all. A timestamp
 * drops the displacement, a date the time of day.
 *   ('2024-01-05 10:00:00.123+02', 'timestamptz') → '2024-01-05 08:00:00.123+00'
 *   ('2024-01-05T24:00:00Z', 'timestamp') → '2024-01-06 00:00:00';  ('2024-01-05T24:00Z', 'date') → '2024-01-05'
 *   ('0001-01-01T00:00:00+01', 'timestamptz') → '0001-12-31 23:00:00+00 BC'
 *   ('2024-01-05T24:30:00Z', ...) → 22008 date/time field value out of range: "2024-01-05T24:30:00Z"
 * src/load/iso-datetime.test.ts compares every branch with the host's own input and output.
 */
export function isoDateTimeText(text: string, type: DateTimeType): string {
  const m = ISO.exec(text.trim());
  if (!m || m[7]?.startsWith(','))
    throw new EngineError('22007', `invalid input syntax for type ${TYPE_NAMES[type]}: "${text}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const fraction = m[7] === undefined ? 0 : roundHalfEven(Number(m[7]) * 1_000_000);
  let displacement = 0;
  if (m[8] !== undefined && m[8] !== 'Z') {
    const [hours, minutes] = [Number(m[10]), Number(m[11] ?? 0)];
    if (minutes > 59 || hours * 3600 + minutes * 60 > MAX_DISPLACEMENT_SECONDS)
      throw new EngineError('22009', `time zone displacement out of range: "${text}"`);
    displacement = (m[9] === '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  }
  const outOfRange = () => new EngineError('22008', `date/time field value out of range: "${text}"`);
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw outOfRange();
  if (
    minute > 59 ||
    second > 60 ||
    hour > 24 ||
    (hour === 24 && (minute > 0 || second > 0 || fraction > 0)) ||
    fraction > 1_000_000 ||
    (second === 60 && fraction > 0)
  )
    throw outOfRange();
  if (type === 'date') return civilText(year, month, day);
  const micros =
    BigInt(civilToDays(year, month, day)) * USECS_PER_DAY +
    BigInt(((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction) -
    (type === 'timestamptz' ? BigInt(displacement) * 1_000_000n : 0n);
  return timestampText(micros) + (type === 'timestamptz' ? '+00' : '') + (micros < BC_START ? ' BC' : '');
}

/** Microseconds since 2000-01-01 of 0001-01-01 00:00 (proleptic Gregorian): earlier instants are BC. */
const BC_START = BigInt(civilToDays(1, 1, 1)) * USECS_PER_DAY;

/** `rint` under the default rounding mode: to the nearest integer, ties to even. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest !== 0.5) return rest < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** `YYYY-MM-DD` as Postgres's ISO style writes it: a BC year as its number before Christ (the caller adds " BC"). */
function civilText(year: number, month: number, day: number): string {
  const shown = year <= 0 ? 1 - year : year;
  return `${String(shown).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` of microseconds since 2000-01-01 (trailing zeros of the fraction dropped). */
function timestampText(micros: bigint): string {
  let days = micros / USECS_PER_DAY;
  let rest = micros % USECS_PER_DAY;
  if (rest < 0n) {
    rest += USECS_PER_DAY;
    days -= 1n;
  }
  const { year, month, day } = civilFromDays(Number(days));
  const restNumber = Number(rest);
  const seconds = Math.floor(restNumber / 1_000_000);
  const fraction = restNumber % 1_000_000;
  const time = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  const fractionText = fraction ? '.' + String(fraction).padStart(6, '0').replace(/0+$/, '') : '';
  return `${civilText(year, month, day)} ${time}${fractionText}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
