import { useCallback, useLayoutEffect, useReducer, useRef } from 'react';
import type { CopyProgress } from '@dynascope/contract';
import { ApiError, api, newRequestId } from '../api/client';
import { failureText } from '../api/failure-text';
import { importReducer, initialImport, type ImportError } from '../copy/import-reducer';
import { importSql, type ImportOptions } from '../copy/import-sql';
import { uploadCopy } from '../copy/upload-copy';

/** Bytes of a file read for its header line. */
const HEADER_BYTES = 64 * 1024;
/** How long a cancel sent to the server may take to be answered before the request is dropped. */
const CANCEL_WAIT_MS = 5000;

/** The request in flight: aborted while the file is sent, cancelled on the server once it answers. */
interface LiveUpload {
  readonly abort: AbortController;
  readonly requestId: string;
  /** The server has read the file and is answering (its progress frames arrive). */
  answering: boolean;
  cancelling: boolean;
}

const errorOf = (e: unknown): ImportError => ({
  ...failureText(e),
  context: e instanceof ApiError ? e.context : null,
});

/**
 * The I/O of an Import into a foreign table (import-reducer.ts decides the state): the file's header
 * line is read for the column list, `check` sends the file as a dry run (the first items as they
 * would be written and the WCU estimate, nothing written), `run` sends it again to be written; both
 * report the upload's progress, then the server's (rows checked, rows written, WCU). Cancel aborts
 * the upload while the file is sent (nothing is written before all of it is checked), and once the
 * server answers cancels it there (`POST /api/sql/cancel`): the writes stop at once, and its last
 * report says how many rows were written. Both run in the editor tab's session (`session`), as its
 * statements do: its SET dynascope.max_wcu_per_second paces the writes, and inside its BEGIN block the
 * rows are held for its COMMIT.
 */
export function useImport(table: { readonly schema: string; readonly name: string }, session: string) {
  const [state, dispatch] = useReducer(importReducer, initialImport);
  const file = useRef<File | null>(null);
  const live = useRef<LiveUpload | null>(null);
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
      const upload: LiveUpload = {
        abort: new AbortController(),
        requestId: newRequestId(),
        answering: false,
        cancelling: false,
      };
      live.current = upload;
      dispatch({ type: 'started', phase: dryRun ? 'checking' : 'importing' });
      const sql = importSql(table, s.options, s.headerLine);
      const options = {
        signal: upload.abort.signal,
        session,
        requestId: upload.requestId,
        onSent: (bytes: number) => dispatch({ type: 'sent', run, bytes }),
        onProgress: (progress: CopyProgress) => {
          upload.answering = true;
          dispatch({ type: 'progress', run, progress });
        },
      };
      try {
        if (dryRun) {
          const preview = await uploadCopy(sql, f, { ...options, dryRun: true });
          dispatch({ type: 'checked', run, preview });
        } else {
          const result = await uploadCopy(sql, f, options);
          dispatch({ type: 'imported', run, result });
        }
      } catch (e) {
        if (upload.cancelling) dispatch({ type: 'cancelled', run });
        else dispatch({ type: 'failed', run, error: errorOf(e) });
      } finally {
        live.current = null;
      }
    },
    [table, session],
  );

  const cancel = useCallback(() => {
    const upload = live.current;
    if (!upload || upload.cancelling) return;
    upload.cancelling = true;
    if (!upload.answering) {
      upload.abort.abort();
      return;
    }
    // The server stops its writes and answers how many it made; drop the request if it cannot.
    const drop = () => upload.abort.abort();
    const timer = setTimeout(drop, CANCEL_WAIT_MS);
    upload.abort.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    api.cancel(upload.requestId).catch(drop);
  }, []);

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
