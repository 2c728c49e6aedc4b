import { EngineError, SqlState } from '../../errors';
import type { ScanPlan } from '../../types';

/**
 * `SET dynascope.max_statement_rcu = <n>`: a statement whose estimated reads exceed it fails before
 * reading anything. Unknown estimates pass with a notice (the guard cannot price them).
 */
export function checkCostGuard(setting: string | null, scans: readonly ScanPlan[], notices: string[]): void {
  if (!setting) return;
  const max = Number(setting);
  if (!Number.isFinite(max) || max < 0) {
    throw new EngineError(
      SqlState.invalidParameterValue,
      `dynascope.max_statement_rcu must be a non-negative number, not "${setting}"`,
    );
  }
  const unknown = scans.filter((s) => s.estimatedRcu === null);
  if (unknown.length)
    notices.push(
      `the read cost of ${unknown.map((s) => s.relation).join(', ')} is unknown; dynascope.max_statement_rcu cannot guard it`,
    );
  // A top-N's key read after its Scan (scan.keyFetch) is part of what the statement reads.
  const total = scans.reduce((n, s) => n + (s.estimatedRcu ?? 0) + (s.keyFetch?.estimatedRcu ?? 0), 0);
  if (total > max) {
    const worst = [...scans].sort((a, b) => (b.estimatedRcu ?? 0) - (a.estimatedRcu ?? 0))[0]!;
    throw new EngineError(
      SqlState.programLimitExceeded,
      `statement would read an estimated ${total} RCU, above dynascope.max_statement_rcu (${max})`,
      {
        detail: `${worst.operation} of ${worst.relation}${worst.index ? ` using ${worst.index}` : ''}: ~${worst.estimatedRcu} RCU${worst.estimatedRcuRange ? ` (${worst.estimatedRcuRange.min}–${worst.estimatedRcuRange.max} as the run decides)` : ''} (${worst.estimateNote})`,
        hint: `add a condition on the key, or allow it: SET dynascope.max_statement_rcu = ${Math.ceil(total)}; (RESET dynascope.max_statement_rcu removes the limit)`,
      },
    );
  }
}
