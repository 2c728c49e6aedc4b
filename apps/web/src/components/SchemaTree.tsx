import { useState } from 'react';
import type { CatalogSnapshot, CatalogTable, WireScriptResult } from '../api/wire';
import { treeDialog, type TreeDialog } from '../catalog-menu/tree-dialog';
import type { TreeAction, TreeNode } from '../catalog-menu/tree-node';
import { alterEditor, type ServerEditorState } from '../servers/server-editor-reducer';
import { Icon, type IconName } from './Icon';
import { TableImport } from './ImportDialog';
import { KeyBadge } from './KeyBadge';
import { ServerList } from './servers/ServerList';
import { DdlDialog } from './tree/DdlDialog';
import { DropDialog } from './tree/DropDialog';
import { TableInspector } from './tree/TableInspector';
import { contextMenuOf, TreeMenu, TreeMenuButton, type OpenTreeMenu } from './tree/TreeMenu';

interface SchemaTreeProps {
  readonly catalog: CatalogSnapshot | null;
  readonly error: string | null;
  readonly onQueryTable: (table: CatalogTable) => void;
  readonly onRefresh: () => void;
  /** Runs the server editor's and the menus' SQL (kept in the history, secrets redacted). */
  readonly runSql: (sql: string) => Promise<WireScriptResult>;
  /** Opens SQL in a new editor tab (a DDL). */
  readonly onOpenSql: (sql: string) => void;
  /** Opens the designer on a foreign table to change it (ALTER), at one of its columns or none. */
  readonly onEditTable: (table: CatalogTable, column: string | null) => void;
  /** The active editor tab's session (an Import runs in it). */
  readonly session: string;
}

/** A button on a tree row that acts without opening or closing the row. */
function RowAction(props: { icon: IconName; title: string; onClick: () => void; testId?: string }) {
  return (
    <button
      className="btn ghost sm row-action"
      onClick={(e) => {
        e.stopPropagation();
        props.onClick();
      }}
      title={props.title}
      data-testid={props.testId}
    >
      <Icon name={props.icon} size={10} />
    </button>
  );
}

function TableNode({
  table,
  onQuery,
  onImport,
  onMenu,
}: {
  table: CatalogTable;
  onQuery: () => void;
  onImport: () => void;
  onMenu: (open: OpenTreeMenu) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div
        className="tree-row"
        style={{ paddingLeft: 26 }}
        onClick={() => setOpen(!open)}
        onDoubleClick={onQuery}
        {...contextMenuOf({ kind: 'table', table }, onMenu)}
        data-testid="tree-table"
        data-table={`${table.schema}.${table.name}`}
        title={table.dynamoTable ? `DynamoDB table ${table.dynamoTable} on ${table.server}` : table.kind}
      >
        <span className={`chev${open ? ' open' : ''}`}>
          <Icon name="chevron" size={10} />
        </span>
        <span className="ico">
          <Icon name="table" size={13} />
        </span>
        <span className="name">{table.name}</span>
        <span className="meta hide-on-hover">{table.columns.length}</span>
        {table.kind === 'foreign' ? (
          <RowAction
            icon="arrowUp"
            title="Import a file into this table (COPY FROM STDIN)"
            onClick={onImport}
            testId="import-table"
          />
        ) : null}
        <RowAction icon="play" title="Query this table in a new tab" onClick={onQuery} />
        <TreeMenuButton node={{ kind: 'table', table }} onOpen={onMenu} />
      </div>
      {open
        ? table.columns.map((c) => (
            <div
              key={c.name}
              className="tree-row"
              style={{ paddingLeft: 58, cursor: 'default' }}
              data-testid="tree-column"
              {...(table.kind === 'foreign'
                ? contextMenuOf({ kind: 'column', table, column: c.name }, onMenu)
                : {})}
            >
              <span className="name" style={{ color: 'var(--text-2)' }}>
                {c.name}
              </span>
              {c.attribute !== undefined ? (
                <span
                  className="meta"
                  data-testid="tree-column-attribute"
                  title={`reads and writes the DynamoDB attribute ${c.attribute} (column option attribute)`}
                >
                  → {c.attribute}
                </span>
              ) : null}
              <KeyBadge role={c.keyRole} catchAll={c.catchAll} />
              <span className="meta">{c.type.replace('timestamp with time zone', 'timestamptz')}</span>
              {table.kind === 'foreign' ? (
                <TreeMenuButton node={{ kind: 'column', table, column: c.name }} onOpen={onMenu} />
              ) : null}
            </div>
          ))
        : null}
    </>
  );
}

function SchemaNode({
  schema,
  tables,
  onQuery,
  onImport,
  onMenu,
  initiallyOpen,
}: {
  schema: string;
  tables: CatalogTable[];
  onQuery: (t: CatalogTable) => void;
  onImport: (t: CatalogTable) => void;
  onMenu: (open: OpenTreeMenu) => void;
  initiallyOpen: boolean;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <>
      <div
        className="tree-row"
        onClick={() => setOpen(!open)}
        data-testid="tree-schema"
        data-schema={schema}
        {...contextMenuOf({ kind: 'schema', schema }, onMenu)}
      >
        <span className={`chev${open ? ' open' : ''}`}>
          <Icon name="chevron" size={10} />
        </span>
        <span className="ico">
          <Icon name="folder" size={13} />
        </span>
        <span className="name" style={{ fontWeight: 550 }}>
          {schema}
        </span>
        <span className="meta">{tables.length}</span>
        <TreeMenuButton node={{ kind: 'schema', schema }} onOpen={onMenu} />
      </div>
      {open ? (
        tables.length ? (
          tables.map((t) => (
            <TableNode
              key={t.name}
              table={t}
              onQuery={() => onQuery(t)}
              onImport={() => onImport(t)}
              onMenu={onMenu}
            />
          ))
        ) : (
          <div className="tree-empty" style={{ paddingLeft: 48 }}>
            No tables
          </div>
        )
      ) : null}
    </>
  );
}

/** Servers, then schemas → foreign tables → columns with key badges. */
export function SchemaTree({
  catalog,
  error,
  onQueryTable,
  onRefresh,
  runSql,
  onOpenSql,
  onEditTable,
  session,
}: SchemaTreeProps) {
  const [importing, setImporting] = useState<CatalogTable | null>(null);
  const [menu, setMenu] = useState<OpenTreeMenu | null>(null);
  const [dialog, setDialog] = useState<TreeDialog | null>(null);
  const [editingServer, setEditingServer] = useState<ServerEditorState | null>(null);
  const act = (node: TreeNode, action: TreeAction) => {
    const d = treeDialog(node, action);
    if (d?.kind === 'query') onQueryTable(d.table);
    else if (d?.kind === 'import') setImporting(d.table);
    else if (d?.kind === 'edit-table') onEditTable(d.table, d.column);
    else if (d?.kind === 'edit-server') {
      const server = catalog?.servers.find((s) => s.name === d.server);
      if (server) setEditingServer(alterEditor(server));
    } else setDialog(d);
  };
  if (error)
    return (
      <div className="tree-empty" style={{ color: 'var(--danger)' }}>
        Catalog unavailable: {error}
      </div>
    );
  if (!catalog) return <div className="tree-empty">Loading catalog…</div>;
  const schemas = [...new Set([...catalog.schemas, ...catalog.tables.map((t) => t.schema)])].filter(
    (s) => s !== 'public' || catalog.tables.some((t) => t.schema === 'public'),
  );
  return (
    <div data-testid="schema-tree">
      <ServerList
        catalog={catalog}
        runSql={runSql}
        onRefresh={onRefresh}
        onMenu={setMenu}
        editing={editingServer}
        onEditing={setEditingServer}
      />
      <div className="section-title">Schemas</div>
      {schemas.map((schema) => (
        <SchemaNode
          key={schema}
          schema={schema}
          tables={catalog.tables.filter((t) => t.schema === schema)}
          onQuery={onQueryTable}
          onImport={setImporting}
          onMenu={setMenu}
          initiallyOpen={catalog.tables.some((t) => t.schema === schema && t.kind === 'foreign')}
        />
      ))}
      {importing ? (
        <TableImport table={importing} session={session} onClose={() => setImporting(null)} />
      ) : null}
      {menu ? <TreeMenu open={menu} onAction={act} onClose={() => setMenu(null)} /> : null}
      {dialog?.kind === 'ddl' ? (
        <DdlDialog
          target={dialog.target}
          title={dialog.title}
          onOpen={onOpenSql}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'drop' ? (
        <DropDialog
          node={dialog.node}
          runSql={runSql}
          onDropped={onRefresh}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'inspect' ? (
        <TableInspector server={dialog.server} table={dialog.table} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
