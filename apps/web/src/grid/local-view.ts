import { formatCount } from '../format/format-cell';

/** What the grid shows of the loaded rows once sorted or filtered in the browser. */
export interface LocalView {
  readonly shown: number;
  readonly loaded: number;
  readonly sorted: boolean;
  readonly filtered: boolean;
  /** Where further rows come from: the Next-page button, a new run (a restored result), or nowhere. */
  readonly more: 'next-page' | 'run-again' | 'none';
}

/**
 * The status line over a sorted or filtered grid, null when it shows the rows as loaded:
 * `showing 12 of 500 loaded rows (sorted/filtered locally; Next page loads more from DynamoDB)`.
 */
export function localViewSummary(v: LocalView): string | null {
  if (!v.sorted && !v.filtered) return null;
  const how = v.sorted && v.filtered ? 'sorted/filtered' : v.sorted ? 'sorted' : 'filtered';
  const tail =
    v.more === 'next-page'
      ? '; Next page loads more from DynamoDB'
      : v.more === 'run-again'
        ? '; only the first page was kept — run again for more'
        : '';
  return `showing ${formatCount(v.shown)} of ${formatCount(v.loaded)} loaded ${v.loaded === 1 ? 'row' : 'rows'} (${how} locally${tail})`;
}
