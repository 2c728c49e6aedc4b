/** A statement's pages loaded so far, once there is more than the first ("Load next page"). */
export interface LoadedPages {
  readonly count: number;
  /** The RCU of all of them: what the result bar shows. */
  readonly consumedRcu: number;
  /** More rows remain to be loaded. */
  readonly more: boolean;
}

/** What a scan card's actual figures (RCU, items scanned → returned) cover. */
export type ScanFiguresScope = 'actual' | 'so far' | 'first page';

/**
 * The engine counts each scan's RCU and items for the statement's first page only: a later page
 * (`/api/sql/next`) answers with the statement's RCU alone, which the panel's total adds up.
 *   one page, more to read → 'so far';  one page, all read → 'actual';  later pages loaded → 'first page'
 */
export function scanFiguresScope(
  firstPageHasMore: boolean,
  later: LoadedPages | undefined,
): ScanFiguresScope {
  if (later) return 'first page';
  return firstPageHasMore ? 'so far' : 'actual';
}
