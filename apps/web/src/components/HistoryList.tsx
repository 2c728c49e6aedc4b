import { useEffect, useState } from 'react';
import type { SavedQuery } from '@dynascope/contract';
import { api } from '../api/client';
import type { HistoryEntry } from '../state/workspace';
import { formatDuration, formatRcu } from '../format/format-cell';
import { searchHistory } from '../saved/history-search';
import { useOpenSaved } from '../saved/use-open-saved';
import '../saved/saved-queries.css';
import { pickableProps } from './pickable-props';

function ago(at: number): string {
  const s = Math.round((Date.now() - at) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(at).toLocaleDateString();
}

/** How long typing pauses before the saved queries are read again. */
const SEARCH_PAUSE_MS = 150;

interface HistoryListProps {
  readonly history: readonly HistoryEntry[];
  /** Opens SQL in a new tab. */
  readonly onPick: (sql: string) => void;
  /** Opens SQL in a new tab and runs it (a saved query once its parameters are given). */
  readonly onRun: (sql: string) => void;
}

/**
 * Past runs, newest first; clicking one opens it in the editor. Its search also finds saved queries
 * (by name, description or SQL: saved/history-search.ts), shown first and marked Saved; one with
 * parameters asks for their values, then runs.
 */
export function HistoryList({ history, onPick, onRun }: HistoryListProps) {
  const [search, setSearch] = useState('');
  const [saved, setSaved] = useState<readonly SavedQuery[]>([]);
  const [savedError, setSavedError] = useState<string | null>(null);
  const { open, dialog } = useOpenSaved(onPick, onRun);
  // The saved queries are read again as the search changes (another tab or window may have saved
  // one meanwhile); the matching is local (searchHistory).
  useEffect(() => {
    let live = true;
    const timer = setTimeout(
      () =>
        api.savedQueries().then(
          (q) => live && (setSaved(q), setSavedError(null)),
          (e: Error) => live && setSavedError(`Saved queries are not searched: ${e.message}`),
        ),
      search ? SEARCH_PAUSE_MS : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search]);
  const found = searchHistory(search, history, saved);
  const searching = search.trim() !== '';

  return (
    <div data-testid="history">
      {dialog}
      <label className="history-search">
        <input
          className="saved-search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && search) {
              setSearch('');
              e.stopPropagation();
            }
          }}
          placeholder="Search history and saved queries"
          aria-label="Search history and saved queries"
          spellCheck={false}
          data-testid="history-search"
        />
      </label>
      {savedError && searching ? (
        <div className="tree-empty saved-error" role="alert">
          {savedError}
        </div>
      ) : null}
      {found.saved.length ? <div className="history-section">Saved queries</div> : null}
      {found.saved.map((q) => (
        <div
          key={`saved-${q.name}`}
          className="history-item saved-item"
          {...pickableProps(() => open(q))}
          title={q.params.length ? 'Give its parameters, then run it in a new tab' : 'Open in a new tab'}
          data-testid="history-saved"
        >
          <div className="saved-head">
            <span className="saved-name">{q.name}</span>
            <span className="saved-hit-mark">Saved</span>
          </div>
          {q.description ? <div className="example-desc">{q.description}</div> : null}
          <pre>{q.sql}</pre>
          {q.params.length ? (
            <div className="history-meta">
              <span>
                {q.params.length} {q.params.length === 1 ? 'parameter' : 'parameters'}
              </span>
            </div>
          ) : null}
        </div>
      ))}
      {found.saved.length && found.history.length ? <div className="history-section">History</div> : null}
      {!searching && !history.length ? (
        <div className="tree-empty">Statements you run appear here, kept across reloads.</div>
      ) : searching && !found.history.length && !found.saved.length ? (
        <div className="tree-empty">Nothing in the history or the saved queries holds every word.</div>
      ) : null}
      {found.history.map((h) => (
        <div
          key={h.id}
          className="history-item"
          {...pickableProps(() => onPick(h.sql))}
          title="Open in a new tab"
          data-testid="history-item"
        >
          <pre>{h.sql}</pre>
          <div className="history-meta">
            <span className={h.ok ? 'ok' : h.cancelled ? 'cancelled' : 'err'} data-testid="history-status">
              {h.ok ? '●' : h.cancelled ? '● cancelled' : '● error'}
            </span>
            <span>{ago(h.at)}</span>
            {h.durationMs !== null ? <span>{formatDuration(h.durationMs)}</span> : null}
            {h.consumedRcu !== null ? <span>{formatRcu(h.consumedRcu)} RCU</span> : null}
          </div>
        </div>
      ))}
    </div>
  );
}
