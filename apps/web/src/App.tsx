import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, newRequestId } from './api/client';
import type { CatalogTable, WireScriptResult } from './api/wire';
import type { JsonValue } from './api/lossless-json';
import { useCatalog } from './app/use-catalog';
import { useCompletion } from './app/use-completion';
import { useGridEdit } from './app/use-grid-edit';
import { useGuardPrompt } from './app/use-guard-prompt';
import { useExport } from './app/use-export';
import { useRunner } from './app/use-runner';
import { usePanels } from './app/use-panels';
import { useSavedResults } from './app/use-saved-results';
import { useShortcuts } from './app/use-shortcuts';
import { useSplit } from './app/use-split';
import { useToast } from './app/use-toast';
import { useWorkspace } from './app/use-workspace';
import { EditorBridge } from './editor/editor-bridge';
import { readsUndescribedTable } from './edit/reads-undescribed-table';
import { exampleSql } from './examples/example-sql';
import { mayChangeSearchPath } from './completion/search-path';
import { formatSql } from './format/format-sql';
import type { Shortcut } from './keyboard/shortcut';
import {
  cellAt,
  copyText,
  jsonTitle,
  jsonViewed,
  opensAsJson,
  type CellAction,
  type CellRef,
} from './results/cell-copy';
import { planPanelStatement } from './run/plan-panel-statement';
import { qualifiedName } from './sql/identifiers';
import { redactedOf, redactText, type SentSecrets } from './sql/redactions';
import { historyEntry } from './state/history-entry';
import { changesCatalog } from './state/run-view';
import { loadResults } from './state/saved-results';
import { newId } from './state/workspace';
import { CellMenu } from './components/CellMenu';
import { CostGuardDialog } from './components/CostGuardDialog';
import { Designer } from './components/Designer';
import { EditorTabs } from './components/EditorTabs';
import { EditReviewDialog } from './components/EditReviewDialog';
import { JsonViewer } from './components/JsonViewer';
import { PlanPanel } from './components/PlanPanel';
import { ResultsPane } from './components/ResultsPane';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { ConnectDialog } from './components/ConnectDialog';
import { useConnectionInfo } from './app/use-connection-info';
import { Sidebar } from './components/Sidebar';
import { SqlEditor } from './components/SqlEditor';
import { TopBar } from './components/TopBar';
import { NO_DEMO_WELCOME_SQL, WELCOME_SQL } from './welcome-sql';
import { welcomeToReplace } from './welcome-to-replace';

type CellMenuState = CellRef & { readonly x: number; readonly y: number };

/** The workbench's layout, wired to its state (reducers under state/ and run/) and its I/O (hooks under app/). */
export function App() {
  const [ws, dispatch] = useWorkspace(WELCOME_SQL);
  const [restoredRuns] = useState(() =>
    loadResults(
      localStorage,
      ws.tabs.map((t) => t.id),
    ),
  );
  const catalog = useCatalog();
  // Without the demo the welcome's queries fail: it points to adding a server instead.
  const welcome = welcomeToReplace(ws.tabs, catalog.catalog);
  useEffect(() => {
    if (welcome)
      dispatch({ type: 'tab-replaced', id: welcome, freshId: newId('t'), sql: NO_DEMO_WELCOME_SQL });
  }, [welcome, dispatch]);
  const { toast, notify } = useToast();
  const guard = useGuardPrompt();
  const [designer, setDesigner] = useState(false);
  /** The foreign table the designer changes (the tree's Edit), or null for a new design. */
  const [editingTable, setEditingTable] = useState<{ table: CatalogTable; column: string | null } | null>(
    null,
  );
  const [help, setHelp] = useState(false);
  const [connectOpen, setConnectOpen] = useState(false);
  const connection = useConnectionInfo(connectOpen);
  const [json, setJson] = useState<{ title: string; value: JsonValue } | null>(null);
  const [menu, setMenu] = useState<CellMenuState | null>(null);
  const mainRef = useRef<HTMLDivElement>(null);
  const split = useSplit(mainRef);

  const [bridge] = useState(() => new EditorBridge());
  const activeTab = ws.tabs.find((t) => t.id === ws.activeTabId) ?? ws.tabs[0]!;
  const completion = useCompletion(bridge, catalog.catalog, ws.activeTabId, notify);

  const openTab = useCallback(
    (sql: string) => dispatch({ type: 'tab-opened', id: newId('t'), sql }),
    [dispatch],
  );

  /** Keeps a run in the history as the engine redacted it; without its answer there is no text to keep. */
  const recordHistory = useCallback(
    (sql: string | null, result: WireScriptResult | null, error?: string) => {
      if (sql !== null)
        dispatch({ type: 'run-recorded', entry: historyEntry(newId('h'), Date.now(), sql, result, error) });
    },
    [dispatch],
  );

  /** The open editor gets an undoable edit (its change event saves the tab); another tab only its saved text. */
  const redactSent = (tabId: string, sent: SentSecrets, stored: boolean) => {
    const saved = ws.tabs.find((t) => t.id === tabId)?.sql ?? '';
    const open = ws.activeTabId === tabId;
    if (!(open ? bridge.redactSecrets(sent) > 0 : redactText(saved, sent) !== saved)) return;
    if (!open) dispatch({ type: 'tab-redacted', id: tabId, sent });
    notify(
      stored
        ? 'The secret is in the vault now; it was removed from the editor'
        : 'The secret was removed from the editor (Ctrl+Z brings it back)',
    );
  };

  const runner = useRunner({
    bridge,
    activeTabId: ws.activeTabId,
    threshold: ws.scanRcuThreshold,
    catalog: catalog.catalog,
    confirm: guard.confirm,
    onFinished: (tabId, sql, result, error) => {
      recordHistory(sql, result, error);
      // A SET (or a failed statement, which may roll one back) may change the tab's search path.
      if (result?.statements.some((st) => mayChangeSearchPath(st.command)) || result?.error)
        completion.forgetSearchPath(tabId);
      if (
        result?.statements.some((st) => changesCatalog(st.command)) ||
        (result && readsUndescribedTable(result.statements, catalog.catalog))
      )
        catalog.reload();
    },
    notify,
    onSecretsSent: redactSent,
    initialRuns: restoredRuns,
  });
  const { runs, execute, cancel } = runner;
  const exporter = useExport({ guard: runner.guard, notify });
  useSavedResults(
    runs,
    ws.tabs.map((t) => t.id),
  );
  const run = runs[activeTab.id] ?? null;
  const running = run?.status === 'running';
  const panels = usePanels();
  const gridEdit = useGridEdit({
    tabId: activeTab.id,
    run,
    catalog: catalog.catalog,
    notify,
    onRowsEdited: runner.editRows,
    onRan: (sql, result) => recordHistory(sql, result),
  });

  const copy = useCallback(
    (text: string, what: string) => {
      void navigator.clipboard.writeText(text).then(
        () => notify(`${what} copied`),
        () => notify('Clipboard unavailable'),
      );
    },
    [notify],
  );

  const openJson = (ref: CellRef) => {
    const cell = cellAt(run, ref);
    const value = cell && jsonViewed(cell.value);
    if (cell && value !== null) setJson({ title: jsonTitle(cell, ref), value });
  };
  const cellAction = (action: CellAction, ref: CellRef) => {
    const cell = cellAt(run, ref);
    if (!cell) return;
    if (action === 'open-json') openJson(ref);
    else {
      const { text, what } = copyText(action, cell);
      copy(text, what);
    }
  };

  const runSqlForDesigner = useCallback(
    async (sql: string) => {
      const result = await api.sql(sql, newRequestId());
      recordHistory(redactedOf(result)?.redactedSql ?? null, result);
      return result;
    },
    [recordHistory],
  );

  /** A tab opened to run at once (a saved query with its values): it runs when its editor is ready. */
  const runWhenReady = useRef<string | null>(null);
  const openAndRun = useCallback(
    (sql: string) => {
      const id = newId('t');
      runWhenReady.current = id;
      dispatch({ type: 'tab-opened', id, sql });
    },
    [dispatch],
  );
  const onEditorReady: typeof completion.onEditorReady = (editor, monaco) => {
    completion.onEditorReady(editor, monaco);
    if (runWhenReady.current !== activeTab.id) return;
    runWhenReady.current = null;
    void execute('all');
  };

  const queryTable = (t: CatalogTable) =>
    openTab(`select *\nfrom ${qualifiedName(t.schema, t.name)}\nlimit 100;\n`);

  const closeTab = useCallback(
    (id: string) => dispatch({ type: 'tab-closed', id, freshId: newId('t') }),
    [dispatch],
  );
  const formatEditor = useCallback(() => {
    try {
      const what = bridge.rewrite(formatSql);
      if (what) notify(what === 'selection' ? 'Selection formatted' : 'SQL formatted (Ctrl+Z undoes it)');
    } catch (e) {
      notify(`Could not format: ${(e as Error).message.split('\n')[0]}`);
    }
    bridge.focus();
  }, [bridge, notify]);

  useShortcuts(
    () => running,
    (s: Shortcut) => {
      const tabs = ws.tabs;
      if (s.type === 'cancel') cancel();
      else if (s.type === 'new-tab') openTab('');
      else if (s.type === 'close-tab') closeTab(ws.activeTabId);
      else if (s.type === 'designer') setDesigner(true);
      else if (s.type === 'theme') dispatch({ type: 'theme-toggled' });
      else if (s.type === 'select-tab') {
        const tab = tabs[s.index];
        if (tab) dispatch({ type: 'tab-selected', id: tab.id });
      } else if (s.type === 'help') setHelp(true);
      else void execute(s.mode);
    },
  );

  const commands = useMemo(
    () => ({
      runCurrent: () => void execute('current'),
      runAll: () => void execute('all'),
      explain: () => void execute('explain'),
      format: formatEditor,
      closeTab: () => closeTab(ws.activeTabId),
      toggleTheme: () => dispatch({ type: 'theme-toggled' }),
    }),
    [execute, formatEditor, closeTab, ws.activeTabId, dispatch],
  );

  const plan = planPanelStatement(run);
  const setThreshold = (rcu: number) => dispatch({ type: 'threshold-set', rcu });

  return (
    <div className="app">
      <TopBar
        running={running}
        online={catalog.online}
        offlineReason={catalog.error}
        theme={ws.theme}
        threshold={ws.scanRcuThreshold}
        onRun={commands.runCurrent}
        onRunAll={commands.runAll}
        onExplain={commands.explain}
        onCancel={cancel}
        onThreshold={setThreshold}
        onToggleTheme={() => dispatch({ type: 'theme-toggled' })}
        onHelp={() => setHelp(true)}
        onConnect={() => setConnectOpen(true)}
      />

      <div className={`body${panels.sidebar ? '' : ' side-collapsed'}`}>
        <Sidebar
          catalog={catalog.catalog}
          catalogError={catalog.error}
          history={ws.history}
          currentSql={activeTab.sql}
          currentSession={activeTab.id}
          examples={catalog.examples}
          examplesError={catalog.examplesError}
          onQueryTable={queryTable}
          onRefresh={catalog.reload}
          onOpen={openTab}
          onOpenAndRun={openAndRun}
          onPickExample={(e) => openTab(exampleSql(e))}
          onDesigner={() => setDesigner(true)}
          runSql={runSqlForDesigner}
          onEditTable={(table, column) => {
            setEditingTable({ table, column });
            setDesigner(true);
          }}
          session={activeTab.id}
        />

        <div
          className="main"
          ref={mainRef}
          style={{ gridTemplateRows: `${split.fraction}fr 6px ${1 - split.fraction}fr` }}
        >
          <div className="editor-area">
            <EditorTabs
              tabs={ws.tabs}
              activeId={activeTab.id}
              isRunning={(id) => runs[id]?.status === 'running'}
              onSelect={(id) => dispatch({ type: 'tab-selected', id })}
              onRename={(id, title) => dispatch({ type: 'tab-renamed', id, title })}
              onClose={closeTab}
              onNew={() => openTab('')}
              onFormat={formatEditor}
            />
            <div className="editor-host" data-testid="editor">
              <SqlEditor
                key={activeTab.id}
                tabId={activeTab.id}
                initialValue={activeTab.sql}
                theme={ws.theme}
                onChange={(sql) => dispatch({ type: 'tab-edited', id: activeTab.id, sql })}
                commands={commands}
                onReady={onEditorReady}
              />
            </div>
          </div>
          <div className="splitter" onMouseDown={split.startDrag} />
          <div className={`lower${panels.plan ? '' : ' plan-collapsed'}`}>
            <ResultsPane
              run={run}
              catalog={catalog.catalog}
              onSelect={runner.selectStatement}
              onCancel={cancel}
              onNextPage={(i) => void runner.nextPage(i)}
              onExport={(i, f) => {
                const statement = run?.statements[i]?.stmt.sql;
                if (statement) void exporter.start(activeTab.id, statement, f);
              }}
              onCancelExport={exporter.cancel}
              onDismissExport={exporter.dismiss}
              onOpenJson={(stmt, row, col) => openJson({ stmt, row, col })}
              onCellMenu={(stmt, x, y, row, col) => setMenu({ x, y, stmt, row, col })}
              onCopyCell={(stmt, row, col) => cellAction('copy-value', { stmt, row, col })}
              copyExport={exporter.state}
              onCopyText={copy}
              onEdit={gridEdit.open}
              onSample={gridEdit.sample}
              panels={panels}
              session={activeTab.id}
            />
            <PlanPanel
              statement={plan.statement}
              mode={plan.mode}
              statementIndex={plan.statementIndex}
              estimatedWcu={plan.estimatedWcu}
              guardSamplingRcu={plan.guardSamplingRcu}
              pages={plan.pages}
              stoppedRcu={plan.stoppedRcu}
              stoppedItemsScanned={plan.stoppedItemsScanned}
              onExplain={commands.explain}
              busy={running}
            />
          </div>
        </div>
      </div>

      {menu ? (
        <CellMenu
          x={menu.x}
          y={menu.y}
          canOpenJson={opensAsJson(cellAt(run, menu)?.value)}
          onClose={() => setMenu(null)}
          onAction={(action) => cellAction(action, menu)}
        />
      ) : null}
      {guard.prompt ? (
        <CostGuardDialog
          decision={guard.prompt.decision}
          threshold={ws.scanRcuThreshold}
          onThreshold={setThreshold}
          onConfirm={() => guard.prompt?.resolve(true)}
          onCancel={() => guard.prompt?.resolve(false)}
        />
      ) : null}
      {designer ? (
        <Designer
          catalog={catalog.catalog}
          editing={editingTable?.table ?? null}
          focusColumn={editingTable?.column ?? null}
          onClose={() => {
            setDesigner(false);
            setEditingTable(null);
          }}
          runSql={runSqlForDesigner}
          onCreated={(query) => {
            catalog.reload();
            if (query) {
              openTab(query);
              notify('Foreign table created');
            }
          }}
        />
      ) : null}
      {gridEdit.review ? (
        <EditReviewDialog
          review={gridEdit.review}
          onApply={() => void gridEdit.apply()}
          onClose={gridEdit.close}
        />
      ) : null}
      {help ? <ShortcutsHelp onClose={() => setHelp(false)} /> : null}
      {connectOpen ? (
        <ConnectDialog
          info={connection.info}
          error={connection.error}
          pageHost={location.hostname}
          onCopy={copy}
          onClose={() => setConnectOpen(false)}
        />
      ) : null}
      {json ? (
        <JsonViewer
          title={json.title}
          value={json.value}
          onClose={() => setJson(null)}
          onCopy={(t) => copy(t, 'JSON')}
        />
      ) : null}
      {toast ? (
        <div className="toast" role="status">
          {toast}
        </div>
      ) : null}
    </div>
  );
}
