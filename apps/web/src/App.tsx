import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor';
import { api, ApiError, newRequestId } from './api/client';
import type { CatalogSnapshot, CatalogTable, ExampleSnippet, SampledAttribute, WireScriptResult } from './api/wire';
import { stringifyLossless, type JsonValue } from './api/lossless-json';
import { registerSqlCompletion } from './editor/completion-provider';
import { EditorBridge } from './editor/editor-bridge';
import { rowToTsv } from './export/to-json';
import { formatCell } from './format/format-cell';
import type { GuardDecision } from './guard/cost-guard';
import { qualifiedName } from './sql/identifiers';
import { redactedOf, redactText } from './sql/redactions';
import { relationsInScope } from './completion/tables-in-scope';
import { changesCatalog } from './state/run-view';
import { addHistory, loadWorkspace, newId, nextTabTitle, saveWorkspace, type Workspace } from './state/workspace';
import { loadResults, removeResults } from './state/saved-results';
import { useRunner } from './app/use-runner';
import { useSavedResults } from './app/use-saved-results';
import { CellMenu } from './components/CellMenu';
import { CostGuardDialog } from './components/CostGuardDialog';
import { EditorTabs } from './components/EditorTabs';
import { Designer } from './components/Designer';
import { ExamplesList } from './components/ExamplesList';
import { HistoryList } from './components/HistoryList';
import { Icon } from './components/Icon';
import { JsonViewer } from './components/JsonViewer';
import { PlanPanel } from './components/PlanPanel';
import { ResultsPane } from './components/ResultsPane';
import { SchemaTree } from './components/SchemaTree';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { TopBar } from './components/TopBar';
import { SqlEditor } from './components/SqlEditor';

const WELCOME = `-- Welcome to Dynascope: Postgres SQL over DynamoDB.
-- Ctrl+Enter runs the statement under the cursor, Shift+Enter runs them all,
-- Ctrl+E explains it without reading a single item. More in Examples, on the left.

-- A point lookup: the partition key is fixed, so DynamoDB reads one item.
select user_id, name, email, country, lifetime_value
from users
where user_id = 'u0001';

-- kind is not a key: a full Scan. The filter is pushed, but a Scan still reads every item.
select kind, count(*) as events
from events
where kind in ('error', 'warn')
group by kind;
`;

interface GuardPrompt {
  readonly decision: GuardDecision;
  readonly resolve: (ok: boolean) => void;
}

interface CellMenuState {
  readonly x: number;
  readonly y: number;
  readonly stmt: number;
  readonly row: number;
  readonly col: number;
}

export function App() {
  const [ws, setWs] = useState<Workspace>(() => loadWorkspace(localStorage, WELCOME));
  const [restoredRuns] = useState(() => loadResults(localStorage, ws.tabs.map((t) => t.id)));
  const [catalog, setCatalog] = useState<CatalogSnapshot | null>(null);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const [sideTab, setSideTab] = useState<'schema' | 'history' | 'examples'>('schema');
  const [examples, setExamples] = useState<ExampleSnippet[] | null>(null);
  const [guard, setGuard] = useState<GuardPrompt | null>(null);
  const [designer, setDesigner] = useState(false);
  const [help, setHelp] = useState(false);
  const [json, setJson] = useState<{ title: string; value: JsonValue } | null>(null);
  const [menu, setMenu] = useState<CellMenuState | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const [editorFraction, setEditorFraction] = useState(0.4);
  const [online, setOnline] = useState(true);

  const monacoRef = useRef<typeof Monaco | null>(null);
  const bridge = useRef(new EditorBridge()).current;
  const catalogRef = useRef<CatalogSnapshot | null>(null);
  catalogRef.current = catalog;
  const attrCache = useRef(new Map<string, readonly SampledAttribute[]>());
  const wsRef = useRef(ws);
  wsRef.current = ws;
  const mainRef = useRef<HTMLDivElement>(null);

  const activeTab = ws.tabs.find((t) => t.id === ws.activeTabId) ?? ws.tabs[0]!;

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

  const toggleTheme = useCallback(() => setWs((w) => ({ ...w, theme: w.theme === 'dark' ? 'light' : 'dark' })), []);

  const notify = useCallback((text: string) => {
    setToast(text);
    setTimeout(() => setToast((t) => (t === text ? null : t)), 2200);
  }, []);

  const loadCatalog = useCallback(() => {
    api
      .catalog()
      .then((c) => {
        setCatalog(c);
        setCatalogError(null);
        setOnline(true);
      })
      .catch((e: Error) => {
        setCatalogError(e instanceof ApiError && e.status === 401 ? 'not signed in — open the URL printed by the server' : e.message);
        setOnline(false);
      });
  }, []);
  useEffect(loadCatalog, [loadCatalog]);
  useEffect(() => {
    api
      .examples()
      .then((r) => setExamples(Array.isArray(r) ? r : r.examples))
      .catch(() => setExamples([]));
  }, []);

  const setTabSql = (sql: string) => setWs((w) => ({ ...w, tabs: w.tabs.map((t) => (t.id === w.activeTabId ? { ...t, sql } : t)) }));

  const openTab = useCallback((sql: string) => {
    setWs((w) => {
      const tab = { id: newId('t'), title: nextTabTitle(w.tabs), sql };
      return { ...w, tabs: [...w.tabs, tab], activeTabId: tab.id };
    });
  }, []);

  const closeTab = useCallback((id: string) => {
    setWs((w) => {
      if (w.tabs.length === 1) {
        // A fresh tab (new id) remounts the uncontrolled editor empty.
        const fresh = { id: newId('t'), title: 'Query 1', sql: '' };
        return { ...w, tabs: [fresh], activeTabId: fresh.id };
      }
      const i = w.tabs.findIndex((t) => t.id === id);
      const tabs = w.tabs.filter((t) => t.id !== id);
      const activeTabId = w.activeTabId === id ? tabs[Math.max(0, i - 1)]!.id : w.activeTabId;
      return { ...w, tabs, activeTabId };
    });
  }, []);

  /** Keeps a run in the history as the engine redacted it; without its answer there is no text to keep. */
  const recordHistory = useCallback((sql: string | null, result: WireScriptResult | null, error?: string) => {
    if (sql === null) return;
    const stmts = result?.statements ?? [];
    setWs((w) => ({
      ...w,
      history: addHistory(w.history, {
        id: newId('h'),
        sql,
        at: Date.now(),
        ok: !result?.error && !error,
        durationMs: stmts.length ? stmts.reduce((a, s) => a + s.durationMs, 0) : null,
        consumedRcu: stmts.length ? stmts.reduce((a, s) => a + s.consumedRcu, 0) : null,
        rowCount: stmts.at(-1)?.rowCount ?? null,
        ...(result?.error ? { error: result.error.message } : error ? { error } : {}),
      }),
    }));
  }, []);

  const { runs, updateRun, execute, cancel, nextPage, exportResult, exporting } = useRunner({
    bridge,
    activeTabId: () => wsRef.current.activeTabId,
    threshold: () => wsRef.current.scanRcuThreshold,
    confirm: (decision) => new Promise<boolean>((resolve) => setGuard({ decision, resolve })).finally(() => setGuard(null)),
    onFinished: (sql, result, error) => {
      recordHistory(sql, result, error);
      if (result?.statements.some((st) => changesCatalog(st.command))) loadCatalog();
    },
    notify,
    onSecretsSent: (tabId, sent, stored) => {
      // The open editor gets an undoable edit (its change event saves the tab); a tab switched
      // away from while the statement ran has only its saved text.
      const saved = wsRef.current.tabs.find((t) => t.id === tabId)?.sql ?? '';
      const replaced = wsRef.current.activeTabId === tabId ? bridge.redactSecrets(sent) > 0 : redactText(saved, sent) !== saved;
      if (!replaced) return;
      if (wsRef.current.activeTabId !== tabId) setWs((w) => ({ ...w, tabs: w.tabs.map((t) => (t.id === tabId ? { ...t, sql: redactText(t.sql, sent) } : t)) }));
      notify(stored ? 'The secret is in the vault now; it was removed from the editor' : 'The secret was removed from the editor (Ctrl+Z brings it back)');
    },
    initialRuns: restoredRuns,
  });
  useSavedResults(runs, ws.tabs.map((t) => t.id));
  const runsRef = useRef(runs);
  runsRef.current = runs;
  const run = runs[activeTab.id] ?? null;
  const running = run?.status === 'running';

  const copy = useCallback(
    (text: string, what: string) => {
      void navigator.clipboard.writeText(text).then(
        () => notify(`${what} copied`),
        () => notify('Clipboard unavailable'),
      );
    },
    [notify],
  );

  const cellAt = (stmt: number, row: number, col: number) => {
    const sv = runsRef.current[wsRef.current.activeTabId]?.statements[stmt];
    if (!sv) return null;
    return { sv, value: sv.rows[row]?.[col] ?? null, column: sv.stmt.columns[col]! };
  };

  const copyCell = (stmt: number, row: number, col: number) => {
    const c = cellAt(stmt, row, col);
    if (!c) return;
    const f = formatCell(c.value, c.column.type);
    copy(f.kind === 'null' ? '' : f.full, 'Value');
  };

  const cellAction = (action: 'copy-value' | 'copy-row' | 'copy-row-json' | 'open-json', m: CellMenuState) => {
    const c = cellAt(m.stmt, m.row, m.col);
    if (!c) return;
    const row = c.sv.rows[m.row] ?? [];
    if (action === 'copy-value') copyCell(m.stmt, m.row, m.col);
    else if (action === 'copy-row') copy(rowToTsv(c.sv.stmt.columns, row), 'Row');
    else if (action === 'copy-row-json') {
      const obj: Record<string, JsonValue> = {};
      c.sv.stmt.columns.forEach((col, i) => (obj[col.name] = row[i] ?? null));
      copy(stringifyLossless(obj, 2), 'Row');
    } else if (c.value !== null) setJson({ title: `${c.column.name} · row ${m.row + 1}`, value: c.value });
  };

  const runSqlForDesigner = useCallback(
    async (sql: string) => {
      const result = await api.sql(sql, newRequestId());
      recordHistory(redactedOf(result)?.redactedSql ?? null, result);
      return result;
    },
    [recordHistory],
  );

  const queryTable = (t: CatalogTable) => openTab(`select *\nfrom ${qualifiedName(t.schema, t.name)}\nlimit 100;\n`);

  // Keyboard shortcuts outside the editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      const inEditor = (e.target as HTMLElement | null)?.closest?.('.monaco-editor');
      if (e.key === 'Escape' && runsRef.current[wsRef.current.activeTabId]?.status === 'running') {
        cancel();
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const k = e.code;
        if (k === 'KeyT') openTab('');
        else if (k === 'KeyW') closeTab(wsRef.current.activeTabId);
        else if (k === 'KeyD') setDesigner(true);
        else if (k === 'KeyL') toggleTheme();
        else if (/^Digit[1-9]$/.test(k)) {
          const tab = wsRef.current.tabs[Number(k.slice(5)) - 1];
          if (tab) setWs((w) => ({ ...w, activeTabId: tab.id }));
        } else return;
        e.preventDefault();
        return;
      }
      if (inEditor || inField) return;
      if (e.key === '?') {
        setHelp(true);
        e.preventDefault();
      } else if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        void execute('current');
        e.preventDefault();
      } else if (e.shiftKey && e.key === 'Enter') {
        void execute('all');
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cancel, closeTab, execute, openTab, toggleTheme]);

  const commands = useMemo(
    () => ({
      runCurrent: () => void execute('current'),
      runAll: () => void execute('all'),
      explain: () => void execute('explain'),
    }),
    [execute],
  );

  const onEditorReady = useCallback((editor: Monaco.editor.IStandaloneCodeEditor, monaco: typeof Monaco) => {
    bridge.attach(editor, monaco);
    // The e2e suite and screenshot script set editor text through this handle (typing fights auto-close).
    (window as unknown as { __dynascopeEditor?: unknown }).__dynascopeEditor = editor;
    if (monacoRef.current) return;
    monacoRef.current = monaco;
    registerSqlCompletion(monaco, {
      catalog: () => catalogRef.current,
      attributes: async (statement) => {
        const cat = catalogRef.current;
        for (const ref of relationsInScope(statement)) {
          const table = cat?.tables.find((t) => t.name === ref.name && (!ref.schema || t.schema === ref.schema));
          const key = table ? `${table.schema}.${table.name}` : '';
          if (!table?.server || !table.dynamoTable || attrCache.current.has(key)) continue;
          try {
            attrCache.current.set(key, (await api.describe(table.server, table.dynamoTable)).attributes);
          } catch {
            attrCache.current.set(key, []);
          }
        }
        return attrCache.current;
      },
    });
  }, [bridge]);

  // Editor / results splitter.
  const startDrag = (e: React.MouseEvent) => {
    e.preventDefault();
    const el = mainRef.current;
    if (!el) return;
    const target = e.currentTarget as HTMLElement;
    target.classList.add('dragging');
    const rect = el.getBoundingClientRect();
    const move = (ev: MouseEvent) => setEditorFraction(Math.min(0.8, Math.max(0.18, (ev.clientY - rect.top) / rect.height)));
    const up = () => {
      target.classList.remove('dragging');
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const previewing = running && run.kind === 'run';
  const activeStatement = previewing
    ? (run.preview[run.progress?.statementIndex ?? 0] ?? null)
    : run && run.activeIndex < run.statements.length
      ? run.statements[run.activeIndex]!.stmt
      : (run?.statements.at(-1)?.stmt ?? null);

  return (
    <div className="app">
      <TopBar
        running={running}
        online={online}
        offlineReason={catalogError}
        theme={ws.theme}
        threshold={ws.scanRcuThreshold}
        onRun={() => void execute('current')}
        onRunAll={() => void execute('all')}
        onExplain={() => void execute('explain')}
        onCancel={cancel}
        onThreshold={(n) => setWs((w) => ({ ...w, scanRcuThreshold: n }))}
        onToggleTheme={toggleTheme}
        onHelp={() => setHelp(true)}
      />

      <div className="body">
        <nav className="sidebar">
          <div className="side-tabs">
            <button className={`side-tab${sideTab === 'schema' ? ' on' : ''}`} onClick={() => setSideTab('schema')}>
              Explorer
            </button>
            <button className={`side-tab${sideTab === 'history' ? ' on' : ''}`} onClick={() => setSideTab('history')} data-testid="history-tab">
              History<span className="count">{ws.history.length || ''}</span>
            </button>
            <button className={`side-tab${sideTab === 'examples' ? ' on' : ''}`} onClick={() => setSideTab('examples')} data-testid="examples-tab">
              Examples
            </button>
          </div>
          <div className="side-body">
            {sideTab === 'schema' ? (
              <SchemaTree catalog={catalog} error={catalogError} onQueryTable={queryTable} onRefresh={loadCatalog} />
            ) : sideTab === 'history' ? (
              <HistoryList history={ws.history} onPick={openTab} />
            ) : (
              <ExamplesList
                examples={examples}
                onPick={(e) => openTab(`-- ${e.title ?? e.name ?? 'Example'}\n${e.description ? e.description.split('\n').map((l) => `-- ${l}`).join('\n') + '\n' : ''}${e.sql.trim()}\n`)}
              />
            )}
          </div>
          <div className="side-foot">
            <button className="btn" onClick={() => setDesigner(true)} data-testid="open-designer">
              <Icon name="wand" size={13} /> New foreign table
            </button>
          </div>
        </nav>

        <div className="main" ref={mainRef} style={{ gridTemplateRows: `${editorFraction}fr 6px ${1 - editorFraction}fr` }}>
          <div className="editor-area">
            <EditorTabs
              tabs={ws.tabs}
              activeId={activeTab.id}
              isRunning={(id) => runs[id]?.status === 'running'}
              onSelect={(id) => setWs((w) => ({ ...w, activeTabId: id }))}
              onRename={(id, title) => setWs((w) => ({ ...w, tabs: w.tabs.map((x) => (x.id === id ? { ...x, title } : x)) }))}
              onClose={closeTab}
              onNew={() => openTab('')}
            />
            <div className="editor-host" data-testid="editor">
              <SqlEditor key={activeTab.id} tabId={activeTab.id} initialValue={activeTab.sql} theme={ws.theme} onChange={setTabSql} commands={commands} onReady={onEditorReady} />
            </div>
          </div>
          <div className="splitter" onMouseDown={startDrag} />
          <div className="lower">
            <ResultsPane
              run={run}
              catalog={catalog}
              onSelect={(i) => updateRun(activeTab.id, (r) => ({ ...r, activeIndex: i }))}
              onCancel={cancel}
              onNextPage={(i) => void nextPage(i)}
              onExport={(i, f) => void exportResult(i, f)}
              onOpenJson={(s, r, c) => {
                const cell = cellAt(s, r, c);
                if (cell && cell.value !== null) setJson({ title: `${cell.column.name} · row ${r + 1}`, value: cell.value });
              }}
              onCellMenu={(s, x, y, r, c) => setMenu({ x, y, stmt: s, row: r, col: c })}
              onCopyCell={copyCell}
              exporting={exporting}
            />
            <PlanPanel statement={activeStatement} mode={previewing ? 'preview' : run?.kind === 'explain' ? 'explain' : 'result'} onExplain={() => void execute('explain')} busy={running} />
          </div>
        </div>
      </div>

      {menu ? (
        <CellMenu
          x={menu.x}
          y={menu.y}
          canOpenJson={(() => {
            const v = cellAt(menu.stmt, menu.row, menu.col)?.value;
            return v !== null && v !== undefined && typeof v === 'object';
          })()}
          onClose={() => setMenu(null)}
          onAction={(action) => cellAction(action, menu)}
        />
      ) : null}

      {guard ? (
        <CostGuardDialog
          decision={guard.decision}
          threshold={ws.scanRcuThreshold}
          onThreshold={(n) => setWs((w) => ({ ...w, scanRcuThreshold: n }))}
          onConfirm={() => guard.resolve(true)}
          onCancel={() => guard.resolve(false)}
        />
      ) : null}
      {designer ? (
        <Designer
          catalog={catalog}
          onClose={() => setDesigner(false)}
          runSql={runSqlForDesigner}
          onCreated={(query) => {
            loadCatalog();
            if (query) {
              openTab(query);
              notify('Foreign table created');
            }
          }}
        />
      ) : null}
      {help ? <ShortcutsHelp onClose={() => setHelp(false)} /> : null}
      {json ? <JsonViewer title={json.title} value={json.value} onClose={() => setJson(null)} onCopy={(t) => copy(t, 'JSON')} /> : null}
      {toast ? <div className="toast" role="status">{toast}</div> : null}
    </div>
  );
}
