import type { ReactNode } from 'react';
import type { CatalogSnapshot, WireScriptResult } from '../api/wire';
import { useDesigner } from '../app/use-designer';
import type { DesignerMode } from '../designer/designer-reducer';
import {
  createdTableQuery,
  importedQuery,
  importScript,
  serverScript,
  tableScript,
} from '../designer/designer-sql';
import { ImportPicker, ImportSql } from './designer/ImportPicker';
import { NewServerForm, ServerSql } from './designer/NewServerForm';
import { ServerPicker } from './designer/ServerPicker';
import { TableColumns } from './designer/TableColumns';
import { TableOptions } from './designer/TableOptions';
import { Modal } from './Modal';

interface DesignerProps {
  readonly catalog: CatalogSnapshot | null;
  readonly onClose: () => void;
  /** Runs generated SQL (recorded in history as the engine redacted it). */
  readonly runSql: (sql: string) => Promise<WireScriptResult>;
  readonly onCreated: (query: string | null) => void;
}

/** Visual design of foreign tables, servers and schema imports; the SQL is always shown first. */
export function Designer({ catalog, onClose, runSql, onCreated }: DesignerProps) {
  const { state, dispatch, existing, run } = useDesigner(catalog, runSql);
  const servers = catalog?.servers ?? [];
  const part = { state, dispatch };
  const { mode, busy, schema, tableName, serverForm } = state;
  const tableSql = tableScript(state, catalog?.schemas ?? []);
  const importSql = importScript(state);

  const columns: Record<DesignerMode, [ReactNode, ReactNode]> = {
    server: [
      <NewServerForm {...part} />,
      <ServerSql sql={serverScript(state, servers, true)} message={state.message} />,
    ],
    import: [<ImportPicker {...part} existing={existing} />, <ImportSql {...part} sql={importSql} />],
    table: [
      <TableColumns {...part} />,
      <TableOptions {...part} sql={tableSql} exists={existing.has(`${schema}.${tableName}`)} />,
    ],
  };
  const [middle, right] = columns[mode];

  const footer =
    mode === 'server' ? (
      <button
        className="btn primary"
        disabled={busy || !serverForm.name || !serverForm.accessKeyId || !serverForm.secretAccessKey}
        onClick={async () => {
          if (await run(serverScript(state, servers), { type: 'server-created', name: serverForm.name }))
            onCreated(null);
        }}
      >
        Create server
      </button>
    ) : mode === 'import' ? (
      <button
        className="btn primary"
        disabled={busy || !state.importSel.length}
        onClick={async () => {
          if (!(await run(importSql, { type: 'succeeded' }))) return;
          onCreated(importedQuery(state));
          onClose();
        }}
        data-testid="run-import"
      >
        Import {state.importSel.length} table{state.importSel.length === 1 ? '' : 's'}
      </button>
    ) : (
      <button
        className="btn primary"
        disabled={busy || !state.desc || !tableName}
        data-testid="create-table"
        onClick={async () => {
          if (!(await run(tableSql, { type: 'succeeded' }))) return;
          onCreated(createdTableQuery(state));
          onClose();
        }}
      >
        {busy ? 'Creating…' : 'Create foreign table'}
      </button>
    );

  const modeButton = (m: DesignerMode, label: string, testId?: string) => (
    <button
      className={mode === m ? 'on' : ''}
      onClick={() => dispatch({ type: 'mode-chosen', mode: m })}
      disabled={m !== 'server' && !servers.length}
      data-testid={testId}
    >
      {label}
    </button>
  );

  return (
    <Modal
      label="Table designer"
      size="wide"
      title="Table designer"
      subtitle="Map DynamoDB tables to Postgres foreign tables. The SQL is shown before anything runs."
      onClose={onClose}
      footer={
        <>
          <span className="left">Runs in your workbench session · recorded in history</span>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          {footer}
        </>
      }
    >
      <div style={{ padding: '12px 18px 0' }}>
        <div className="seg">
          {modeButton('table', 'Foreign table')}
          {modeButton('import', 'Import schema', 'mode-import')}
          {modeButton('server', 'Server')}
        </div>
      </div>
      <datalist id="schemas">
        {(catalog?.schemas ?? []).map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <div className="designer">
        <div className="col">
          <ServerPicker {...part} servers={servers} />
        </div>
        <div className="col">{middle}</div>
        <div className="col">{right}</div>
      </div>
    </Modal>
  );
}
