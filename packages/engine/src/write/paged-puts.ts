import { throwIfAborted } from '../errors';
import type { Item } from '../fetch/read-pages';

/** How an INSERT's rows become items, are checked, and are sent (run/run-write.ts gives each). */
export interface PagedPutsSteps<Row> {
  /** The rows, a page at a time, the same rows in the same order each time it is called. */
  readonly pages: () => AsyncIterable<readonly Row[]>;
  /** A row's item; a value DynamoDB cannot hold is thrown here. */
  readonly itemOf: (row: Row) => Item;
  /** Checks a page of items (over 400 KB, a key written twice) and prices them; a refusal is thrown. */
  readonly check: (items: readonly Item[]) => void;
  /** Items a request takes (BatchWriteItem's 25): each send but the last is a multiple of it. */
  readonly batch: number;
  /** Sends a page of items, once every page was checked. */
  readonly send: (items: readonly Item[]) => Promise<void>;
}

/**
 * An INSERT's items made from its rows in two passes over them, holding one page at a time: the
 * first makes and checks every item — so a row that cannot be written fails the statement with
 * nothing written, as when every item was made first — the second makes each page's items again and
 * sends them before it reads the next page (less the last few that fill no request, sent with the
 * next page's: as many requests as when every item was sent at once). Returns the number of items sent.
 *   insert into ft select * from big   (1M rows, pages of ~500)
 *   → pass 1: 2,000 pages made and checked; pass 2: 2,000 pages made and sent, ~500 items held at once,
 *     40,000 BatchWriteItem requests
 *   insert into ft select ... where a row's key is NULL at the last row → 23502, no request sent
 */
export async function pagedPuts<Row>(steps: PagedPutsSteps<Row>, signal?: AbortSignal): Promise<number> {
  for await (const page of steps.pages()) {
    throwIfAborted(signal);
    steps.check(page.map(steps.itemOf));
  }
  let sent = 0;
  let rest: Item[] = [];
  for await (const page of steps.pages()) {
    throwIfAborted(signal);
    const items = [...rest, ...page.map(steps.itemOf)];
    // Whole requests only: the rest goes with the next page, so a page's end adds no request.
    const whole = items.length - (items.length % steps.batch);
    rest = items.slice(whole);
    if (whole) await steps.send(items.slice(0, whole));
    sent += whole;
  }
  if (rest.length) await steps.send(rest);
  return sent + rest.length;
}
