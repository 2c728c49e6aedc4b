import { formatRcu } from './format-cell';

/**
 * A running read's rate for its progress line, and its limit when the throughput governor holds one:
 *   { rcuPerSecond: 18.5, maxRcuPerSecond: 25 } → `18.5 / 25 RCU/s`
 *   { rcuPerSecond: 120 }                        → `120 RCU/s`
 *   {}                                           → null (nothing reported yet)
 */
export function formatRate(p: {
  readonly rcuPerSecond?: number;
  readonly maxRcuPerSecond?: number;
}): string | null {
  if (p.rcuPerSecond === undefined) return null;
  const limit = p.maxRcuPerSecond === undefined ? '' : ` / ${formatRcu(p.maxRcuPerSecond)}`;
  return `${formatRcu(p.rcuPerSecond)}${limit} RCU/s`;
}
