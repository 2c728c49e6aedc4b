import type { CopyPreview, CopyProgress, CopyResult } from '@dynascope/contract';
import { importOptionsFor, type ImportOptions } from './import-sql';

/** Where an import stands: pick a file → check it (a dry run) → import it, with its upload's and the server's progress. */
export type ImportPhase = 'choosing' | 'checking' | 'checked' | 'importing' | 'done' | 'failed' | 'cancelled';

export interface ImportError {
  readonly message: string;
  /** Postgres's CONTEXT: the line and column (`COPY users, line 3, column age: "x"`). */
  readonly context: string | null;
  readonly hint: string | null;
}

export interface ImportState {
  readonly file: { readonly name: string; readonly size: number } | null;
  /** The file's first line (the header's column names), when read. */
  readonly headerLine: string | null;
  readonly options: ImportOptions;
  readonly phase: ImportPhase;
  /** The run the phase belongs to: an answer for an older one is ignored. */
  readonly run: number;
  /** Bytes of the file sent so far in this phase. */
  readonly sent: number;
  /** The server's last report in this phase: rows read, checked, written, WCU so far (kept when it ends). */
  readonly progress: CopyProgress | null;
  readonly preview: CopyPreview | null;
  readonly result: CopyResult | null;
  readonly error: ImportError | null;
}

export type ImportAction =
  | { readonly type: 'fileChosen'; readonly name: string; readonly size: number }
  | { readonly type: 'headerRead'; readonly line: string | null }
  | { readonly type: 'optionsChanged'; readonly options: Partial<ImportOptions> }
  | { readonly type: 'started'; readonly phase: 'checking' | 'importing' }
  | { readonly type: 'sent'; readonly run: number; readonly bytes: number }
  | { readonly type: 'progress'; readonly run: number; readonly progress: CopyProgress }
  | { readonly type: 'checked'; readonly run: number; readonly preview: CopyPreview }
  | { readonly type: 'imported'; readonly run: number; readonly result: CopyResult }
  | { readonly type: 'failed'; readonly run: number; readonly error: ImportError }
  | { readonly type: 'cancelled'; readonly run: number };

export const initialImport: ImportState = {
  file: null,
  headerLine: null,
  options: importOptionsFor('data.csv'),
  phase: 'choosing',
  run: 0,
  sent: 0,
  progress: null,
  preview: null,
  result: null,
  error: null,
};

const busy = (s: ImportState) => s.phase === 'checking' || s.phase === 'importing';

/** A new file or new options: the last check no longer holds, the file must be checked again. */
const unchecked = (s: ImportState): ImportState => ({
  ...s,
  phase: 'choosing',
  sent: 0,
  progress: null,
  preview: null,
  result: null,
  error: null,
});

/** The import after `action`. Import runs only after a check of the same file and options. */
export function importReducer(s: ImportState, action: ImportAction): ImportState {
  const live = (run: number) => run === s.run && busy(s);
  switch (action.type) {
    case 'fileChosen':
      if (busy(s)) return s;
      return unchecked({
        ...s,
        file: { name: action.name, size: action.size },
        headerLine: null,
        options: importOptionsFor(action.name),
      });
    case 'headerRead':
      return busy(s) ? s : unchecked({ ...s, headerLine: action.line });
    case 'optionsChanged':
      return busy(s) ? s : unchecked({ ...s, options: { ...s.options, ...action.options } });
    case 'started':
      // An import needs a check of this file and these options (a failed or cancelled import may run again).
      if (!s.file || busy(s) || (action.phase === 'importing' && !s.preview)) return s;
      return {
        ...s,
        phase: action.phase,
        run: s.run + 1,
        sent: 0,
        progress: null,
        result: null,
        error: null,
      };
    case 'sent':
      return live(action.run) ? { ...s, sent: action.bytes } : s;
    case 'progress':
      // Once the server reports, the upload is whole (the server answers only then).
      return live(action.run) ? { ...s, progress: action.progress } : s;
    case 'checked':
      return live(action.run) ? { ...s, phase: 'checked', preview: action.preview, sent: s.file!.size } : s;
    case 'imported':
      return live(action.run) ? { ...s, phase: 'done', result: action.result, sent: s.file!.size } : s;
    case 'failed':
      return live(action.run) ? { ...s, phase: 'failed', error: action.error } : s;
    case 'cancelled':
      return live(action.run) ? { ...s, phase: 'cancelled' } : s;
  }
}
