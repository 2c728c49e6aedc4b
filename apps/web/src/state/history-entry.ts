import type { WireScriptResult } from '../api/wire';
import { isCancellation } from '../run/cancellation';
import type { HistoryEntry } from './workspace';

/**
 * The history entry of a finished run: `sql` is the engine's `redactedSql`; totals come from the
 * statements that ran (and what a cancelled one had read), the row count from the last; `error` is the
 * SQL error or the transport failure; a cancel is `cancelled`, not an error.
 */
export function historyEntry(
  id: string,
  at: number,
  sql: string,
  result: WireScriptResult | null,
  error?: string,
): HistoryEntry {
  const stmts = result?.statements ?? [];
  const message = result?.error?.message ?? (error || undefined);
  const cancelled = isCancellation(result?.error);
  const stoppedRcu = cancelled ? (result?.error?.consumedRcu ?? null) : null;
  const ranRcu = stmts.length ? stmts.reduce((a, s) => a + s.consumedRcu, 0) : null;
  return {
    id,
    sql,
    at,
    ok: message === undefined,
    durationMs: stmts.length ? stmts.reduce((a, s) => a + s.durationMs, 0) : null,
    consumedRcu: stoppedRcu === null ? ranRcu : (ranRcu ?? 0) + stoppedRcu,
    rowCount: stmts.at(-1)?.rowCount ?? null,
    ...(message === undefined ? {} : { error: message }),
    ...(cancelled ? { cancelled: true as const } : {}),
  };
}
