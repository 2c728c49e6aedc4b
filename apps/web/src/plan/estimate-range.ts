import type { WireScan } from '../api/wire';

/**
 * A scan's estimate as the plan panel shows it, with the range when the run decides the read (a
 * join restricts it by the values read from the other relation):
 *   { estimatedRcu: 0.5, estimatedRcuRange: { min: 0, max: 146 } } → { text: '~0.5', range: '0–146', ... }
 * `title` says what the range means; null figures: the estimate is unknown.
 */
export function scanEstimate(
  scan: Pick<WireScan, 'estimatedRcu' | 'estimatedRcuRange' | 'estimateNote'>,
  format: (rcu: number) => string,
): { readonly text: string | null; readonly range: string | null; readonly title: string } {
  const r = scan.estimatedRcuRange;
  return {
    text: scan.estimatedRcu === null ? null : `~${format(scan.estimatedRcu)}`,
    range: r ? `${format(r.min)}–${format(r.max)}` : null,
    title: r
      ? `Between ${format(r.min)} and ${format(r.max)} RCU as the run decides: ${scan.estimateNote}`
      : scan.estimateNote,
  };
}
