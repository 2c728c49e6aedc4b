import type { Cell } from '../api/wire';
import { formatCell } from '../format/format-cell';

/** The filter box's text as matched: `'  Alice '` → `'alice'`; `''` filters nothing. */
export function normalizeFilter(query: string): string {
  return query.trim().toLowerCase();
}

/**
 * Whether a cell contains `needle` (already normalized), case-insensitively, in its full text as
 * the grid and the exports give it: numbers with every digit, JSON compact, bytea as `\x...`.
 * NULL holds no text and never matches; an empty needle matches everything.
 */
export function cellMatches(value: Cell, type: string, needle: string): boolean {
  if (!needle) return true;
  if (value === null) return false;
  return formatCell(value, type).full.toLowerCase().includes(needle);
}
