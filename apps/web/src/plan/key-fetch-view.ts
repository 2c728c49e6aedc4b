import type { WireScan } from '../api/wire';

/**
 * The plan panel's two steps of a top-N read by keys (ScanPlan.keyFetch): the narrow Scan, then the
 * key read of the N kept items, each with its RCU estimate and, after a run, what it consumed.
 */
export interface KeyFetchView {
  /** Step 1, the scan card itself: what the narrow Scan (or Query) reads of every item it reads. */
  readonly scanStep: string;
  /** Step 2's title beside its operation: `up to 10 kept keys` (`the kept key` for a GetItem). */
  readonly title: string;
  readonly operation: 'GetItem' | 'BatchGetItem';
  /** What the key read reads of each item: `all attributes` or the attributes; `, consistent` when it is. */
  readonly projection: string;
  readonly estimatedRcu: number | null;
  /** After a run: what the key read consumed, the items it returned, its requests; null before. */
  readonly actual: { readonly rcu: number; readonly returned: number; readonly requests: number } | null;
  /** After a run where a kept item changed before its key read: the Scan was read again whole. */
  readonly readAgain: string | null;
}

/**
 * The two steps of a scan that reads keys, then fetches; null for any other scan (a plain top-N too).
 *   { operation: 'Scan', projection: ['id', 'ts'], keyFetch: { operation: 'BatchGetItem', maxKeys: 10, estimatedRcu: 5, ... } }, ran
 *   → { scanStep: 'Step 1 · narrow Scan: id, ts of every item it reads; keeps the best 10',
 *       title: 'up to 10 kept keys', projection: 'all attributes', estimatedRcu: 5,
 *       actual: { rcu: 5, returned: 10, requests: 1 }, ... }
 */
export function keyFetchView(
  scan: Pick<WireScan, 'operation' | 'keyFetch' | 'projection' | 'consistentRead'>,
  ran: boolean,
): KeyFetchView | null {
  const f = scan.keyFetch;
  if (!f) return null;
  return {
    // A Query on the table's own key reads by keys too: its items are those its key condition reads.
    scanStep: `Step 1 · narrow ${scan.operation}: ${scan.projection?.join(', ') ?? 'all attributes'} of every item it reads; keeps the best ${f.maxKeys}`,
    title: f.operation === 'GetItem' ? 'the kept key' : `up to ${f.maxKeys} kept keys`,
    operation: f.operation,
    projection: `${f.projection ? f.projection.join(', ') : 'all attributes'}${scan.consistentRead ? ', consistent' : ''}`,
    estimatedRcu: f.estimatedRcu,
    actual: ran ? { rcu: f.consumedRcu ?? 0, returned: f.returnedCount ?? 0, requests: f.requests } : null,
    readAgain:
      ran && f.readScanAgain
        ? 'A kept item changed before its key read: the Scan was read again whole (counted in the Scan above)'
        : null,
  };
}

/**
 * The muted note of a top-N that considered reading keys then fetching and reads whole items
 * (ScanPlan.keyFetchDeclined): why; null where a key read was chosen or never a candidate.
 *   { keyFetchDeclined: { maxKeys: 10, reason: "key read 3 RCU, more than a quarter of the Scan's 8" } }
 *   → "Reads keys then fetches the 10 kept items: not chosen — key read 3 RCU, more than a quarter of the Scan's 8"
 */
export function keyFetchDeclinedNote(scan: Pick<WireScan, 'keyFetchDeclined'>): string | null {
  const d = scan.keyFetchDeclined;
  if (!d) return null;
  const kept = d.maxKeys === 1 ? 'the kept item' : `the ${d.maxKeys} kept items`;
  return `Reads keys then fetches ${kept}: not chosen — ${d.reason}`;
}
