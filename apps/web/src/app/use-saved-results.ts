import { useEffect, useRef } from 'react';
import type { RunView } from '../state/run-view';
import { removeResults, saveResult } from '../state/saved-results';

/**
 * Keeps the last finished run of each open editor tab in localStorage (saved-results.ts), once
 * per run, and forgets the results of closed tabs. Restored runs are already stored as they are.
 */
export function useSavedResults(runs: Readonly<Record<string, RunView>>, tabIds: readonly string[]): void {
  const saved = useRef(new Map<string, string>());
  // The ids as one string: the tabs array changes on every keystroke, its ids rarely.
  const ids = tabIds.join('\n');
  useEffect(() => {
    const open = new Set(ids.split('\n'));
    for (const [tabId, run] of Object.entries(runs)) {
      if (!open.has(tabId) || run.status === 'running' || run.restored) continue;
      const mark = `${run.id}:${run.status}`;
      if (saved.current.get(tabId) === mark) continue;
      saved.current.set(tabId, mark);
      saveResult(localStorage, tabId, run);
    }
  }, [runs, ids]);
  useEffect(() => removeResults(localStorage, ids.split('\n')), [ids]);
}
