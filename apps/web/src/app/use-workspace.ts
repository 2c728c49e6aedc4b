import { useEffect, useReducer } from 'react';
import { removeResults } from '../state/saved-results';
import { loadWorkspace, saveWorkspace } from '../state/workspace';
import { workspaceReducer } from '../state/workspace-reducer';

/**
 * The workspace (workspace-reducer.ts decides), read from localStorage once and written back on
 * every change; its theme is set on the document.
 */
export function useWorkspace(welcomeSql: string) {
  const [ws, dispatch] = useReducer(workspaceReducer, welcomeSql, (sql) => loadWorkspace(localStorage, sql));
  useEffect(() => {
    try {
      saveWorkspace(localStorage, ws);
    } catch {
      // Storage is full even with half the history: the tabs matter more than kept results.
      removeResults(localStorage, []);
      saveWorkspace(localStorage, ws);
    }
  }, [ws]);
  useEffect(() => {
    document.documentElement.dataset.theme = ws.theme;
  }, [ws.theme]);
  return [ws, dispatch] as const;
}
