import type { ExportFormat } from './export-sql';

/** An export of a result through `COPY ... TO STDOUT`: what it writes, how far it got, how it ended. */
export interface CopyExport {
  readonly id: string;
  readonly tabId: string;
  readonly format: ExportFormat;
  readonly fileName: string;
  readonly status: 'running' | 'done' | 'failed' | 'cancelled';
  readonly bytes: number;
  /** Data rows written so far (the CSV header is not one). */
  readonly rows: number;
  readonly error: string | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

export type ExportAction =
  | {
      readonly type: 'started';
      readonly id: string;
      readonly tabId: string;
      readonly format: ExportFormat;
      readonly fileName: string;
      readonly at: number;
    }
  | { readonly type: 'progress'; readonly id: string; readonly bytes: number; readonly rows: number }
  | { readonly type: 'finished'; readonly id: string; readonly at: number }
  | { readonly type: 'failed'; readonly id: string; readonly message: string; readonly at: number }
  | { readonly type: 'cancelled'; readonly id: string; readonly at: number }
  | { readonly type: 'dismissed' };

/** Only the export with this id, while it runs: a cancelled export ignores its late chunks. */
const onLive = (e: CopyExport | null, id: string, f: (e: CopyExport) => CopyExport): CopyExport | null =>
  e && e.id === id && e.status === 'running' ? f(e) : e;

/** The last export (null before the first, or once dismissed) after `action`. */
export function exportReducer(state: CopyExport | null, action: ExportAction): CopyExport | null {
  switch (action.type) {
    case 'started':
      // One export at a time: the hook does not start another while one runs.
      return state?.status === 'running'
        ? state
        : {
            id: action.id,
            tabId: action.tabId,
            format: action.format,
            fileName: action.fileName,
            status: 'running',
            bytes: 0,
            rows: 0,
            error: null,
            startedAt: action.at,
            finishedAt: null,
          };
    case 'progress':
      return onLive(state, action.id, (e) => ({ ...e, bytes: action.bytes, rows: action.rows }));
    case 'finished':
      return onLive(state, action.id, (e) => ({ ...e, status: 'done', finishedAt: action.at }));
    case 'failed':
      return onLive(state, action.id, (e) => ({
        ...e,
        status: 'failed',
        error: action.message,
        finishedAt: action.at,
      }));
    case 'cancelled':
      return onLive(state, action.id, (e) => ({ ...e, status: 'cancelled', finishedAt: action.at }));
    case 'dismissed':
      return state?.status === 'running' ? state : null;
  }
}
