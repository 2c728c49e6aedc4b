import { useCallback, useLayoutEffect, useReducer, useRef } from 'react';
import { ApiError } from '../api/client';
import { failureText } from '../api/failure-text';
import { importReducer, initialImport, type ImportError } from '../copy/import-reducer';
import { importSql, type ImportOptions } from '../copy/import-sql';
import { uploadCopy } from '../copy/upload-copy';

/** Bytes of a file read for its header line. */
const HEADER_BYTES = 64 * 1024;

const errorOf = (e: unknown): ImportError => ({
  ...failureText(e),
  context: e instanceof ApiError ? e.context : null,
});

/**
 * The I/O of an Import into a foreign table (import-reducer.ts decides the state): the file's header
 * line is read for the column list, `check` sends the file as a dry run (the first items as they
 * would be written and the WCU estimate, nothing written), `run` sends it again to be written; both
 * report the upload's progress, and Cancel aborts the request.
 */
export function useImport(table: { readonly schema: string; readonly name: string }) {
  const [state, dispatch] = useReducer(importReducer, initialImport);
  const file = useRef<File | null>(null);
  const live = useRef<AbortController | null>(null);
  const latest = useRef(state);
  useLayoutEffect(() => {
    latest.current = state;
  });

  const choose = useCallback((f: File | null) => {
    if (!f) return;
    file.current = f;
    dispatch({ type: 'fileChosen', name: f.name, size: f.size });
    void f
      .slice(0, HEADER_BYTES)
      .text()
      .then((text) => dispatch({ type: 'headerRead', line: text.split('\n')[0] ?? null }));
  }, []);

  const setOptions = useCallback(
    (options: Partial<ImportOptions>) => dispatch({ type: 'optionsChanged', options }),
    [],
  );

  const send = useCallback(
    async (dryRun: boolean) => {
      const s = latest.current;
      const f = file.current;
      // An import needs a check first (the reducer would not start it either).
      if (!f || live.current || (!dryRun && !s.preview)) return;
      const run = s.run + 1;
      const abort = new AbortController();
      live.current = abort;
      dispatch({ type: 'started', phase: dryRun ? 'checking' : 'importing' });
      const sql = importSql(table, s.options, s.headerLine);
      const onSent = (bytes: number) => dispatch({ type: 'sent', run, bytes });
      try {
        if (dryRun) {
          const preview = await uploadCopy(sql, f, { dryRun: true, signal: abort.signal, onSent });
          dispatch({ type: 'checked', run, preview });
        } else {
          const result = await uploadCopy(sql, f, { signal: abort.signal, onSent });
          dispatch({ type: 'imported', run, result });
        }
      } catch (e) {
        if (abort.signal.aborted) dispatch({ type: 'cancelled', run });
        else dispatch({ type: 'failed', run, error: errorOf(e) });
      } finally {
        live.current = null;
      }
    },
    [table],
  );

  const cancel = useCallback(() => live.current?.abort(), []);

  return {
    state,
    sql: importSql(table, state.options, state.headerLine),
    choose,
    setOptions,
    check: () => void send(true),
    run: () => void send(false),
    cancel,
  };
}
