import { jsonNullCells, withJsonNulls } from '@dynascope/contract';
import { parseLosslessJson, stringifyLossless, type JsonValue } from '../api/lossless-json';
import type { WireError, WireStatement } from '../api/wire';
import type { RestoredInfo, RunView } from './run-view';
import { maskSecrets, secretTexts } from '../sql/redactions';
import { newId } from './workspace';

/**
 * The last result of each editor tab, kept in localStorage beside the workspace so that a reload
 * shows it again (marked as restored). One key per tab, so saving one result rewrites only it.
 * Kept: columns, the first page of rows, plan, notices, error — never cursors, and SQL text only
 * as the engine redacted it (`redactedSql`; none when no answer said), with the secrets it found
 * masked wherever else they appear. Sizes are JSON characters, which is what browsers count against
 * their quota (about 5 million per origin).
 */
export const RESULT_KEY_PREFIX = 'dynascope.result.v1.';
/** The most JSON one tab's result may take with its rows; a larger one is kept without them. */
export const RESULT_SIZE_CAP = 2 * 1024 * 1024;
/** The most all tabs' results may take together, leaving room for the tabs and history. */
export const RESULTS_BUDGET = 3 * 1024 * 1024;

/** The storage surface used (localStorage satisfies it). */
export type ResultStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

type Dropped = RestoredInfo['rowsDropped'];

type SavedStatement = Omit<WireStatement, 'cursor'> & {
  /** The statement had a cursor: it returned more rows than the first page kept. */
  readonly morePages: boolean;
};

interface SavedRun {
  readonly v: 1;
  readonly at: number;
  readonly kind: RunView['kind'];
  readonly status: 'done' | 'error' | 'cancelled';
  readonly submitted: string;
  readonly startedAt: number;
  readonly activeIndex: number;
  readonly statements: readonly SavedStatement[];
  readonly error: WireError | null;
  readonly rowsDropped: Dropped;
}

function maskError(e: WireError, mask: (text: string) => string): WireError {
  return {
    ...e,
    message: mask(e.message),
    ...(e.detail === undefined ? {} : { detail: mask(e.detail) }),
    ...(e.hint === undefined ? {} : { hint: mask(e.hint) }),
  };
}

function toSaved(run: RunView & { status: SavedRun['status'] }): SavedRun {
  const secrets = secretTexts(run.submitted, run.redacted?.redactions ?? []);
  const mask = (text: string) => maskSecrets(text, secrets);
  return {
    v: 1,
    at: run.finishedAt ?? run.startedAt,
    kind: run.kind,
    status: run.status,
    submitted: run.redacted?.redactedSql ?? '',
    startedAt: run.startedAt,
    activeIndex: run.activeIndex,
    // stmt is the statement as first answered: its rows are the first page, whatever was loaded since.
    statements: run.statements.map(({ stmt: { cursor, ...stmt } }) => ({
      ...stmt,
      // JSON null is written as null: where it stands is kept beside the rows.
      jsonNulls: jsonNullCells(stmt.rows),
      sql: mask(stmt.sql),
      notices: stmt.notices.map(mask),
      morePages: cursor !== null,
    })),
    error: run.error ? maskError(run.error, mask) : null,
    rowsDropped: null,
  };
}

function withoutRows(saved: SavedRun, rowsDropped: NonNullable<Dropped>): SavedRun {
  return { ...saved, statements: saved.statements.map((s) => ({ ...s, rows: [] })), rowsDropped };
}

function encode(saved: SavedRun): string {
  return stringifyLossless(saved as unknown as JsonValue);
}

/** The JSON kept for a finished run: with its rows when within the cap, else without them. */
function encodeRun(run: RunView & { status: SavedRun['status'] }): string {
  const saved = toSaved(run);
  const text = encode(saved);
  return text.length <= RESULT_SIZE_CAP
    ? text
    : encode(withoutRows(saved, { reason: 'too-large', size: text.length }));
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function isSavedStatement(x: unknown): x is SavedStatement {
  return (
    isObject(x) &&
    typeof x.sql === 'string' &&
    typeof x.command === 'string' &&
    Array.isArray(x.columns) &&
    Array.isArray(x.rows) &&
    x.rows.every(Array.isArray) &&
    Array.isArray(x.notices) &&
    typeof x.consumedRcu === 'number' &&
    typeof x.durationMs === 'number' &&
    typeof x.morePages === 'boolean'
  );
}

function decode(text: string): SavedRun | null {
  let x: unknown;
  try {
    x = parseLosslessJson(text);
  } catch {
    return null;
  }
  const ok =
    isObject(x) &&
    x.v === 1 &&
    typeof x.at === 'number' &&
    typeof x.startedAt === 'number' &&
    typeof x.activeIndex === 'number' &&
    (x.kind === 'run' || x.kind === 'explain') &&
    (x.status === 'done' || x.status === 'error' || x.status === 'cancelled') &&
    typeof x.submitted === 'string' &&
    Array.isArray(x.statements) &&
    x.statements.every(isSavedStatement) &&
    (x.error === null || (isObject(x.error) && typeof x.error.message === 'string')) &&
    (x.rowsDropped === null || isObject(x.rowsDropped));
  return ok ? (x as unknown as SavedRun) : null;
}

function restoredRun(saved: SavedRun): RunView {
  return {
    id: newId('r'),
    requestId: '',
    kind: saved.kind,
    submitted: saved.submitted,
    base: 0,
    redacted: { redactedSql: saved.submitted, redactions: [] },
    status: saved.status,
    progress: null,
    // JSON null was kept as null, and where it stands as the answer's jsonNulls.
    statements: saved.statements.map(({ morePages, ...kept }) => {
      const stmt = { ...kept, rows: withJsonNulls(kept.rows, kept.jsonNulls), cursor: null };
      return {
        stmt,
        rows: stmt.rows,
        cursor: null,
        consumedRcu: stmt.consumedRcu,
        pages: 1,
        loading: false,
        firstPageOnly: morePages,
      };
    }),
    error: saved.error,
    startedAt: saved.startedAt,
    finishedAt: saved.at,
    activeIndex: saved.activeIndex,
    preview: [],
    restored: { at: saved.at, rowsDropped: saved.rowsDropped },
  };
}

function savedKeys(store: ResultStore): string[] {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const k = store.key(i);
    if (k?.startsWith(RESULT_KEY_PREFIX)) keys.push(k);
  }
  return keys;
}

function trySet(store: ResultStore, key: string, text: string): boolean {
  try {
    store.setItem(key, text);
    return true;
  } catch {
    return false; // QuotaExceededError
  }
}

/** Drops the rows of other tabs' results, oldest first, until `size` more fits in `budget`. */
function makeRoom(store: ResultStore, key: string, size: number, budget: number): void {
  const others = savedKeys(store)
    .filter((k) => k !== key)
    .map((k) => ({ k, text: store.getItem(k) ?? '' }));
  let total = size + others.reduce((a, o) => a + o.text.length, 0);
  if (total <= budget) return;
  const oldestFirst = others
    .map((o) => ({ ...o, saved: decode(o.text) }))
    .sort((a, b) => (a.saved?.at ?? 0) - (b.saved?.at ?? 0));
  for (const o of oldestFirst) {
    if (total <= budget) return;
    if (o.saved?.rowsDropped) continue;
    const bare = o.saved ? encode(withoutRows(o.saved, { reason: 'no-room', size: o.text.length })) : '';
    if (bare && trySet(store, o.k, bare)) total -= o.text.length - bare.length;
    else {
      store.removeItem(o.k);
      total -= o.text.length;
    }
  }
}

/**
 * Keeps a finished run as the last result of its tab (a running one is ignored). Older results of
 * other tabs lose their rows first when the budget or the browser's quota is reached; if even then
 * it does not fit, the run is kept without rows. Never throws.
 */
export function saveResult(store: ResultStore, tabId: string, run: RunView, budget = RESULTS_BUDGET): void {
  if (run.status === 'running') return;
  const key = RESULT_KEY_PREFIX + tabId;
  const text = encodeRun({ ...run, status: run.status });
  makeRoom(store, key, text.length, budget);
  if (trySet(store, key, text)) return;
  makeRoom(store, key, text.length, 0);
  if (trySet(store, key, text)) return;
  const saved = decode(text);
  if (!saved || !trySet(store, key, encode(withoutRows(saved, { reason: 'no-room', size: text.length }))))
    store.removeItem(key);
}

/** Removes the saved results of tabs not in `keepTabIds` (closed tabs). */
export function removeResults(store: ResultStore, keepTabIds: readonly string[]): void {
  const keep = new Set(keepTabIds.map((id) => RESULT_KEY_PREFIX + id));
  for (const k of savedKeys(store)) if (!keep.has(k)) store.removeItem(k);
}

/** The saved results of these tabs as runs marked restored; malformed and orphaned entries are removed. */
export function loadResults(store: ResultStore, tabIds: readonly string[]): Record<string, RunView> {
  removeResults(store, tabIds);
  const runs: Record<string, RunView> = {};
  for (const id of tabIds) {
    const text = store.getItem(RESULT_KEY_PREFIX + id);
    if (text === null) continue;
    const saved = decode(text);
    if (saved) runs[id] = restoredRun(saved);
    else store.removeItem(RESULT_KEY_PREFIX + id);
  }
  return runs;
}
