import { throwIfAborted } from '../errors';
import type { Item } from '../fetch/read-pages';

/**
 * How a statement's rows become writes, are checked, and are sent (run/run-write.ts gives each): an
 * INSERT's items, an UPDATE's or DELETE's single-item writes (`W`).
 */
export interface PagedWritesSteps<Row, W = Item> {
  /** The rows, a page at a time, the same rows in the same order each time it is called. */
  readonly pages: () => AsyncIterable<readonly Row[]>;
  /** A row's write; a value DynamoDB cannot hold is thrown here. */
  readonly itemOf: (row: Row) => W;
  /**
   * Checks a page of writes (over 400 KB, a key written twice) and prices them; a refusal is thrown.
   * Absent: no row can be refused once made (a DELETE's), and the rows are read once, to send.
   */
  readonly check?: (items: readonly W[]) => void | Promise<void>;
  /** Writes a request takes (BatchWriteItem's 25; 1 for single-item writes): each send but the last is a multiple of it. */
  readonly batch: number;
  /** Sends a page of writes, once every page was checked. */
  readonly send: (items: readonly W[]) => Promise<void>;
}

/**
 * A statement's writes made from its rows in two passes over them, holding one page at a time: the
 * first makes and checks every item — so a row that cannot be written fails the statement with
 * nothing written, as when every item was made first — the second makes each page's items again and
 * sends them before it reads the next page (less the last few that fill no request, sent with the
 * next page's: as many requests as when every item was sent at once). Returns the number of items sent.
 *   insert into ft select * from big   (1M rows, pages of ~500)
 *   → pass 1: 2,000 pages made and checked; pass 2: 2,000 pages made and sent, ~500 items held at once,
 *     40,000 BatchWriteItem requests
 *   insert into ft select ... where a row's key is NULL at the last row → 23502, no request sent
 *   update ft set n = n + 1   (100k items, their images in the host: write/read-images.ts)
 *   → pass 1: each page's UpdateItem made, its item's size checked; pass 2: made again, sent 16 at once
 */
export async function pagedWrites<Row, W = Item>(
  steps: PagedWritesSteps<Row, W>,
  signal?: AbortSignal,
): Promise<number> {
  if (steps.check) {
    for await (const page of steps.pages()) {
      throwIfAborted(signal);
      await steps.check(page.map(steps.itemOf));
    }
  }
  let sent = 0;
  let rest: W[] = [];
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
