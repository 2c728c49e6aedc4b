import { LosslessNumber } from '../api/lossless-json';
import type { Cell } from '../api/wire';

/** A display-only formatter a numeric column can have in the grid. */
export type EpochUnit = 'epoch-s' | 'epoch-ms';

/** Largest |ms| a JavaScript Date holds (±100,000,000 days). */
const MAX_MS = 8_640_000_000_000_000n;

/**
 * A number of seconds or milliseconds since 1970 as a UTC timestamp, exactly (the digits are read
 * as text, never through a double); null when the value is not a number a Date can hold.
 *   (1735823873907, 'epoch-ms') → '2025-01-02 13:17:53.907 UTC'
 *   ('1700000000', 'epoch-s') → '2023-11-14 22:13:20 UTC'; ('1.5', 'epoch-s') → '1970-01-01 00:00:01.5 UTC'
 */
export function formatEpoch(value: Cell, unit: EpochUnit): string | null {
  const text =
    typeof value === 'number' || value instanceof LosslessNumber || typeof value === 'string'
      ? String(value)
      : null;
  const m = text === null ? null : /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const [, sign, whole, fraction = ''] = m;
  // Milliseconds and what is left below them (kept, not rounded away: an exact display).
  const shift = unit === 'epoch-s' ? 3 : 0;
  const digits = fraction.padEnd(shift, '0');
  const ms = BigInt(whole! + digits.slice(0, shift)) * (sign ? -1n : 1n);
  const below = digits.slice(shift).replace(/0+$/, '');
  if (ms > MAX_MS || ms < -MAX_MS || (sign && below)) return null;
  const iso = new Date(Number(ms)).toISOString(); // 2025-01-02T13:17:53.907Z
  const [date, time] = iso.slice(0, -1).split('T') as [string, string];
  const subSecond = (time.slice(9) + below).replace(/0+$/, '');
  return `${date} ${time.slice(0, 8)}${subSecond ? `.${subSecond}` : ''} UTC`;
}
