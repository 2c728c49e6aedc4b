/** The ISO 8601 texts a date/time column reads from an item's S, and the only ones it is written as (write-value.ts). */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** `2024-02-30` is not a date; `2024-01-05T10:00:00Z` and `2024-01-05 10:00:00.123+02` are. */
export function isIso8601(s: string): boolean {
  const m = ISO.exec(s.trim());
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > days) return false;
  if (m[4] !== undefined && (Number(m[4]) > 24 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 60)) return false;
  return true;
}
