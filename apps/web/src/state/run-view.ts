import type { Cell, WireError, WireProgress, WireStatement } from '../api/wire';
import type { Redacted } from '../sql/redactions';

/** One statement's result as shown, growing as pages load. */
export interface StatementView {
  readonly stmt: WireStatement;
  readonly rows: Cell[][];
  readonly cursor: string | null;
  readonly consumedRcu: number;
  readonly pages: number;
  readonly loading: boolean;
  /** A restored result whose statement had more rows than the first page it kept (no cursor is kept). */
  readonly firstPageOnly: boolean;
}

/** How a run shown after a reload was kept (saved-results.ts). */
export interface RestoredInfo {
  /** When the run finished. */
  readonly at: number;
  /** The rows were not kept: the result was over the size cap, or its room went to newer results. */
  readonly rowsDropped: { readonly reason: 'too-large' | 'no-room'; readonly size: number } | null;
}

/** The last run (or explain) of an editor tab. */
export interface RunView {
  readonly id: string;
  readonly requestId: string;
  readonly kind: 'run' | 'explain';
  /** The SQL sent and where it started in the editor, for error markers. */
  readonly submitted: string;
  readonly base: number;
  /** The engine's answer about the secrets in `submitted`, once it answered (what may be stored). */
  readonly redacted: Redacted | null;
  readonly status: 'running' | 'done' | 'error' | 'cancelled';
  readonly progress: WireProgress | null;
  readonly statements: readonly StatementView[];
  readonly error: WireError | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly activeIndex: number;
  /** Plans from /api/explain fetched before running (the cost guard's input), shown while it runs. */
  readonly preview: readonly (WireStatement | undefined)[];
  /** The WCU each statement's write was estimated at by its write preview (POST /api/preview), by statement; null: not previewed. */
  readonly estimatedWcu?: readonly (number | null)[];
  /** Set when the run was read back from localStorage after a reload; it has no cursors. */
  readonly restored: RestoredInfo | null;
}

export function statementView(stmt: WireStatement): StatementView {
  return {
    stmt,
    rows: stmt.rows,
    cursor: stmt.cursor,
    consumedRcu: stmt.consumedRcu,
    pages: 1,
    loading: false,
    firstPageOnly: false,
  };
}

/** Commands that change the catalog, after which the schema tree reloads. */
export function changesCatalog(command: string): boolean {
  return /^(CREATE|DROP|ALTER|IMPORT)/i.test(command);
}
