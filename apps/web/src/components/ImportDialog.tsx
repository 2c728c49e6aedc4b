import type { CatalogTable } from '../api/wire';
import { useImport } from '../app/use-import';
import type { ImportOptions } from '../copy/import-sql';
import type { ImportState } from '../copy/import-reducer';
import type { ExportFormat } from '../copy/export-sql';
import { cancelledLine, doneLine, importProgressLine } from '../copy/import-progress';
import { previewTable } from '../copy/preview-items';
import { formatBytes } from '../format/format-bytes';
import { formatCount } from '../format/format-cell';
import { Icon } from './Icon';
import { Modal } from './Modal';
import './import-dialog.css';

interface ImportDialogProps {
  /** The foreign table written (`public.users`). */
  readonly table: string;
  readonly state: ImportState;
  /** The COPY that will run. */
  readonly sql: string;
  readonly onChoose: (file: File | null) => void;
  readonly onOptions: (options: Partial<ImportOptions>) => void;
  readonly onCheck: () => void;
  readonly onImport: () => void;
  readonly onCancel: () => void;
  readonly onClose: () => void;
}

const FORMATS: readonly { value: ExportFormat; label: string }[] = [
  { value: 'csv', label: 'CSV' },
  { value: 'text', label: 'Text (tab-separated)' },
  { value: 'dynamodb_json', label: 'DynamoDB JSON (AWS export)' },
];

/** Progress while the file is sent, then checked, then written (copy/import-progress.ts says it). */
function Progress({ state }: { state: ImportState }) {
  const line = importProgressLine(state);
  return (
    <div className="import-progress" data-testid="import-progress">
      {line.text}
      <div className="meter">
        <i style={{ width: `${Math.round(line.share * 100)}%` }} />
      </div>
    </div>
  );
}

/** The check's answer: rows, the WCU the writes will use, and the first items as they will be written. */
function Preview({ state }: { state: ImportState }) {
  const p = state.preview!;
  const table = previewTable(p.sample);
  return (
    <>
      <div className="import-summary" data-testid="import-summary">
        <span>
          <b data-testid="import-rows">{formatCount(p.rowCount)}</b> rows
        </span>
        <span>
          ~<b data-testid="import-wcu">{formatCount(p.estimatedWcu)}</b> WCU
          {p.table
            ? ` to ${p.table}${p.indexes.length ? ` and its indexes ${p.indexes.join(', ')}` : ', no secondary index'}`
            : ''}
        </span>
        {p.sample.length < p.rowCount ? <span>first {p.sample.length} shown</span> : null}
      </div>
      {table.columns.length ? (
        <div className="import-preview">
          <table data-testid="import-preview">
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) =>
                    cell === null ? (
                      <td key={j} className="missing">
                        missing
                      </td>
                    ) : (
                      <td key={j} title={cell}>
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/**
 * Import a file into a foreign table: choose it and its format, Check (a dry run: every row checked,
 * the first items as they will be written and the WCU estimate, nothing written), then Import — both
 * with their progress (the upload's, then the rows checked and written) and Cancel; an error names
 * the line (and column) as Postgres does.
 */
export function ImportDialog(props: ImportDialogProps) {
  const { state } = props;
  const busy = state.phase === 'checking' || state.phase === 'importing';
  const tabular = state.options.format !== 'dynamodb_json';
  return (
    <Modal
      label="Import"
      title={`Import into ${props.table}`}
      subtitle="COPY FROM STDIN: every row is checked before the first is written"
      icon={<Icon name="arrowUp" size={18} />}
      size="wide"
      onClose={props.onClose}
      footer={
        <>
          <span className="left">
            {state.file ? `${state.file.name} · ${formatBytes(state.file.size)}` : ''}
          </span>
          {busy ? (
            <button className="btn danger" onClick={props.onCancel} data-testid="import-cancel">
              Cancel
            </button>
          ) : (
            <>
              <button className="btn" onClick={props.onClose} data-testid="import-close">
                Close
              </button>
              <button
                className={`btn${state.preview ? '' : ' primary'}`}
                onClick={props.onCheck}
                disabled={!state.file}
                data-testid="import-check"
              >
                Check
              </button>
              {state.preview && state.phase !== 'done' ? (
                <button className="btn primary" onClick={props.onImport} data-testid="import-run">
                  Import {formatCount(state.preview.rowCount)} rows
                </button>
              ) : null}
            </>
          )}
        </>
      }
    >
      <div className="dialog-body import-body">
        <div className="import-options">
          <div className="field">
            <label htmlFor="import-file">File</label>
            <input
              id="import-file"
              type="file"
              accept=".csv,.txt,.tsv,.json,.jsonl,.ndjson"
              disabled={busy}
              onChange={(e) => props.onChoose(e.target.files?.[0] ?? null)}
              data-testid="import-file"
            />
          </div>
          <div className="field">
            <label htmlFor="import-format">Format</label>
            <select
              id="import-format"
              className="input"
              value={state.options.format}
              disabled={busy}
              onChange={(e) => props.onOptions({ format: e.target.value as ExportFormat })}
              data-testid="import-format"
            >
              {FORMATS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          {tabular ? (
            <>
              <label className="check">
                <input
                  type="checkbox"
                  checked={state.options.header}
                  disabled={busy}
                  onChange={(e) => props.onOptions({ header: e.target.checked })}
                  data-testid="import-header"
                />
                Header line names the columns
              </label>
              <div className="field">
                <label htmlFor="import-delimiter">Delimiter</label>
                <input
                  id="import-delimiter"
                  className="input"
                  value={state.options.delimiter === '\t' ? '\\t' : state.options.delimiter}
                  maxLength={2}
                  disabled={busy}
                  onChange={(e) =>
                    props.onOptions({ delimiter: e.target.value === '\\t' ? '\t' : e.target.value })
                  }
                  data-testid="import-delimiter"
                />
              </div>
            </>
          ) : null}
        </div>
        {state.file ? (
          <code className="import-sql" data-testid="import-sql">
            {props.sql}
          </code>
        ) : null}
        {busy ? <Progress state={state} /> : null}
        {state.phase === 'cancelled' ? (
          <div className="import-progress" data-testid="import-cancelled">
            {cancelledLine(state)}
          </div>
        ) : null}
        {state.error ? (
          <div className="import-error" role="alert" data-testid="import-error">
            <b>{state.error.message}</b>
            {state.error.context ? (
              <code data-testid="import-error-context">{state.error.context}</code>
            ) : null}
            {state.error.hint ? <div>{state.error.hint}</div> : null}
          </div>
        ) : null}
        {state.result ? (
          <div className={`import-done${state.result.held ? ' held' : ''}`} data-testid="import-done">
            {doneLine(state.result)}
          </div>
        ) : null}
        {state.preview ? <Preview state={state} /> : null}
      </div>
    </Modal>
  );
}

/** The Import dialog of one foreign table, wired to its uploads. */
export function TableImport({
  table,
  session,
  onClose,
}: {
  table: CatalogTable;
  /** The active editor tab's session, which the import runs in. */
  session: string;
  onClose: () => void;
}) {
  const imp = useImport(table, session);
  return (
    <ImportDialog
      table={`${table.schema}.${table.name}`}
      state={imp.state}
      sql={imp.sql}
      onChoose={imp.choose}
      onOptions={imp.setOptions}
      onCheck={imp.check}
      onImport={imp.run}
      onCancel={imp.cancel}
      onClose={() => {
        imp.cancel();
        onClose();
      }}
    />
  );
}
