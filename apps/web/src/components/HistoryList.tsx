import type { HistoryEntry } from '../state/workspace';
import { formatDuration, formatRcu } from '../format/format-cell';

function ago(at: number): string {
  const s = Math.round((Date.now() - at) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(at).toLocaleDateString();
}

/** Past runs, newest first; clicking one opens it in the editor. */
export function HistoryList({
  history,
  onPick,
}: {
  history: readonly HistoryEntry[];
  onPick: (sql: string) => void;
}) {
  if (!history.length)
    return <div className="tree-empty">Statements you run appear here, kept across reloads.</div>;
  return (
    <div data-testid="history">
      {history.map((h) => (
        <div
          key={h.id}
          className="history-item"
          onClick={() => onPick(h.sql)}
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
