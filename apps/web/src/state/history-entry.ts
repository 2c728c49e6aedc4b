import type { WireScriptResult } from '../api/wire';
import type { HistoryEntry } from './workspace';

/**
 * The history entry of a finished run: `sql` is the engine's `redactedSql`; totals come from the
 * statements that ran, the row count from the last; `error` is the SQL error or the transport failure.
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
  return {
    id,
    sql,
    at,
    ok: message === undefined,
    durationMs: stmts.length ? stmts.reduce((a, s) => a + s.durationMs, 0) : null,
    consumedRcu: stmts.length ? stmts.reduce((a, s) => a + s.consumedRcu, 0) : null,
    rowCount: stmts.at(-1)?.rowCount ?? null,
    ...(message === undefined ? {} : { error: message }),
  };
}
