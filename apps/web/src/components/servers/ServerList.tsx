import { isProductionEnvironment } from '@dynascope/contract';
import type { CatalogServer, CatalogSnapshot, WireScriptResult } from '../../api/wire';
import { useServerIdentities } from '../../app/use-server-identities';
import { alterEditor, createEditor, type ServerEditorState } from '../../servers/server-editor-reducer';
import { Icon } from '../Icon';
import { contextMenuOf, TreeMenuButton, type OpenTreeMenu } from '../tree/TreeMenu';
import { ServerEditor } from './ServerEditor';
import { ServerIdentityBadge } from './ServerIdentityBadge';

interface ServerListProps {
  readonly catalog: CatalogSnapshot;
  readonly runSql: (sql: string) => Promise<WireScriptResult>;
  /** Reloads the catalog (after a server was created or changed, or on demand). */
  readonly onRefresh: () => void;
  /** Opens a server's menu (right-click or its ⋯ button). */
  readonly onMenu: (open: OpenTreeMenu) => void;
  /** The server editor's state when open (the tree's Edit opens it too). */
  readonly editing: ServerEditorState | null;
  readonly onEditing: (state: ServerEditorState | null) => void;
}

/** The schema tree's servers: who each one is, the fix when its credentials fail, and the editor. */
export function ServerList({
  catalog,
  runSql,
  onRefresh,
  onMenu,
  editing,
  onEditing: setEditing,
}: ServerListProps) {
  const identities = useServerIdentities(catalog.servers);
  const edit = (server: CatalogServer) => setEditing(alterEditor(server));
  return (
    <>
      <div className="section-title">
        Servers
        <span>
          <button
            className="btn ghost sm icon"
            style={{ width: 22, height: 20 }}
            onClick={() => setEditing(createEditor())}
            title="New server"
            data-testid="add-server"
          >
            <Icon name="plus" size={12} />
          </button>
          <button
            className="btn ghost sm icon"
            style={{ width: 22, height: 20 }}
            onClick={onRefresh}
            title="Reload catalog"
          >
            <Icon name="refresh" size={12} />
          </button>
        </span>
      </div>
      {catalog.servers.length ? (
        catalog.servers.map((s) => {
          const state = identities[s.name];
          return (
            <div key={s.name} data-testid="tree-server" data-server={s.name}>
              <div
                className="tree-row"
                onClick={() => edit(s)}
                {...contextMenuOf({ kind: 'server', server: s }, onMenu)}
                title={`Edit ${s.name}\n${Object.entries(s.options)
                  .map(([k, v]) => `${k} = ${v}`)
                  .join('\n')}`}
              >
                <span className="chev" />
                <span className="ico">
                  <Icon name="server" size={13} />
                </span>
                <span className="name">{s.name}</span>
                {isProductionEnvironment(s.options.environment) ? (
                  <span
                    className="env-badge prod"
                    title="environment 'production': every write asks first"
                    data-testid="production-badge"
                  >
                    PROD
                  </span>
                ) : null}
                <span className="meta">{s.options.region ?? ''}</span>
                <TreeMenuButton node={{ kind: 'server', server: s }} onOpen={onMenu} />
              </div>
              <div className="server-identity">
                <ServerIdentityBadge state={state} />
              </div>
              {state?.status === 'failed' ? (
                <div
                  className="server-fix"
                  data-testid="server-fix"
                  title={[state.message, state.hint].filter(Boolean).join('\n')}
                >
                  {state.hint ?? state.message}
                </div>
              ) : null}
            </div>
          );
        })
      ) : (
        <div className="tree-empty">No servers yet</div>
      )}
      {editing ? (
        <ServerEditor
          initial={editing}
          servers={catalog.servers}
          runSql={runSql}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onRefresh();
          }}
        />
      ) : null}
    </>
  );
}
