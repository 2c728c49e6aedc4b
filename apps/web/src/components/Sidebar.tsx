import { useState } from 'react';
import type { CatalogSnapshot, CatalogTable, ExampleSnippet, WireScriptResult } from '../api/wire';
import type { HistoryEntry } from '../state/workspace';
import { ExamplesList } from './ExamplesList';
import { HistoryList } from './HistoryList';
import { Icon } from './Icon';
import { SchemaTree } from './SchemaTree';
import { SavedQueriesList } from '../saved/SavedQueriesList';

interface SidebarProps {
  readonly catalog: CatalogSnapshot | null;
  readonly catalogError: string | null;
  readonly history: readonly HistoryEntry[];
  readonly examples: readonly ExampleSnippet[] | null;
  readonly examplesError: string | null;
  readonly onQueryTable: (t: CatalogTable) => void;
  readonly onRefresh: () => void;
  /** Opens SQL (from history) in a new tab. */
  readonly onOpen: (sql: string) => void;
  /** Opens SQL in a new tab and runs it (a saved query with its parameters' values). */
  readonly onOpenAndRun: (sql: string) => void;
  readonly onPickExample: (e: ExampleSnippet) => void;
  readonly onDesigner: () => void;
  /** Runs SQL the sidebar generates (the server editor's, the tree menus' drops). */
  readonly runSql: (sql: string) => Promise<WireScriptResult>;
  /** Opens the designer on a foreign table to change it (the tree's Edit). */
  readonly onEditTable: (table: CatalogTable, column: string | null) => void;
  /** The active editor tab's SQL and session (Saved's "Save current"). */
  readonly currentSql: string;
  readonly currentSession: string;
  /** The active editor tab's session (the tree's Import runs in it). */
  readonly session: string;
}

/** The left column: explorer, history, saved queries or examples, and the designer's button. */
export function Sidebar(p: SidebarProps) {
  const [tab, setTab] = useState<'schema' | 'history' | 'saved' | 'examples'>('schema');
  const sideTab = (id: typeof tab, label: React.ReactNode, testId?: string) => (
    <button className={`side-tab${tab === id ? ' on' : ''}`} onClick={() => setTab(id)} data-testid={testId}>
      {label}
    </button>
  );
  return (
    <nav className="sidebar">
      <div className="side-tabs">
        {sideTab('schema', 'Explorer')}
        {sideTab(
          'history',
          <>
            History<span className="count">{p.history.length || ''}</span>
          </>,
          'history-tab',
        )}
        {sideTab('saved', 'Saved', 'saved-tab')}
        {sideTab('examples', 'Examples', 'examples-tab')}
      </div>
      {/* One scroller per tab: History opens at its newest entry, not at the Explorer's scroll offset. */}
      <div className="side-body" key={tab} data-testid="side-body">
        {tab === 'schema' ? (
          <SchemaTree
            catalog={p.catalog}
            error={p.catalogError}
            onQueryTable={p.onQueryTable}
            onRefresh={p.onRefresh}
            runSql={p.runSql}
            onOpenSql={p.onOpen}
            onEditTable={p.onEditTable}
            session={p.session}
          />
        ) : tab === 'history' ? (
          <HistoryList history={p.history} onPick={p.onOpen} onRun={p.onOpenAndRun} />
        ) : tab === 'saved' ? (
          <SavedQueriesList
            currentSql={p.currentSql}
            currentSession={p.currentSession}
            onOpen={p.onOpen}
            onRun={p.onOpenAndRun}
          />
        ) : (
          <ExamplesList examples={p.examples} error={p.examplesError} onPick={p.onPickExample} />
        )}
      </div>
      <div className="side-foot">
        <button className="btn" onClick={p.onDesigner} data-testid="open-designer">
          <Icon name="wand" size={13} /> New foreign table
        </button>
      </div>
    </nav>
  );
}
