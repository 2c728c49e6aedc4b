import { redactText, type SentSecrets } from '../sql/redactions';
import { addHistory, nextTabTitle, type EditorTab, type HistoryEntry, type Workspace } from './workspace';

/** What can happen to the workspace: its tabs, history, theme and cost-guard threshold. Ids come with the action. */
export type WorkspaceAction =
  | { readonly type: 'tab-opened'; readonly id: string; readonly sql: string }
  | { readonly type: 'tab-closed'; readonly id: string; readonly freshId: string }
  | { readonly type: 'tab-selected'; readonly id: string }
  | { readonly type: 'tab-renamed'; readonly id: string; readonly title: string }
  | { readonly type: 'tab-edited'; readonly id: string; readonly sql: string }
  | { readonly type: 'tab-redacted'; readonly id: string; readonly sent: SentSecrets }
  /** The tab's text replaced under a new id (`freshId`: the uncontrolled editor remounts with it). */
  | { readonly type: 'tab-replaced'; readonly id: string; readonly freshId: string; readonly sql: string }
  | { readonly type: 'run-recorded'; readonly entry: HistoryEntry }
  | { readonly type: 'theme-toggled' }
  | { readonly type: 'threshold-set'; readonly rcu: number };

const mapTab = (ws: Workspace, id: string, f: (t: EditorTab) => EditorTab): Workspace => ({
  ...ws,
  tabs: ws.tabs.map((t) => (t.id === id ? f(t) : t)),
});

/** The workspace after `action`. Closing the last tab leaves a fresh empty one (`freshId`). */
export function workspaceReducer(ws: Workspace, action: WorkspaceAction): Workspace {
  switch (action.type) {
    case 'tab-opened': {
      const tab = { id: action.id, title: nextTabTitle(ws.tabs), sql: action.sql };
      return { ...ws, tabs: [...ws.tabs, tab], activeTabId: tab.id };
    }
    case 'tab-closed': {
      const i = ws.tabs.findIndex((t) => t.id === action.id);
      if (i < 0) return ws;
      if (ws.tabs.length === 1) {
        // A fresh tab (new id) remounts the uncontrolled editor empty.
        const fresh = { id: action.freshId, title: 'Query 1', sql: '' };
        return { ...ws, tabs: [fresh], activeTabId: fresh.id };
      }
      const tabs = ws.tabs.filter((t) => t.id !== action.id);
      const activeTabId = ws.activeTabId === action.id ? tabs[Math.max(0, i - 1)]!.id : ws.activeTabId;
      return { ...ws, tabs, activeTabId };
    }
    case 'tab-selected':
      return ws.tabs.some((t) => t.id === action.id) ? { ...ws, activeTabId: action.id } : ws;
    case 'tab-renamed':
      return mapTab(ws, action.id, (t) => ({ ...t, title: action.title }));
    case 'tab-edited':
      return mapTab(ws, action.id, (t) => ({ ...t, sql: action.sql }));
    case 'tab-redacted':
      return mapTab(ws, action.id, (t) => ({ ...t, sql: redactText(t.sql, action.sent) }));
    case 'tab-replaced': {
      if (!ws.tabs.some((t) => t.id === action.id)) return ws;
      const replaced = mapTab(ws, action.id, (t) => ({ ...t, id: action.freshId, sql: action.sql }));
      return ws.activeTabId === action.id ? { ...replaced, activeTabId: action.freshId } : replaced;
    }
    case 'run-recorded':
      return { ...ws, history: addHistory(ws.history, action.entry) };
    case 'theme-toggled':
      return { ...ws, theme: ws.theme === 'dark' ? 'light' : 'dark' };
    case 'threshold-set':
      return { ...ws, scanRcuThreshold: action.rcu };
  }
}
