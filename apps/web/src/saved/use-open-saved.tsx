import { useState } from 'react';
import type { SavedQuery } from '@dynascope/contract';
import { SavedQueryOpen } from './SavedQueryOpen';

/**
 * Opening a saved query from a list (Saved, History's search): one without parameters opens in a
 * new tab as it is; one with parameters asks for their values first (SavedQueryOpen), then runs.
 */
export function useOpenSaved(onOpen: (sql: string) => void, onRun: (sql: string) => void) {
  const [opening, setOpening] = useState<SavedQuery | null>(null);
  const open = (q: SavedQuery) => (q.params.length ? setOpening(q) : onOpen(q.sql));
  const dialog = opening ? (
    <SavedQueryOpen query={opening} onOpen={onOpen} onRun={onRun} onClose={() => setOpening(null)} />
  ) : null;
  return { open, dialog };
}
