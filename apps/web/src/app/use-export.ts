import { useCallback, useLayoutEffect, useReducer, useRef } from 'react';
import { COPY_CONTENT_TYPES } from '@dynascope/contract';
import { api, newRequestId } from '../api/client';
import { failureLine } from '../api/failure-text';
import { exportReducer } from '../copy/export-reducer';
import { exportFileName, exportSql, type ExportFormat } from '../copy/export-sql';
import { countRecords, NO_RECORDS } from '../copy/record-counter';
import { openSaveTarget } from '../copy/save-target';
import { formatCount } from '../format/format-cell';
import { newId } from '../state/workspace';

export interface ExportDeps {
  /** The cost guard on the statement (the export reads its whole result); true to go on. */
  readonly guard: (sql: string, session: string) => Promise<{ readonly ok: boolean }>;
  readonly notify: (text: string) => void;
}

/** How often the progress line is redrawn while bytes arrive. */
const PROGRESS_MS = 100;

/**
 * The I/O of exports (export-reducer.ts decides the state): a result's statement runs again as
 * `COPY ... TO STDOUT` in the tab's session and its bytes stream into a file, counted as they pass;
 * Cancel aborts the request (and cancels it on the server).
 */
export function useExport(input: ExportDeps) {
  const [state, dispatch] = useReducer(exportReducer, null);
  const deps = useRef(input);
  useLayoutEffect(() => {
    deps.current = input;
  });
  const live = useRef<{ id: string; requestId: string; abort: AbortController } | null>(null);

  const start = useCallback(async (tabId: string, statement: string, format: ExportFormat) => {
    if (live.current) return;
    const abort = new AbortController();
    const current = { id: newId('x'), requestId: newRequestId(), abort };
    live.current = current;
    try {
      if (!(await deps.current.guard(statement, tabId)).ok) return;
      const fileName = exportFileName(statement, format, new Date());
      const target = await openSaveTarget(fileName, COPY_CONTENT_TYPES[format]);
      if (!target) return;
      const { id } = current;
      dispatch({ type: 'started', id, tabId, format, fileName, at: Date.now() });
      let bytes = 0;
      let count = NO_RECORDS;
      const rows = () => Math.max(0, count.records - (format === 'csv' ? 1 : 0));
      try {
        const body = await api.copyTo(exportSql(statement, format), current.requestId, abort.signal, tabId);
        const reader = body.getReader();
        let shown = 0;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          await target.write(value);
          bytes += value.byteLength;
          count = countRecords(count, value, format);
          if (Date.now() - shown >= PROGRESS_MS) {
            shown = Date.now();
            dispatch({ type: 'progress', id, bytes, rows: rows() });
          }
        }
        await target.close();
        dispatch({ type: 'progress', id, bytes, rows: rows() });
        dispatch({ type: 'finished', id, at: Date.now() });
        deps.current.notify(`Exported ${formatCount(rows())} rows to ${fileName}`);
      } catch (e) {
        await target.abort().catch(() => undefined);
        if (abort.signal.aborted) return; // cancelled: already shown
        const message = failureLine(e);
        dispatch({ type: 'failed', id, message, at: Date.now() });
        deps.current.notify(`Export failed: ${message}`);
      }
    } finally {
      if (live.current === current) live.current = null;
    }
  }, []);

  const cancel = useCallback(() => {
    const current = live.current;
    if (!current) return;
    current.abort.abort();
    void api
      .cancel(current.requestId)
      .catch((e: unknown) => deps.current.notify(`Cancel failed: ${failureLine(e)}`));
    dispatch({ type: 'cancelled', id: current.id, at: Date.now() });
  }, []);

  const dismiss = useCallback(() => dispatch({ type: 'dismissed' }), []);

  return { state, start, cancel, dismiss };
}
