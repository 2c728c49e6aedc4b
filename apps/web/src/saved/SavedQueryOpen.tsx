import { useState } from 'react';
import type { SavedQuery } from '@dynascope/contract';
import { api } from '../api/client';
import { Modal } from '../components/Modal';
import { canonicalType, paramValues } from './param-values';

interface SavedQueryOpenProps {
  readonly query: SavedQuery;
  /** Opens the SQL in a new tab and runs it. */
  readonly onRun: (sql: string) => void;
  /** Opens the SQL in a new tab without running it. */
  readonly onOpen: (sql: string) => void;
  readonly onClose: () => void;
}

/**
 * A saved query's parameters before it opens: each one's name and type, its example as the
 * placeholder (an empty field runs with it), the value checked as the grid's editors check a cell
 * of that type. The SQL comes from `POST /api/saved-queries/:name/sql` with the values, so the
 * engine quotes and casts them. Enter runs it in a new tab, Esc cancels; the API's errors show here.
 */
export function SavedQueryOpen({ query, onRun, onOpen, onClose }: SavedQueryOpenProps) {
  const [texts, setTexts] = useState<string[]>(() => query.params.map(() => ''));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const checked = paramValues(query.params, texts);

  const go = async (then: (sql: string) => void) => {
    if (!checked.ok || busy) return;
    setBusy(true);
    try {
      const sql = await api.savedQuerySql(query.name, [...checked.values]);
      onClose();
      then(sql);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <Modal
      title={query.name}
      subtitle={query.description || 'Run the saved query with these values (empty: the example).'}
      label={`Open saved query ${query.name}`}
      size="mid"
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            className="btn"
            onClick={() => void go(onOpen)}
            disabled={!checked.ok || busy}
            data-testid="saved-params-open"
            title="Open the SQL with these values in a new tab, without running it"
          >
            Open
          </button>
          <button
            className="btn primary"
            onClick={() => void go(onRun)}
            disabled={!checked.ok || busy}
            data-testid="saved-params-run"
          >
            Run
          </button>
        </>
      }
    >
      <form
        className="dialog-body saved-params"
        data-testid="saved-params"
        onSubmit={(e) => {
          e.preventDefault();
          void go(onRun);
        }}
      >
        <pre className="saved-params-sql">{query.sql}</pre>
        {query.params.map((p, i) => {
          const bad = checked.ok ? null : checked.errors[i];
          return (
            <label key={i} className={`saved-param${bad ? ' bad' : ''}`}>
              <span className="saved-param-head">
                <span className="saved-param-name">${i + 1}</span>
                {p.name !== `$${i + 1}` ? <span>{p.name}</span> : null}
                <span className="saved-param-type">{canonicalType(p.type)}</span>
              </span>
              <input
                value={texts[i] ?? ''}
                placeholder={p.example}
                autoFocus={i === 0}
                spellCheck={false}
                aria-label={`$${i + 1} value`}
                aria-invalid={bad ? true : undefined}
                data-testid="saved-param"
                onChange={(e) => setTexts(texts.map((v, j) => (j === i ? e.target.value : v)))}
              />
              {bad ? <span className="saved-param-error">{problemText(bad)}</span> : null}
            </label>
          );
        })}
        {error ? (
          <div className="saved-error" role="alert" data-testid="saved-params-error">
            {error}
          </div>
        ) : null}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

/** An editor's check as a sentence: `a whole number (integer)` → `Expected a whole number (integer)`. */
function problemText(error: string): string {
  return error.startsWith('out of range') ? `Out${error.slice(3)}` : `Expected ${error}`;
}
