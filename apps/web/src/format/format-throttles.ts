/** The throttle counts of a progress report or a statement's result (the contract's optional fields). */
export interface ThrottleCounts {
  readonly throttledRetries?: number;
  readonly throttledWaitMs?: number;
}

/**
 * The running status of a statement DynamoDB throttles, as its progress reports it; null when none was:
 *   { throttledRetries: 7, throttledWaitMs: 2810 } → `throttled — retrying (7), waited 2.8 s`
 */
export function throttleStatus(p: ThrottleCounts): string | null {
  if (!p.throttledRetries) return null;
  return `throttled — retrying (${p.throttledRetries}), waited ${seconds(p.throttledWaitMs ?? 0)}`;
}

/**
 * What a finished statement's result bar says of its throttled requests; null when none was:
 *   { throttledRetries: 3, throttledWaitMs: 412 } → `3 throttled retries (waited 0.4 s)`
 *   { throttledRetries: 1, throttledWaitMs: 60 }  → `1 throttled retry (waited 0.1 s)`
 */
export function throttledRetriesText(s: ThrottleCounts): string | null {
  const n = s.throttledRetries;
  if (!n) return null;
  return `${n} throttled ${n === 1 ? 'retry' : 'retries'} (waited ${seconds(s.throttledWaitMs ?? 0)})`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
