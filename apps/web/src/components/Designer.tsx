import { useEffect, useRef, type ReactNode } from 'react';
import type { CatalogSnapshot, CatalogTable, WireScriptResult } from '../api/wire';
import { useDesigner } from '../app/use-designer';
import { alterTableSql } from '../designer/alter-design';
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
  /** A foreign table to change (ALTER) instead of designing a new one. */
  readonly editing?: CatalogTable | null;
  /** The column of `editing` whose name takes the focus once the table is described (the tree's Edit on a column). */
  readonly focusColumn?: string | null;
}

/** Visual design of foreign tables, servers and schema imports; the SQL is always shown first. */
export function Designer({
  catalog,
  onClose,
  runSql,
  onCreated,
  editing = null,
  focusColumn = null,
}: DesignerProps) {
  const { state, dispatch, existing, run } = useDesigner(catalog, runSql, editing);
  const body = useRef<HTMLDivElement>(null);
  const focusAttribute = state.columns.find((c) => focusColumn !== null && c.from === focusColumn)?.attribute;
  const described = state.desc !== null;
  useEffect(() => {
    if (!described || focusAttribute === undefined) return;
    body.current
      ?.querySelector<HTMLInputElement>(`[aria-label="column name for ${CSS.escape(focusAttribute)}"]`)
      ?.focus();
  }, [described, focusAttribute]);
  const servers = catalog?.servers ?? [];
  const part = { state, dispatch };
  const { mode, busy, schema, tableName, serverForm } = state;
  const { origin } = state;
  const alterSql = origin
    ? alterTableSql(origin, {
        schema,
        name: tableName,
        columns: state.columns,
        catchAll: state.catchAll && state.catchAllName ? state.catchAllName : null,
        consistentRead: state.consistent,
      })
    : '';
  const tableSql = origin ? alterSql || '-- nothing changed yet' : tableScript(state, catalog?.schemas ?? []);
  const renamedOnto =
    existing.has(`${schema}.${tableName}`) &&
    (!origin || `${origin.schema}.${origin.name}` !== `${schema}.${tableName}`);
  const importSql = importScript(state);

  const columns: Record<DesignerMode, [ReactNode, ReactNode]> = {
    server: [
      <NewServerForm {...part} />,
      <ServerSql sql={serverScript(state, servers, true)} message={state.message} />,
    ],
    import: [<ImportPicker {...part} existing={existing} />, <ImportSql {...part} sql={importSql} />],
    table: [<TableColumns {...part} />, <TableOptions {...part} sql={tableSql} exists={renamedOnto} />],
  };
  const [middle, right] = columns[mode];

  const footer = origin ? (
    <button
      className="btn primary"
      disabled={busy || !alterSql || renamedOnto}
      data-testid="apply-alter"
      onClick={async () => {
        if (!(await run(alterSql, { type: 'succeeded' }))) return;
        onCreated(null);
        onClose();
      }}
    >
      {busy ? 'Applying…' : 'Apply changes'}
    </button>
  ) : mode === 'server' ? (
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
      title={origin ? `Edit foreign table ${origin.schema}.${origin.name}` : 'Table designer'}
      subtitle={
        origin
          ? 'Change its columns, their attributes and options: the ALTER statements are shown before anything runs.'
          : 'Map DynamoDB tables to Postgres foreign tables. The SQL is shown before anything runs.'
      }
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
      {origin ? null : (
        <div style={{ padding: '12px 18px 0' }}>
          <div className="seg">
            {modeButton('table', 'Foreign table')}
            {modeButton('import', 'Import schema', 'mode-import')}
            {modeButton('server', 'Server')}
          </div>
        </div>
      )}
      <datalist id="schemas">
        {(catalog?.schemas ?? []).map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <div className="designer" ref={body}>
        <div className="col">
          {origin ? (
            <div className="pad" data-testid="alter-origin">
              <div className="h3">Server</div>
              <div className="tree-empty" style={{ padding: 0 }}>
                {state.server}
              </div>
              <div className="h3" style={{ marginTop: 12 }}>
                DynamoDB table
              </div>
              <div className="tree-empty" style={{ padding: 0 }}>
                {state.dynamoTable}
              </div>
            </div>
          ) : (
            <ServerPicker {...part} servers={servers} />
          )}
        </div>
        <div className="col">{middle}</div>
        <div className="col">{right}</div>
      </div>
    </Modal>
  );
}
