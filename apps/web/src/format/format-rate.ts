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

/**
 * A read's or a write's throughput limit as the plan panel says it:
 *   { rcuPerSecond: 20, source: 'session', estimatedSeconds: 12.5 }
 *   → `limited to 20 RCU/s (session setting) · about 12.5 s at that rate`
 *   { wcuPerSecond: 2, source: 'table', estimatedSeconds: 5 } → `limited to 2 WCU/s (table option) · about 5 s at that rate`
 */
export function formatRateLimit(
  limit: ({ readonly rcuPerSecond: number } | { readonly wcuPerSecond: number }) & {
    readonly source: 'session' | 'server' | 'table';
    readonly estimatedSeconds: number | null;
  },
): string {
  const rate =
    'rcuPerSecond' in limit
      ? `${formatRcu(limit.rcuPerSecond)} RCU/s`
      : `${formatRcu(limit.wcuPerSecond)} WCU/s`;
  const from = limit.source === 'session' ? 'session setting' : `${limit.source} option`;
  const time = limit.estimatedSeconds === null ? '' : ` · about ${limit.estimatedSeconds} s at that rate`;
  return `limited to ${rate} (${from})${time}`;
}
