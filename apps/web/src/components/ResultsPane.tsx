import { consumedPrice, estimatedPrice } from '@dynascope/contract';
import { useId, type KeyboardEvent } from 'react';
import { useNow } from '../app/use-now';
import type { CatalogSnapshot } from '../api/wire';
import type { TableSample } from '../designer/sample-line';
import type { EditRequest } from '../edit/edit-request';
import { editability, type EditTarget } from '../edit/edit-target';
import type { CopyExport } from '../copy/export-reducer';
import { wholeTableOf, type ExportFormat } from '../copy/export-sql';
import { formatBytes } from '../format/format-bytes';
import { formatCount, formatDuration, formatRcu } from '../format/format-cell';
import { formatRate } from '../format/format-rate';
import { tabListTarget } from '../keyboard/tab-list-keys';
import { droppedRowsNote, restoredNote } from '../format/restored-note';
import { columnBadges } from '../plan/plan-view';
import { nextPageEstimate, nextPageLabel } from '../plan/next-page-estimate';
import { explainReadNote } from '../plan/sampling-note';
import { cancelledCost } from '../run/cancellation';
import type { RunView, StatementView } from '../state/run-view';
import { CancelledBox } from './CancelledBox';
import { Icon } from './Icon';
import { ResultGrid } from './ResultGrid';
import { PriceLabel } from '../price/PriceLabel';
import { TabTotalLabel } from '../price/TabTotalLabel';
import { runSpend, tabSpend } from '../price/tab-spend';
import { completionText } from '../results/completion-text';
import { throttledRetriesText, throttleStatus } from '../format/format-throttles';

interface ResultsPaneProps {
  readonly run: RunView | null;
  readonly catalog: CatalogSnapshot | null;
  readonly onSelect: (index: number) => void;
  readonly onCancel: () => void;
  readonly onNextPage: (index: number) => void;
  /** Runs the statement again as `COPY ... TO STDOUT` into a file. */
  readonly onExport: (index: number, format: ExportFormat) => void;
  readonly onCancelExport: () => void;
  readonly onDismissExport: () => void;
  readonly onOpenJson: (index: number, row: number, col: number) => void;
  readonly onCellMenu: (index: number, x: number, y: number, row: number, col: number) => void;
  readonly onCopyCell: (index: number, row: number, col: number) => void;
  /** The last export, shown until dismissed. */
  readonly copyExport: CopyExport | null;
  /** Copies text (a block of cells as TSV) to the clipboard. */
  readonly onCopyText: (text: string, what: string) => void;
  /** An edit asked of a statement's grid (its SQL is previewed and run by the app). */
  readonly onEdit?: (index: number, request: EditRequest) => void;
  readonly onSample?: (target: EditTarget) => Promise<TableSample>;
  /** Hides and shows the side panels so the results have room. */
  /** The editor tab (session) the run belongs to: its running price total. */
  readonly session?: string;
  readonly panels?: {
    readonly sidebar: boolean;
    readonly plan: boolean;
    readonly onToggle: (panel: 'sidebar' | 'plan') => void;
  };
}

/** Buttons that hide and show the sidebar and the plan panel. */
function PanelToggles({ panels }: { panels: NonNullable<ResultsPaneProps['panels']> }) {
  const toggles = [
    { panel: 'sidebar', icon: 'panelLeft', what: 'the sidebar' },
    { panel: 'plan', icon: 'panelRight', what: 'the plan panel' },
  ] as const;
  return (
    <span className="panel-toggles">
      {toggles.map(({ panel, icon, what }) => {
        const label = `${panels[panel] ? 'Hide' : 'Show'} ${what}`;
        return (
          <button
            key={panel}
            className={`btn ghost icon sm${panels[panel] ? '' : ' off'}`}
            onClick={() => panels.onToggle(panel)}
            title={label}
            aria-label={label}
            aria-pressed={!panels[panel]}
            data-testid={`toggle-${panel}`}
          >
            <Icon name={icon} size={14} />
          </button>
        );
      })}
    </span>
  );
}

/** The export's progress line while it writes, then how it ended. */
function ExportStatus({
  e,
  onCancel,
  onDismiss,
}: {
  e: CopyExport;
  onCancel: () => void;
  onDismiss: () => void;
}) {
  const elapsed = Math.max(0, useNow(500) - e.startedAt) / 1000;
  const amount = `${formatCount(e.rows)} rows · ${formatBytes(e.bytes)}`;
  return (
    <div className={`export-status ${e.status}`} data-testid="export-status" data-status={e.status}>
      {e.status === 'running' ? <span className="spinner" style={{ width: 10, height: 10 }} /> : null}
      <Icon name={e.status === 'failed' ? 'alert' : 'download'} size={12} />
      <span data-testid="export-progress">
        {e.status === 'running'
          ? `Exporting ${e.fileName}: ${amount} · ${elapsed.toFixed(1)} s`
          : e.status === 'done'
            ? `Exported ${amount} to ${e.fileName}`
            : e.status === 'cancelled'
              ? `Export cancelled after ${amount}`
              : `Export failed after ${amount}: ${e.error}`}
      </span>
      <span className="spacer" />
      {e.status === 'running' ? (
        <button className="btn sm danger" onClick={onCancel} data-testid="cancel-export">
          <Icon name="stop" size={11} /> Cancel
        </button>
      ) : (
        <button className="btn sm ghost" onClick={onDismiss} data-testid="dismiss-export" title="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}

function Progress({ run, onCancel }: { run: RunView; onCancel: () => void }) {
  const p = run.progress;
  const elapsed = Math.max(0, useNow(200) - run.startedAt) / 1000;
  const rate = p ? formatRate(p) : null;
  const throttled = p ? throttleStatus(p) : null;
  return (
    <div className="progress" data-testid="progress">
      <div className="progress-card">
        <div className="progress-top">
          <span className="spinner" />
          <span>
            {/* A throttle before the first page reports relation ''. */}
            {p?.relation ? (
              <>
                Reading <code>{p.relation}</code>
              </>
            ) : run.kind === 'explain' ? (
              'Planning…'
            ) : (
              'Running…'
            )}
          </span>
          {throttled ? (
            <span style={{ color: 'var(--amber)' }} data-testid="progress-throttle">
              {throttled}
            </span>
          ) : null}
          <span style={{ marginLeft: 'auto' }}>
            <button className="btn sm danger" onClick={onCancel} data-testid="cancel-run">
              <Icon name="stop" size={11} /> Cancel
            </button>
          </span>
        </div>
        <div className="progress-stats">
          <div>
            <span>Items scanned</span>
            <b data-testid="progress-items">{formatCount(p?.itemsScanned ?? 0)}</b>
          </div>
          <div>
            <span>RCU so far</span>
            <b data-testid="progress-rcu">{formatRcu(p?.consumedRcu ?? 0)}</b>
          </div>
          {rate ? (
            <div>
              <span>Rate</span>
              <b data-testid="progress-rate">{rate}</b>
            </div>
          ) : null}
          <div>
            <span>Elapsed</span>
            <b>{elapsed.toFixed(1)} s</b>
          </div>
        </div>
        <div className="bar">
          <i />
        </div>
      </div>
    </div>
  );
}

/** The export buttons: each runs the statement again as `COPY ... TO STDOUT` in its format. */
const EXPORTS: readonly { format: ExportFormat; label: string; title: string }[] = [
  {
    format: 'csv',
    label: 'CSV',
    title: 'The whole result as CSV with a header (COPY ... WITH (FORMAT csv, HEADER))',
  },
  {
    format: 'text',
    label: 'Text',
    title: "The whole result in Postgres's text format (tab-separated, \\N for NULL)",
  },
  {
    format: 'dynamodb_json',
    label: 'DDB JSON',
    title: 'Every item exactly as DynamoDB holds it, one {"Item": ...} per line, as AWS exports to S3',
  },
];

function StatementBody(props: ResultsPaneProps & { view: StatementView; index: number; explain: boolean }) {
  const { view, index, catalog, explain } = props;
  const { stmt } = view;
  const badges = columnBadges(stmt.columns, stmt.plan?.scans ?? [], catalog);
  const estimate = nextPageEstimate(stmt.plan, view.consumedRcu, view.pages);
  const dropped = props.run?.restored?.rowsDropped ?? null;
  const rowsNote = view.cursor
    ? 'rows loaded, more available'
    : view.firstPageOnly
      ? 'rows kept of the first page, more were available'
      : view.rows.length === 1
        ? 'row'
        : 'rows';
  return (
    <>
      <div className="result-bar" data-testid="result-bar">
        {explain ? <span className="cmd">EXPLAIN</span> : null}
        {explain ? (
          <>
            <span className="stat">{explainReadNote(stmt.plan)}</span>
            <PriceLabel price={estimatedPrice(stmt.plan)} prefix="estimated ≈" />
          </>
        ) : (
          <>
            {dropped && stmt.columns.length ? (
              <span className="stat">rows not kept</span>
            ) : (
              <span className="stat">
                <b data-testid="row-count">{formatCount(view.rows.length)}</b>
                {stmt.columns.length
                  ? rowsNote
                  : stmt.rowCount !== null
                    ? `(${formatCount(stmt.rowCount)} affected)`
                    : ''}
              </span>
            )}
            <span className="stat">
              <Icon name="clock" size={12} /> <b>{formatDuration(stmt.durationMs)}</b>
            </span>
            <span className="stat" title="Read capacity units consumed">
              <Icon name="bolt" size={12} /> <b data-testid="consumed-rcu">{formatRcu(view.consumedRcu)}</b>{' '}
              RCU
            </span>
            <PriceLabel price={consumedPrice(stmt.plan, view.consumedRcu)} />
            {throttledRetriesText(stmt) ? (
              <span
                className="stat"
                style={{ color: 'var(--amber)' }}
                title="DynamoDB throttled these requests; each was sent again after a backoff"
                data-testid="throttled-retries"
              >
                {throttledRetriesText(stmt)}
              </span>
            ) : null}
            {props.session && props.run ? <TabTotalLabel session={props.session} run={props.run} /> : null}
          </>
        )}
        {/* One group: a narrow bar wraps it whole to a line of its own, not CSV on one line and Text on the next. */}
        <span className="bar-actions">
          {view.cursor && !explain ? (
            <button
              className="btn sm"
              onClick={() => props.onNextPage(index)}
              disabled={view.loading}
              data-testid="next-page"
            >
              <Icon name="next" size={12} />{' '}
              {view.loading ? 'Loading…' : `Load next page (${nextPageLabel(estimate, formatRcu)})`}
            </button>
          ) : null}
          {stmt.columns.length && !explain && !dropped ? (
            <>
              {EXPORTS.filter((x) => x.format !== 'dynamodb_json' || wholeTableOf(stmt.sql)).map((x) => (
                <button
                  key={x.format}
                  className="btn sm"
                  onClick={() => props.onExport(index, x.format)}
                  disabled={props.copyExport?.status === 'running'}
                  title={x.title}
                  data-testid={`export-${x.format}`}
                >
                  <Icon name="download" size={12} /> {x.label}
                </button>
              ))}
            </>
          ) : null}
        </span>
      </div>
      {props.copyExport && !explain ? (
        <ExportStatus
          e={props.copyExport}
          onCancel={props.onCancelExport}
          onDismiss={props.onDismissExport}
        />
      ) : null}
      {stmt.notices.length ? (
        <div className="notices" role="status" data-testid="notices">
          <Icon name="info" size={13} />
          <ul>
            {stmt.notices.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {stmt.columns.length && !explain && dropped ? (
        <div className="empty-state" data-testid="rows-dropped">
          <div>
            <div className="empty-ill">
              <Icon name="history" size={20} />
            </div>
            <h3>Rows not kept after the reload</h3>
            <p>{droppedRowsNote(dropped)}</p>
          </div>
        </div>
      ) : stmt.columns.length && !explain ? (
        <ResultGrid
          key={`${props.run?.id}-${index}`}
          columns={stmt.columns}
          rows={view.rows}
          badges={badges}
          more={view.cursor ? 'next-page' : view.firstPageOnly ? 'run-again' : 'none'}
          onOpenJson={(r, c) => props.onOpenJson(index, r, c)}
          onContextMenu={(x, y, r, c) => props.onCellMenu(index, x, y, r, c)}
          onCopyCell={(r, c) => props.onCopyCell(index, r, c)}
          onCopyText={props.onCopyText}
          {...(props.onEdit && props.run?.kind === 'run'
            ? { edit: editability(stmt, catalog), onEdit: (req: EditRequest) => props.onEdit?.(index, req) }
            : {})}
          {...(props.onSample && { onSample: props.onSample })}
        />
      ) : (
        <div className="empty-state">
          <div>
            <div className="empty-ill">
              <Icon name={explain ? 'plan' : 'bolt'} size={20} />
            </div>
            <h3>{explain ? 'Plan ready' : `${stmt.command} completed`}</h3>
            <p>
              {explain
                ? 'The plan panel shows how this statement would read DynamoDB.'
                : completionText(stmt.command, stmt.rowCount, formatCount)}
            </p>
          </div>
        </div>
      )}
    </>
  );
}

/** Result tabs (one per statement), the grid, live progress and the error box. */
export function ResultsPane(props: ResultsPaneProps) {
  const { run } = props;
  const now = useNow(60_000);
  const panelId = useId();
  if (!run) {
    return (
      <section className="results">
        {props.panels ? (
          <div className="result-tabs">
            <PanelToggles panels={props.panels} />
          </div>
        ) : null}
        <div className="empty-state">
          <div>
            <div className="empty-ill">
              <Icon name="play" size={18} />
            </div>
            <h3>Run a statement</h3>
            <p>
              <span className="kbd">Ctrl</span> <span className="kbd">Enter</span> runs the statement under
              the cursor, <span className="kbd">Shift</span> <span className="kbd">Enter</span> runs
              everything. Each statement gets its own result tab.
            </p>
          </div>
        </div>
      </section>
    );
  }
  const cancelled = cancelledCost(run);
  // The failing (or cancelled) statement's tab comes after those that ran.
  const errorTab = run.error || cancelled ? run.statements.length : -1;
  const active = Math.min(run.activeIndex, run.statements.length - (errorTab >= 0 ? 0 : 1));
  const view = run.statements[active];
  // Every run shown counts in its tab's total, one that failed or was cancelled before any result too.
  if (props.session) tabSpend.record(props.session, run.id, runSpend(run));
  // A tab list (WAI-ARIA tabs): the shown tab is selected and the one in the Tab order; arrows move.
  const tabCount = run.statements.length + (errorTab >= 0 ? 1 : 0);
  const tab = (i: number) => ({
    role: 'tab',
    id: `${panelId}-tab-${i}`,
    'aria-selected': i === active,
    'aria-controls': panelId,
    tabIndex: i === active ? 0 : -1,
    onClick: () => props.onSelect(i),
  });
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const to = tabListTarget(e.key, active, tabCount);
    if (to === null) return;
    e.preventDefault();
    props.onSelect(to);
    e.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')[to]?.focus();
  };
  return (
    <section className="results" data-testid="results" data-run-id={run.id} data-status={run.status}>
      <div className="result-tabs">
        <div className="rtab-list" role="tablist" aria-label="Statement results" onKeyDown={onTabKey}>
          {run.statements.map((s, i) => (
            <button
              key={i}
              className={`rtab${i === active ? ' on' : ''}`}
              {...tab(i)}
              data-testid="result-tab"
            >
              {run.kind === 'explain' ? 'Plan' : s.stmt.command || 'Result'}{' '}
              <span className="n">{i + 1}</span>
            </button>
          ))}
          {cancelled ? (
            <button
              className={`rtab cancelled${active === errorTab ? ' on' : ''}`}
              {...tab(errorTab)}
              data-testid="cancelled-tab"
            >
              <Icon name="stop" size={11} /> Cancelled <span className="n">{errorTab + 1}</span>
            </button>
          ) : run.error ? (
            <button className={`rtab err${active === errorTab ? ' on' : ''}`} {...tab(errorTab)}>
              <Icon name="alert" size={12} /> Error <span className="n">{errorTab + 1}</span>
            </button>
          ) : null}
        </div>
        {run.restored ? (
          <span
            className="restored-note"
            data-testid="restored-note"
            title="Read back from this browser's storage after a reload: the first page of rows, no cursor."
          >
            <Icon name="history" size={12} />
            {restoredNote(run.restored.at, now)}
          </span>
        ) : null}
        {props.panels ? <PanelToggles panels={props.panels} /> : null}
        {run.status === 'running' ? (
          <span className="rtab on">
            <span className="spinner" style={{ width: 10, height: 10 }} />{' '}
            {run.kind === 'explain' ? 'Planning' : 'Running'}
          </span>
        ) : null}
      </div>
      <div className="rtab-panel" role="tabpanel" id={panelId} aria-labelledby={`${panelId}-tab-${active}`}>
        {run.status === 'running' ? (
          <Progress run={run} onCancel={props.onCancel} />
        ) : active === errorTab && cancelled ? (
          <CancelledBox cost={cancelled} />
        ) : active === errorTab && run.error ? (
          <div className="error-box" data-testid="error-box">
            {run.error.sqlstate ? <span className="code">{run.error.sqlstate}</span> : null}
            <div className="msg">{run.error.message}</div>
            {run.error.detail ? <div className="hint">{run.error.detail}</div> : null}
            {run.error.hint ? <div className="hint">Hint: {run.error.hint}</div> : null}
            {run.error.position ? (
              <div className="hint">
                At character {run.error.position} of the statement
                {run.restored ? '.' : ' — marked in the editor.'}
              </div>
            ) : null}
          </div>
        ) : view ? (
          <StatementBody {...props} view={view} index={active} explain={run.kind === 'explain'} />
        ) : (
          <div className="empty-state">
            <p>Nothing to show.</p>
          </div>
        )}
      </div>
    </section>
  );
}
