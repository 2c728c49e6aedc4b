import './saved-queries.css';
import { useCallback, useEffect, useState } from 'react';
import type { SavedQuery, SavedQueryCheck, SavedQueryCheckReport } from '@dynascope/contract';
import { api } from '../api/client';
import { formatRcu } from '../format/format-cell';
import { parameterNumbers } from './saved-query-params';
import { useOpenSaved } from './use-open-saved';

interface SavedQueriesListProps {
  /** The active tab's SQL: what "Save current" saves. */
  readonly currentSql: string;
  /** The active tab's session: the access path saved is the one EXPLAIN plans there. */
  readonly currentSession: string;
  /** Opens SQL in a new tab. */
  readonly onOpen: (sql: string) => void;
  /** Opens SQL in a new tab and runs it (a query with parameters, once their values are given). */
  readonly onRun: (sql: string) => void;
}

/**
 * Saved queries (kept in the catalog: they travel with the data directory): search, open one in a
 * tab with its parameters' examples or, with "Values…", others (saved/SavedQueryOpen.tsx), save the
 * active tab's query with the access path EXPLAIN plans now and an RCU ceiling as what it must stay,
 * and "Check all", which flags each query whose path or estimate regressed, with why.
 */
export function SavedQueriesList({ currentSql, currentSession, onOpen, onRun }: SavedQueriesListProps) {
  const [search, setSearch] = useState('');
  const [queries, setQueries] = useState<readonly SavedQuery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<SavedQueryCheckReport | null>(null);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);

  const reload = useCallback(
    () =>
      api.savedQueries(search).then(
        (q) => (setQueries(q), setError(null)),
        (e: Error) => setError(e.message),
      ),
    [search],
  );
  useEffect(() => void reload(), [reload]);

  const checkAll = async () => {
    setChecking(true);
    try {
      setReport(await api.checkSavedQueries());
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setChecking(false);
    }
  };
  const { open: askValues, dialog } = useOpenSaved(onOpen, onRun);
  /** The name opens the query with its parameters' examples; "Values…" asks for others first. */
  const open = async (q: SavedQuery) => {
    try {
      onOpen(q.params.length ? await api.savedQuerySql(q.name) : q.sql);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const checkOf = (name: string): SavedQueryCheck | undefined => report?.results.find((r) => r.name === name);

  return (
    <div className="saved-queries" data-testid="saved-queries">
      {dialog}
      <div className="saved-tools">
        <input
          className="saved-search"
          placeholder="Search saved queries"
          aria-label="Search saved queries"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button
          className="btn"
          onClick={() => setSaving(true)}
          data-testid="save-current"
          disabled={!currentSql.trim()}
        >
          Save current
        </button>
        <button className="btn" onClick={checkAll} disabled={checking} data-testid="check-all">
          {checking ? 'Checking…' : 'Check all'}
        </button>
      </div>
      {error ? (
        <div className="tree-empty saved-error" role="alert">
          {error}
        </div>
      ) : null}
      {report ? (
        <div className={`saved-summary${report.regressions ? ' bad' : ''}`} data-testid="check-summary">
          {report.checked} checked, {report.regressions} regressed · EXPLAIN sampled{' '}
          {formatRcu(report.samplingRcu)} RCU
        </div>
      ) : null}
      {saving ? (
        <SaveForm
          sql={currentSql}
          session={currentSession}
          onDone={(saved) => {
            setSaving(false);
            if (saved) void reload();
          }}
        />
      ) : null}
      {queries === null ? <div className="tree-empty">Loading saved queries…</div> : null}
      {queries?.length === 0 && !saving ? (
        <div className="tree-empty">
          {search
            ? 'No saved query matches.'
            : 'Save a query with its access path and an RCU ceiling; Check all tells when one regresses.'}
        </div>
      ) : null}
      {queries?.map((q) => {
        const check = checkOf(q.name);
        return (
          <div key={q.name} className="history-item saved-item" data-testid="saved-query">
            <div className="saved-head">
              <button
                className="saved-name"
                onClick={() => void open(q)}
                title={
                  q.params.length ? "Open in a new tab with its parameters' examples" : 'Open in a new tab'
                }
              >
                {q.name}
              </button>
              {q.params.length ? (
                <button
                  className="btn ghost sm"
                  onClick={() => askValues(q)}
                  title="Give its parameters other values, then run it in a new tab"
                  data-testid="saved-values"
                >
                  Values…
                </button>
              ) : null}
              {check ? (
                <span className={check.ok ? 'saved-ok' : 'saved-bad'} data-testid="saved-status">
                  {check.ok ? '● holds' : '● regressed'}
                </span>
              ) : null}
              <button
                className="saved-delete"
                aria-label={`Delete saved query ${q.name}`}
                onClick={() =>
                  void api.deleteSavedQuery(q.name).then(reload, (e: Error) => setError(e.message))
                }
              >
                ×
              </button>
            </div>
            {q.description ? <div className="example-desc">{q.description}</div> : null}
            <pre>{q.sql}</pre>
            <div className="history-meta">
              {(q.expect.paths ?? []).map((p, i) => (
                <span key={i}>
                  {p.operation}
                  {p.index ? ` on ${p.index}` : ''} · {p.relation}
                </span>
              ))}
              {q.expect.maxRcu !== undefined ? <span>≤ {formatRcu(q.expect.maxRcu)} RCU</span> : null}
              {check?.estimatedRcu !== null && check?.estimatedRcu !== undefined ? (
                <span>now ~{formatRcu(check.estimatedRcu)} RCU</span>
              ) : null}
            </div>
            {check?.problems.length ? (
              <ul className="saved-problems" data-testid="saved-problems">
                {check.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** Name, description, the parameters' examples, and what the query must stay. */
function SaveForm({
  sql,
  session,
  onDone,
}: {
  sql: string;
  session: string;
  onDone: (saved: boolean) => void;
}) {
  const numbers = parameterNumbers(sql);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [examples, setExamples] = useState<string[]>(() => numbers.map(() => ''));
  const [keepPath, setKeepPath] = useState(true);
  const [maxRcu, setMaxRcu] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const [created, setCreated] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    try {
      const params = numbers.map((n, i) => ({ name: `$${n}`, example: examples[i] ?? '' }));
      const ceiling = maxRcu ? { maxRcu: Number(maxRcu) } : {};
      const body = { name, description, sql, params, expect: ceiling };
      // Saved first (a second try after a failed EXPLAIN replaces it), then given the path EXPLAIN plans now.
      if (created === null) await api.saveQuery(body);
      else await api.replaceSavedQuery(created, body);
      setCreated(name);
      if (keepPath) {
        const explained = await api.explain(await api.savedQuerySql(name), session);
        if (explained.error)
          throw new Error(`Saved, without its access path: EXPLAIN failed: ${explained.error.message}`);
        const paths = explained.statements.flatMap((s) =>
          (s.plan?.scans ?? []).map((x) => ({
            relation: x.relation,
            operation: x.operation,
            index: x.index,
          })),
        );
        if (paths.length) await api.replaceSavedQuery(name, { ...body, expect: { paths, ...ceiling } });
      }
      onDone(true);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <form
      className="saved-form"
      data-testid="save-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <pre>{sql}</pre>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required data-testid="save-name" />
      </label>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      {numbers.map((n, i) => (
        <label key={n}>
          ${n} example
          <input
            value={examples[i] ?? ''}
            onChange={(e) => setExamples(examples.map((v, j) => (j === i ? e.target.value : v)))}
            aria-label={`$${n} example`}
          />
        </label>
      ))}
      <label className="saved-check">
        <input type="checkbox" checked={keepPath} onChange={(e) => setKeepPath(e.target.checked)} />
        Must keep the access path EXPLAIN plans now
      </label>
      <label>
        RCU ceiling
        <input
          type="number"
          min="0"
          step="any"
          value={maxRcu}
          onChange={(e) => setMaxRcu(e.target.value)}
          placeholder="none"
          data-testid="save-max-rcu"
        />
      </label>
      {error ? (
        <div className="saved-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="saved-form-buttons">
        <button type="button" className="btn" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn primary"
          disabled={busy || !name.trim()}
          data-testid="save-submit"
        >
          Save
        </button>
      </div>
    </form>
  );
}
