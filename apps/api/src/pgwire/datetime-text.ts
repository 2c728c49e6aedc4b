import { binaryUnsupported } from './binary-unsupported';
import { civilToDays } from '@dynascope/engine';

/** A date or timestamp as Postgres printed it, in numbers: days from 2000-01-01, microseconds into the day, zone. */
export type DateTimeParts =
  | { readonly kind: 'infinity' | '-infinity' }
  | {
      readonly kind: 'finite';
      readonly days: number;
      readonly micros: bigint;
      /** Seconds east of UTC the text's zone says; null when it has none (date, timestamp). */
      readonly offset: number | null;
    };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CLOCK = String.raw`(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?`;
const ISO = new RegExp(String.raw`^(\d{4,})-(\d\d)-(\d\d)(?: ${CLOCK}([+-]\d\d(?::\d\d){0,2})?)?$`);
// SQL (`/`), German (`.`) and Postgres date-only (`-`) put the year last; the zone is an abbreviation.
const YEAR_LAST = new RegExp(String.raw`^(\d\d)([/.-])(\d\d)\2(\d{4,})(?: ${CLOCK}(?: (\S*))?)?$`);
const POSTGRES = new RegExp(
  String.raw`^[A-Z][a-z]{2} (?:([A-Z][a-z]{2}) (\d\d)|(\d\d) ([A-Z][a-z]{2})) ${CLOCK} (\d{4,})(?: (\S*))?$`,
);

/**
 * A date, timestamp or timestamptz in any DateStyle → its parts. `dayFirst` is the DateStyle's
 * DMY order (SQL and Postgres dates print `dd/mm` then; German always does); undefined when
 * unknown, and then `01/02/2000` is refused rather than guessed.
 *   ('0044-03-15 BC') → { kind: 'finite', days: -746117, micros: 0n, offset: null }
 *   ('15.03.2000 12:00:00 UTC') → { …, days: 74, micros: 43200000000n, offset: 0 }
 *   ('Wed Mar 15 12:00:00.5 2000 +0530') → { …, days: 74, micros: 43200500000n, offset: 19800 }
 */
export function dateTimeParts(text: string, oid: number, dayFirst?: boolean): DateTimeParts {
  if (text === 'infinity' || text === '-infinity') return { kind: text };
  const bc = text.endsWith(' BC');
  const body = bc ? text.slice(0, -3) : text;
  const fail = (why: string) => binaryUnsupported(oid, `cannot read ${JSON.stringify(text)}: ${why}`);
  let ymd: [string, number, string];
  let clock: (string | undefined)[];
  let zone: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = ISO.exec(body))) {
    ymd = [m[1]!, Number(m[2]), m[3]!];
    clock = m.slice(4, 8);
    zone = m[8];
  } else if ((m = YEAR_LAST.exec(body))) {
    const first = m[2] === '.' ? true : dayFirst;
    if (first === undefined) throw fail("the session's DateStyle order (MDY or DMY) is unknown");
    ymd = first ? [m[4]!, Number(m[3]), m[1]!] : [m[4]!, Number(m[1]), m[3]!];
    clock = m.slice(5, 9);
    zone = m[9];
  } else if ((m = POSTGRES.exec(body))) {
    ymd = [m[9]!, MONTHS.indexOf(m[1] ?? m[4]!) + 1, m[2] ?? m[3]!];
    clock = m.slice(5, 9);
    zone = m[10];
  } else throw fail('not a date or time Postgres prints');
  const year = Number(ymd[0]);
  const days = civilToDays(bc ? 1 - year : year, ymd[1], Number(ymd[2]));
  const [h = '0', mi = '0', s = '0', fraction = ''] = clock;
  const seconds = Number(h) * 3600 + Number(mi) * 60 + Number(s);
  const micros = BigInt(seconds) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
  return { kind: 'finite', days, micros, offset: zone === undefined ? null : zoneOffset(zone, fail) };
}

/**
 * A printed zone → seconds east of UTC: ISO's `+05:30`, an abbreviation that is an offset
 * (`+0545`, `-03`) or UTC/GMT. A named one (`CET`, `IST`, `LMT`) could be any of several
 * offsets, so it is refused rather than guessed.
 */
function zoneOffset(zone: string, fail: (why: string) => Error): number {
  if (zone === 'UTC' || zone === 'GMT' || zone === 'UCT') return 0;
  const m = /^([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?$/.exec(zone);
  if (!m) throw fail(`the zone abbreviation ${JSON.stringify(zone)} does not say its offset from UTC`);
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -seconds : seconds;
}

/**
 * Whether a DateStyle setting, as ParameterStatus reports it (style, then order), prints dates day first:
 *   'SQL, DMY' → true; 'Postgres, MDY' → false; undefined → undefined (unknown)
 */
export function dateOrderDayFirst(dateStyle: string | undefined): boolean | undefined {
  if (dateStyle === undefined) return undefined;
  if (/\bDMY\b/i.test(dateStyle)) return true;
  if (/\b(MDY|YMD)\b/i.test(dateStyle)) return false;
  return undefined;
}
