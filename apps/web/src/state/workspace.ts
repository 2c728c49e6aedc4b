/** Editor tabs, run history and settings, as kept in localStorage across reloads. */
export interface EditorTab {
  readonly id: string;
  readonly title: string;
  readonly sql: string;
}

export interface HistoryEntry {
  readonly id: string;
  readonly sql: string;
  readonly at: number;
  readonly ok: boolean;
  readonly durationMs: number | null;
  readonly consumedRcu: number | null;
  readonly rowCount: number | null;
  readonly error?: string;
  /** Stopped by the user (57014), not failed: `ok` is false, `error` the engine's message. */
  readonly cancelled?: true;
}

export interface Workspace {
  readonly tabs: readonly EditorTab[];
  readonly activeTabId: string;
  readonly history: readonly HistoryEntry[];
  readonly theme: 'light' | 'dark';
  readonly scanRcuThreshold: number;
}

export const WORKSPACE_KEY = 'dynascope.workspace.v1';
export const HISTORY_LIMIT = 200;

/** The minimal storage surface (localStorage satisfies it). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

let counter = 0;
/** A short unique id for tabs and history entries. */
export function newId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export function defaultWorkspace(sql = ''): Workspace {
  const tab = { id: newId('t'), title: 'Query 1', sql };
  return { tabs: [tab], activeTabId: tab.id, history: [], theme: 'light', scanRcuThreshold: 25 };
}

function isTab(x: unknown): x is EditorTab {
  const t = x as EditorTab;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.id === 'string' &&
    typeof t.title === 'string' &&
    typeof t.sql === 'string'
  );
}

function isEntry(x: unknown): x is HistoryEntry {
  const e = x as HistoryEntry;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    typeof e.sql === 'string' &&
    typeof e.at === 'number'
  );
}

/** Reads the workspace, repairing whatever is missing or malformed instead of failing. */
export function loadWorkspace(store: KeyValueStore, fallbackSql = ''): Workspace {
  const base = defaultWorkspace(fallbackSql);
  let raw: unknown;
  try {
    raw = JSON.parse(store.getItem(WORKSPACE_KEY) ?? 'null');
  } catch {
    return base;
  }
  if (typeof raw !== 'object' || raw === null) return base;
  const r = raw as Partial<Record<keyof Workspace, unknown>>;
  const tabs = Array.isArray(r.tabs) ? r.tabs.filter(isTab) : [];
  const history = Array.isArray(r.history) ? r.history.filter(isEntry).slice(0, HISTORY_LIMIT) : [];
  const useTabs = tabs.length ? tabs : base.tabs;
  const active =
    typeof r.activeTabId === 'string' && useTabs.some((t) => t.id === r.activeTabId)
      ? r.activeTabId
      : useTabs[0]!.id;
  return {
    tabs: useTabs,
    activeTabId: active,
    history,
    theme: r.theme === 'dark' ? 'dark' : 'light',
    scanRcuThreshold:
      typeof r.scanRcuThreshold === 'number' && r.scanRcuThreshold >= 0
        ? r.scanRcuThreshold
        : base.scanRcuThreshold,
  };
}

export function saveWorkspace(store: KeyValueStore, ws: Workspace): void {
  try {
    store.setItem(WORKSPACE_KEY, JSON.stringify(ws));
  } catch {
    // Quota exceeded: drop the oldest half of the history and try once more.
    store.setItem(
      WORKSPACE_KEY,
      JSON.stringify({ ...ws, history: ws.history.slice(0, Math.floor(ws.history.length / 2)) }),
    );
  }
}

/** Adds a run to the front of the history, newest first, capped. Its SQL is the engine's `redactedSql`. */
export function addHistory(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [entry, ...history].slice(0, HISTORY_LIMIT);
}

/** The next free "Query N" title. */
export function nextTabTitle(tabs: readonly EditorTab[]): string {
  let n = tabs.length + 1;
  const titles = new Set(tabs.map((t) => t.title));
  while (titles.has(`Query ${n}`)) n++;
  return `Query ${n}`;
}
